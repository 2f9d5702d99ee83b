package dev.wsclient.bridge.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * What a caller may do, as authorities. JWT scopes and API key grants name the same
 * things:
 *
 * <table>
 * <caption>Scopes and grants</caption>
 * <tr>
 * <th>JWT scope</th>
 * <th>API key grant</th>
 * <th>allows</th>
 * </tr>
 * <tr>
 * <td>{@code bridge:read:<client>}</td>
 * <td>{@code read:<client>}</td>
 * <td>reading the client's stream</td>
 * </tr>
 * <tr>
 * <td>{@code bridge:read:*}</td>
 * <td>{@code read:*}</td>
 * <td>reading every stream</td>
 * </tr>
 * <tr>
 * <td>{@code bridge:write:<client>}</td>
 * <td>{@code write:<client>}</td>
 * <td>sending to the client</td>
 * </tr>
 * <tr>
 * <td>{@code bridge:write:*}</td>
 * <td>{@code write:*}</td>
 * <td>sending to every client</td>
 * </tr>
 * <tr>
 * <td>{@code bridge:monitor}</td>
 * <td>{@code monitor}</td>
 * <td>the actuator endpoints on the API port and health details</td>
 * </tr>
 * </table>
 */
public final class BridgeAuthorities {

	/** Prefix of the scopes, and of the authorities of the grants. */
	public static final String PREFIX = "bridge:";

	/** The monitor authority. */
	public static final String MONITOR = PREFIX + "monitor";

	/**
	 * The role that comes with the monitor authority, for Spring Boot's health details
	 * ({@code management.endpoint.health.roles}).
	 */
	public static final String MONITOR_ROLE = "BRIDGE_MONITOR";

	private static final String READ = "read:";

	private static final String WRITE = "write:";

	private static final String ALL = "*";

	private BridgeAuthorities() {
	}

	/**
	 * Return the authorities of an API key's grants.
	 * @param grants the grants, such as {@code read:prices} or {@code monitor}
	 * @return the authorities
	 */
	static List<GrantedAuthority> fromGrants(Collection<String> grants) {
		return fromScopes(grants.stream().map((grant) -> PREFIX + grant).toList());
	}

	/**
	 * Return the authorities of a token's scopes: each scope is an authority, and
	 * {@code bridge:monitor} brings its role.
	 * @param scopes the scopes
	 * @return the authorities
	 */
	static List<GrantedAuthority> fromScopes(Collection<String> scopes) {
		List<GrantedAuthority> authorities = new ArrayList<>();
		for (String scope : scopes) {
			authorities.add(new SimpleGrantedAuthority(scope));
			if (scope.equals(MONITOR)) {
				authorities.add(new SimpleGrantedAuthority("ROLE_" + MONITOR_ROLE));
			}
		}
		return authorities;
	}

	/**
	 * Check an API key grant.
	 * @param grant the grant
	 * @param clients the configured clients
	 * @return why it is not valid, or {@code null} when it is
	 */
	static @Nullable String problemWith(String grant, Set<String> clients) {
		if (grant.equals("monitor")) {
			return null;
		}
		String client = grant.startsWith(READ) ? grant.substring(READ.length())
				: grant.startsWith(WRITE) ? grant.substring(WRITE.length()) : null;
		if (client == null) {
			return "'" + grant + "' is not a grant: use read:<client>, write:<client>, read:*, write:* or monitor";
		}
		if (!client.equals(ALL) && !clients.contains(client)) {
			return "'" + grant + "' names a client that is not configured; the clients are " + clients;
		}
		return null;
	}

	/**
	 * Return whether an authentication allows reading a client's stream.
	 * @param authentication the caller
	 * @param client the client name
	 * @return whether it has the client's or the wildcard read authority
	 */
	public static boolean canRead(Authentication authentication, String client) {
		return has(authentication, PREFIX + READ + client) || has(authentication, PREFIX + READ + ALL);
	}

	/**
	 * Return whether an authentication allows sending to a client.
	 * @param authentication the caller
	 * @param client the client name
	 * @return whether it has the client's or the wildcard write authority
	 */
	public static boolean canWrite(Authentication authentication, String client) {
		return has(authentication, PREFIX + WRITE + client) || has(authentication, PREFIX + WRITE + ALL);
	}

	/**
	 * Return whether an authentication is a monitor.
	 * @param authentication the caller
	 * @return whether it has the monitor authority
	 */
	public static boolean isMonitor(Authentication authentication) {
		return has(authentication, MONITOR);
	}

	/**
	 * Return whether a caller is anonymous.
	 * @param authentication the caller
	 * @return whether it presented no credentials
	 */
	public static boolean isAnonymous(Authentication authentication) {
		return authentication instanceof AnonymousAuthenticationToken;
	}

	private static boolean has(Authentication authentication, String authority) {
		if (isAnonymous(authentication) || !authentication.isAuthenticated()) {
			return false;
		}
		for (GrantedAuthority granted : authentication.getAuthorities()) {
			if (authority.equals(granted.getAuthority())) {
				return true;
			}
		}
		return false;
	}

}
