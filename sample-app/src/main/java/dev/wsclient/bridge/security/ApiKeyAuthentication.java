package dev.wsclient.bridge.security;

import java.util.Collection;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
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
		return (presented != null) ? Mono.just(new Presented(presented)) : Mono.empty();
	}

	@Override
	public Mono<Authentication> authenticate(Authentication authentication) {
		if (!(authentication instanceof Presented presented)) {
			return Mono.empty();
		}
		ApiKeys.Verified verified = this.keys.verify(presented.key);
		if (verified == null) {
			String id = ApiKeys.claimedId(presented.key);
			if (logger.isDebugEnabled()) {
				logger.debug("Refused API key '" + id + "': unknown id or wrong secret");
			}
			return Mono.error(new BadCredentialsException("Invalid API key '" + id + "'"));
		}
		return Mono.just(new ApiKeyToken(verified.id(), verified.authorities()));
	}

	/**
	 * A key as presented, not yet checked.
	 */
	private static final class Presented extends AbstractAuthenticationToken {

		private static final long serialVersionUID = 1L;

		private final transient String key;

		Presented(String key) {
			super((Collection<? extends GrantedAuthority>) null);
			this.key = key;
		}

		@Override
		public Object getCredentials() {
			return this.key;
		}

		@Override
		public Object getPrincipal() {
			return ApiKeys.claimedId(this.key);
		}

	}

	/**
	 * A checked key: its id is the principal, the secret is not kept.
	 */
	static final class ApiKeyToken extends AbstractAuthenticationToken {

		private static final long serialVersionUID = 1L;

		private final String id;

		ApiKeyToken(String id, Collection<? extends GrantedAuthority> authorities) {
			super(authorities);
			this.id = id;
			setAuthenticated(true);
		}

		@Override
		public Object getCredentials() {
			return "";
		}

		@Override
		public Object getPrincipal() {
			return this.id;
		}

		@Override
		public String getName() {
			return "api-key:" + this.id;
		}

	}

}
