package dev.wsclient.bridge.security;

import java.util.Collection;
import java.util.Set;

import reactor.core.publisher.Mono;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authorization.AuthorizationContext;

/**
 * Who may read a client's stream and who may send to it, decided from the path's
 * {@code client} before the bridge looks the client up: a caller who may not read it
 * learns nothing, not even whether it exists.
 */
public final class StreamAccess {

	private static final String ALL = "*";

	private final Set<String> anonymousRead;

	/**
	 * Create the rules.
	 * @param anonymousRead the clients anyone may read, {@code *} for all
	 */
	public StreamAccess(Collection<String> anonymousRead) {
		this.anonymousRead = Set.copyOf(anonymousRead);
	}

	/**
	 * Return whether a caller may read a client's stream.
	 * @param caller the caller, anonymous or not
	 * @param client the client name
	 * @return whether anyone may, or the caller has a read grant for it
	 */
	public boolean canRead(Authentication caller, String client) {
		return isAnonymouslyReadable(client) || BridgeAuthorities.canRead(caller, client);
	}

	private boolean isAnonymouslyReadable(String client) {
		return this.anonymousRead.contains(ALL) || this.anonymousRead.contains(client);
	}

	ReactiveAuthorizationManager<AuthorizationContext> read() {
		return (authentication, context) -> decide(authentication, context, this::canRead);
	}

	ReactiveAuthorizationManager<AuthorizationContext> write() {
		return (authentication, context) -> decide(authentication, context, BridgeAuthorities::canWrite);
	}

	private static Mono<AuthorizationResult> decide(Mono<Authentication> authentication, AuthorizationContext context,
			Rule rule) {
		Object client = context.getVariables().get("client");
		if (!(client instanceof String name)) {
			return Mono.just(new AuthorizationDecision(false));
		}
		return authentication
			.map((caller) -> (AuthorizationResult) new AuthorizationDecision(rule.allows(caller, name)))
			.defaultIfEmpty(new AuthorizationDecision(false));
	}

	@FunctionalInterface
	private interface Rule {

		boolean allows(Authentication caller, String client);

	}

}
