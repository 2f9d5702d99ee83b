package dev.wsclient.bridge.security;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * An API key made at start-up, for trying the bridge out with nothing configured: used
 * only while {@code bridge.security.api-keys} is empty. The one place a secret is shown
 * is the log line that announces it, so that a developer can copy it.
 *
 * @param id the key id
 * @param secret the secret
 * @param grants what it may do
 */
public record GeneratedApiKey(String id, String secret, List<String> grants) {

	private static final int SECRET_BYTES = 32;

	/**
	 * Make a key with a random secret.
	 * @param id the key id
	 * @param grants what it may do
	 * @return the key
	 */
	public static GeneratedApiKey generate(String id, List<String> grants) {
		byte[] secret = new byte[SECRET_BYTES];
		new SecureRandom().nextBytes(secret);
		return new GeneratedApiKey(id, HexFormat.of().formatHex(secret), List.copyOf(grants));
	}

	/**
	 * Return the value of the {@code X-API-Key} header that presents this key.
	 * @return {@code <id>.<secret>}
	 */
	public String headerValue() {
		return this.id + "." + this.secret;
	}

	ApiKeys.Key key() {
		return new ApiKeys.Key(ApiKeys.sha256(this.secret), BridgeAuthorities.fromGrants(this.grants));
	}

	@Override
	public String toString() {
		return "GeneratedApiKey[" + this.id + ", " + this.grants + "]";
	}

}
