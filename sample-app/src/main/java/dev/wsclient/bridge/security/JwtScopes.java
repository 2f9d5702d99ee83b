package dev.wsclient.bridge.security;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The scopes of a JWT: the {@code scope} claim (a space-separated string, RFC 8693) or
 * the {@code scp} claim (a string or a list, as some issuers write it).
 */
final class JwtScopes {

	private JwtScopes() {
	}

	static List<String> of(Jwt jwt) {
		for (String claim : List.of("scope", "scp")) {
			Object value = jwt.getClaims().get(claim);
			if (value instanceof String scopes) {
				return Arrays.stream(scopes.split(" ")).filter((scope) -> !scope.isBlank()).toList();
			}
			if (value instanceof Collection<?> scopes) {
				return scopes.stream().map(String::valueOf).toList();
			}
		}
		return List.of();
	}

}
