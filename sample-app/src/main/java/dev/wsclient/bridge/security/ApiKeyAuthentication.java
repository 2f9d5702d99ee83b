package dev.wsclient.bridge.security;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;

/**
 * Authentication with an API key in the {@value #HEADER} header: reading the header, and
 * checking the key. The key's id names the caller in logs; its secret never appears.
 */
final class ApiKeyAuthentication implements ServerAuthenticationConverter, ReactiveAuthenticationManager {

	static final String HEADER = "X-API-Key";

	private static final Log logger = LogFactory.getLog(ApiKeyAuthentication.class);

	private final ApiKeys keys;

	ApiKeyAuthentication(ApiKeys keys) {
		this.keys = keys;
	}

	@Override
	public Mono<Authentication> convert(ServerWebExchange exchange) {
		String presented = exchange.getRequest().getHeaders().getFirst(HEADER);
		return (presented != null) ? Mono.just(new PresentedCredential(presented, ApiKeys.claimedId(presented)))
				: Mono.empty();
	}

	@Override
	public Mono<Authentication> authenticate(Authentication authentication) {
		if (!(authentication instanceof PresentedCredential presented)) {
			return Mono.empty();
		}
		ApiKeys.Verified verified = this.keys.verify(presented.value());
		if (verified == null) {
			String id = ApiKeys.claimedId(presented.value());
			if (logger.isDebugEnabled()) {
				logger.debug("Refused API key '" + id + "': unknown id or wrong secret");
			}
			return Mono.error(new BadCredentialsException("Invalid API key '" + id + "'"));
		}
		return Mono.just(new CheckedCaller("api-key:" + verified.id(), verified.authorities()));
	}

}
