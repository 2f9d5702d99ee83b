package dev.wsclient.bridge.support;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * An issuer of JWTs for tests: an RSA key pair made here, its public key served as a JWK
 * set on {@code 127.0.0.1}, and tokens signed with it (or with another key, to be
 * refused).
 */
public final class JwtIssuer implements AutoCloseable {

	private static final String KEY_ID = "test-key";

	private final RSAKey key = rsaKey();

	private final RSAKey otherKey = rsaKey();

	private final DisposableServer server;

	private JwtIssuer() {
		String jwks = new JWKSet(this.key.toPublicJWK()).toString();
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes.get("/jwks",
					(request, response) -> response.header("Content-Type", "application/json")
						.sendString(Mono.just(jwks))))
			.bindNow(Duration.ofSeconds(10));
	}

	/**
	 * Start an issuer.
	 * @return the issuer
	 */
	public static JwtIssuer start() {
		return new JwtIssuer();
	}

	/**
	 * Return the URL of the JWK set, for
	 * {@code spring.security.oauth2.resourceserver.jwt.jwk-set-uri}.
	 * @return the URL
	 */
	public String jwkSetUri() {
		return "http://127.0.0.1:" + this.server.port() + "/jwks";
	}

	/**
	 * Issue a token valid for five minutes.
	 * @param scope its space-separated scopes
	 * @return the signed token
	 */
	public String token(String scope) {
		return sign(this.key, scope, Instant.now().plusSeconds(300));
	}

	/**
	 * Issue a token that expired a minute ago.
	 * @param scope its scopes
	 * @return the signed token
	 */
	public String expiredToken(String scope) {
		return sign(this.key, scope, Instant.now().minusSeconds(60));
	}

	/**
	 * Issue a token signed with a key the JWK set does not have.
	 * @param scope its scopes
	 * @return the signed token
	 */
	public String tokenSignedWithAnotherKey(String scope) {
		return sign(this.otherKey, scope, Instant.now().plusSeconds(300));
	}

	private static String sign(RSAKey key, String scope, Instant expiry) {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("test-user")
			.issuer("wsclient-tests")
			.claim("scope", scope)
			.issueTime(Date.from(Instant.now().minusSeconds(120)))
			.expirationTime(Date.from(expiry))
			.build();
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY_ID).build(), claims);
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static RSAKey rsaKey() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			KeyPair pair = generator.generateKeyPair();
			return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
				.keyID(KEY_ID)
				.build();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

}
