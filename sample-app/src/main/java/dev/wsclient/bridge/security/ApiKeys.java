package dev.wsclient.bridge.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.GrantedAuthority;

/**
 * The API keys the bridge accepts: a key id, the SHA-256 of the key's secret and the
 * key's grants. A caller presents {@code <id>.<secret>}; the secret is hashed and
 * compared with the stored hash in constant time. SHA-256 rather than a deliberately slow
 * hash: the secrets are long random strings, not passwords, so a fast hash is as safe,
 * and a slow one per request would make every request cost tens of milliseconds of CPU.
 */
public final class ApiKeys {

	private static final byte[] NO_KEY = new byte[32];

	// What a key id may be (bridge.security.api-keys); anything else is not logged.
	private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	private final Map<String, Key> keys = new LinkedHashMap<>();

	/**
	 * Create the registry.
	 * @param keys the keys by id
	 */
	public ApiKeys(Map<String, Key> keys) {
		this.keys.putAll(keys);
	}

	/**
	 * Check API key grants against the configured clients.
	 * @param property the property the grants come from, named in the error
	 * @param grants the grants
	 * @param clients the configured clients
	 * @throws IllegalStateException naming the property and the grant when one is not
	 * valid
	 */
	public static void requireValidGrants(String property, List<String> grants, Set<String> clients) {
		for (String grant : grants) {
			String problem = BridgeAuthorities.problemWith(grant, clients);
			if (problem != null) {
				throw new IllegalStateException(property + ": " + problem);
			}
		}
	}

	/**
	 * Return the SHA-256 of a secret.
	 * @param secret the secret
	 * @return the hash
	 */
	public static byte[] sha256(String secret) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JVM has SHA-256", ex);
		}
	}

	/**
	 * Verify a presented key.
	 * @param presented {@code <id>.<secret>}
	 * @return the key's id and authorities, or {@code null} when the key is not valid
	 */
	@Nullable Verified verify(String presented) {
		int dot = presented.indexOf('.');
		String id = (dot > 0) ? presented.substring(0, dot) : "";
		String secret = (dot > 0) ? presented.substring(dot + 1) : presented;
		Key key = this.keys.get(id);
		// Hashed and compared whether or not the id exists, so that the answer takes
		// the same time either way.
		byte[] presentedSha256 = sha256(secret);
		boolean matches = (key != null) ? key.matches(presentedSha256) : MessageDigest.isEqual(presentedSha256, NO_KEY);
		return (key != null && matches) ? new Verified(id, key.authorities()) : null;
	}

	/**
	 * Return the id a presented key claims, for logs: never the secret.
	 * @param presented {@code <id>.<secret>}
	 * @return the id, or {@code "?"} when there is none
	 */
	static String claimedId(String presented) {
		int dot = presented.indexOf('.');
		String id = (dot > 0) ? presented.substring(0, dot) : "";
		return KEY_ID.matcher(id).matches() ? id : "?";
	}

	/**
	 * One key: the SHA-256 of its secret and what it may do.
	 */
	public static final class Key {

		private final byte[] sha256;

		private final List<GrantedAuthority> authorities;

		Key(byte[] sha256, List<GrantedAuthority> authorities) {
			this.sha256 = sha256.clone();
			this.authorities = List.copyOf(authorities);
		}

		/**
		 * Create a key from its configuration.
		 * @param sha256Hex the SHA-256 of its secret, in hexadecimal
		 * @param grants its grants, such as {@code read:prices}
		 * @return the key
		 */
		public static Key of(String sha256Hex, List<String> grants) {
			return new Key(HexFormat.of().parseHex(sha256Hex), BridgeAuthorities.fromGrants(grants));
		}

		boolean matches(byte[] presentedSha256) {
			return MessageDigest.isEqual(this.sha256, presentedSha256);
		}

		List<GrantedAuthority> authorities() {
			return this.authorities;
		}

	}

	/**
	 * A key that was verified.
	 *
	 * @param id its id
	 * @param authorities what it may do
	 */
	record Verified(String id, List<GrantedAuthority> authorities) {
	}

}
