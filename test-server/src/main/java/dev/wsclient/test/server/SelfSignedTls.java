package dev.wsclient.test.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.jspecify.annotations.Nullable;

/**
 * A throw-away TLS identity: a self-signed EC (P-256) certificate for
 * {@code CN=localhost} with subject alternative names {@code DNS:localhost} and
 * {@code IP:127.0.0.1} (or, from {@link #create(String)}, for another host name only),
 * valid for a few days, and the server and client contexts built from it.
 * <p>
 * Made with the JDK's own {@code keytool} (no BouncyCastle): it writes a temporary PKCS12
 * key store that is loaded and deleted at once. Creating one starts a JVM, so tests that
 * do not need their own identity should use {@link #shared()}.
 */
public final class SelfSignedTls {

	private static final Duration KEYTOOL_TIMEOUT = Duration.ofSeconds(60);

	private static final String ALIAS = "wsclient-test";

	private static @Nullable SelfSignedTls shared;

	private final PrivateKey privateKey;

	private final X509Certificate certificate;

	private final KeyStore trustStore;

	private final TrustManagerFactory trustManagerFactory;

	private final SslContext serverSslContext;

	private final SslContext clientSslContext;

	private SelfSignedTls(PrivateKey privateKey, X509Certificate certificate)
			throws GeneralSecurityException, IOException {
		this.privateKey = privateKey;
		this.certificate = certificate;
		this.trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
		this.trustStore.load(null, null);
		this.trustStore.setCertificateEntry(ALIAS, certificate);
		this.trustManagerFactory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		this.trustManagerFactory.init(this.trustStore);
		this.serverSslContext = SslContextBuilder.forServer(privateKey, certificate).build();
		this.clientSslContext = SslContextBuilder.forClient().trustManager(certificate).build();
	}

	/**
	 * Return an identity shared by all tests of this JVM, created on first use.
	 * @return the shared identity
	 */
	public static synchronized SelfSignedTls shared() {
		SelfSignedTls tls = shared;
		if (tls == null) {
			tls = create();
			shared = tls;
		}
		return tls;
	}

	/**
	 * Create a new identity for {@code localhost} and {@code 127.0.0.1} by running
	 * {@code keytool} (waits at most 60 seconds).
	 * @return the new identity
	 * @throws IllegalStateException if {@code keytool} fails or times out
	 */
	public static SelfSignedTls create() {
		return create("localhost", "dns:localhost,ip:127.0.0.1");
	}

	/**
	 * Create a new identity for another host name only ({@code CN} and the single subject
	 * alternative name {@code DNS:<hostName>}), for example to check that a client
	 * connecting to {@code 127.0.0.1} verifies the host name.
	 * @param hostName the DNS name the certificate is for
	 * @return the new identity
	 * @throws IllegalStateException if {@code keytool} fails or times out
	 */
	public static SelfSignedTls create(String hostName) {
		if (!hostName.matches("[A-Za-z0-9.-]+")) {
			throw new IllegalArgumentException("hostName must be a DNS name but was '" + hostName + "'");
		}
		return create(hostName, "dns:" + hostName);
	}

	private static SelfSignedTls create(String commonName, String subjectAlternativeNames) {
		Path directory = null;
		try {
			directory = Files.createTempDirectory("wsclient-tls-");
			Path keyStoreFile = directory.resolve("identity.p12");
			char[] password = randomPassword();
			runKeytool(directory, keyStoreFile, password, commonName, subjectAlternativeNames);
			KeyStore keyStore = KeyStore.getInstance("PKCS12");
			try (InputStream input = Files.newInputStream(keyStoreFile)) {
				keyStore.load(input, password);
			}
			PrivateKey key = (PrivateKey) keyStore.getKey(ALIAS, password);
			X509Certificate certificate = (X509Certificate) keyStore.getCertificate(ALIAS);
			if (key == null || certificate == null) {
				throw new IllegalStateException("keytool wrote no entry '" + ALIAS + "'");
			}
			return new SelfSignedTls(key, certificate);
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("cannot create a self-signed TLS identity", ex);
		}
		finally {
			if (directory != null) {
				deleteRecursively(directory);
			}
		}
	}

	private static void runKeytool(Path directory, Path keyStoreFile, char[] password, String commonName,
			String subjectAlternativeNames) throws IOException {
		Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
		Path log = directory.resolve("keytool.log");
		String secret = new String(password);
		List<String> command = List.of(keytool.toString(), "-genkeypair", "-noprompt", "-alias", ALIAS, "-keyalg", "EC",
				"-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-dname", "CN=" + commonName, "-ext",
				"san=" + subjectAlternativeNames, "-validity", "7", "-storetype", "PKCS12", "-keystore",
				keyStoreFile.toString(), "-storepass", secret, "-keypass", secret);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		try {
			if (!process.waitFor(KEYTOOL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("keytool did not finish within " + KEYTOOL_TIMEOUT);
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while running keytool", ex);
		}
		if (process.exitValue() != 0) {
			throw new IllegalStateException("keytool failed with exit code " + process.exitValue() + ":\n"
					+ Files.readString(log, StandardCharsets.UTF_8));
		}
	}

	private static char[] randomPassword() {
		byte[] bytes = new byte[16];
		new SecureRandom().nextBytes(bytes);
		return HexFormat.of().formatHex(bytes).toCharArray();
	}

	private static void deleteRecursively(Path directory) {
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary directory left behind is harmless
		}
	}

	/**
	 * Return the certificate.
	 * @return the self-signed certificate
	 */
	public X509Certificate certificate() {
		return this.certificate;
	}

	/**
	 * Return the certificate in PEM form (for peers outside the JVM).
	 * @return the PEM text
	 */
	public String certificatePem() {
		try {
			String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
				.encodeToString(this.certificate.getEncoded());
			return "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n";
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot encode the certificate", ex);
		}
	}

	/**
	 * Return the certificate's private key.
	 * @return the private key
	 */
	public PrivateKey privateKey() {
		return this.privateKey;
	}

	/**
	 * Return a Netty server context presenting the certificate.
	 * @return the server context
	 */
	public SslContext serverSslContext() {
		return this.serverSslContext;
	}

	/**
	 * Return a key store holding the certificate as its only trusted entry.
	 * @return the trust store
	 */
	public KeyStore trustStore() {
		return this.trustStore;
	}

	/**
	 * Return a trust manager factory that trusts the certificate (and nothing else).
	 * @return the trust manager factory
	 */
	public TrustManagerFactory trustManagerFactory() {
		return this.trustManagerFactory;
	}

	/**
	 * Return a Netty client context that trusts the certificate (and nothing else).
	 * @return the client context
	 */
	public SslContext clientSslContext() {
		return this.clientSslContext;
	}

	/**
	 * Return a new JDK client context that trusts the certificate, for example for
	 * {@code java.net.http.HttpClient}.
	 * @return the client context
	 */
	public SSLContext jdkClientContext() {
		try {
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, this.trustManagerFactory.getTrustManagers(), null);
			return context;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot create a JDK SSL context", ex);
		}
	}

	/**
	 * Return a Netty client context builder that trusts the certificate, to customise
	 * further.
	 * @return a new builder
	 */
	public SslContextBuilder clientSslContextBuilder() {
		return SslContextBuilder.forClient().trustManager(this.certificate);
	}

}
