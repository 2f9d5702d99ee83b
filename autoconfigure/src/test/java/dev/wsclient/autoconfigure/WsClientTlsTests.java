package dev.wsclient.autoconfigure;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;

import dev.wsclient.core.WsCloseStatus;
import dev.wsclient.core.WsState;
import dev.wsclient.core.WsStatusCode;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of {@code wss} clients whose trust comes from a Spring Boot SSL bundle, against a
 * TLS server with a self-signed certificate made by the JDK's {@code keytool}.
 */
class WsClientTlsTests {

	private static final String PASSWORD = "changeit";

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	@Test
	void aClientTrustsTheServerThroughItsSslBundle(@TempDir Path directory) throws Exception {
		Path keyStore = createSelfSignedKeyStore(directory);
		try (TestWebSocketServer server = TestWebSocketServer.start(serverContext(keyStore))) {
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(WsClientAutoConfiguration.class, SslAutoConfiguration.class))
				.withPropertyValues("spring.ssl.bundle.jks.feed-tls.truststore.location=" + keyStore.toUri(),
						"spring.ssl.bundle.jks.feed-tls.truststore.password=" + PASSWORD,
						"spring.ssl.bundle.jks.feed-tls.truststore.type=PKCS12",
						"wsclient.clients.trusting.url=" + server.url(""),
						"wsclient.clients.trusting.ssl.bundle=feed-tls",
						"wsclient.clients.default-trust.url=" + server.url(""),
						"wsclient.clients.default-trust.reconnect.enabled=false")
				.run((context) -> {
					WsClients clients = context.getBean(WsClients.class);
					await().atMost(TIMEOUT).until(() -> clients.get("trusting").state() == WsState.OPEN);
					// The JVM's trust store does not know the self-signed certificate.
					await().atMost(TIMEOUT).until(() -> clients.get("default-trust").stats().lastClose() != null);
					WsCloseStatus refused = Objects.requireNonNull(clients.get("default-trust").stats().lastClose());
					assertThat(refused.status()).isEqualTo(WsStatusCode.TLS_HANDSHAKE_FAILED);
				});
		}
	}

	private static SslContext serverContext(Path keyStorePath) throws Exception {
		KeyStore keyStore = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(keyStorePath)) {
			keyStore.load(in, PASSWORD.toCharArray());
		}
		KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keyManagers.init(keyStore, PASSWORD.toCharArray());
		return SslContextBuilder.forServer(keyManagers).build();
	}

	private static Path createSelfSignedKeyStore(Path directory) throws Exception {
		Path keyStore = directory.resolve("server.p12");
		Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
		Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC",
				"-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
				"-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
				"-keypass", PASSWORD)
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve("keytool.log").toFile())
			.start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
		assertThat(process.exitValue()).as("keytool exit code, see %s", directory.resolve("keytool.log")).isZero();
		return keyStore;
	}

}
