package dev.wsclient.autoconfigure;

import java.time.Duration;
import java.util.Objects;

import dev.wsclient.core.WsCloseStatus;
import dev.wsclient.core.WsState;
import dev.wsclient.core.WsStatusCode;
import dev.wsclient.test.server.MockWsServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of {@code wss} clients whose trust comes from a Spring Boot SSL bundle, against a
 * TLS server with a self-signed certificate.
 */
class WsClientTlsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	@Test
	void aClientTrustsTheServerThroughItsSslBundle() {
		try (MockWsServer server = MockWsServer.builder().tls().start()) {
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(WsClientAutoConfiguration.class, SslAutoConfiguration.class))
				.withPropertyValues(
						"spring.ssl.bundle.pem.feed-tls.truststore.certificate=" + server.tls().certificatePem(),
						"wsclient.clients.trusting.url=" + server.uri("/ws"),
						"wsclient.clients.trusting.ssl.bundle=feed-tls",
						"wsclient.clients.default-trust.url=" + server.uri("/ws"),
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

}
