package dev.wsclient.autoconfigure;

import java.time.Duration;
import java.util.Objects;

import dev.wsclient.autoconfigure.WsClientsIntegrationTests.EventRecorder;
import dev.wsclient.autoconfigure.endpoint.WsClientsEndpoint;
import dev.wsclient.autoconfigure.event.WsClientClosedEvent;
import dev.wsclient.core.WsCloseStatus;
import dev.wsclient.core.WsState;
import dev.wsclient.core.WsStatusCode;
import dev.wsclient.test.server.raw.HttpConnectProxy;
import dev.wsclient.test.server.MockWsServer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.wsclient.autoconfigure.ReceivedMessages.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of configured clients that connect through an HTTP proxy on 127.0.0.1, which
 * tunnels with {@code CONNECT} to a real WebSocket server, and of the proxy password
 * never being shown.
 */
class WsClientProxyTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	private static final String PASSWORD = "pr0xy-s3cret";

	@Test
	void configuredClientsConnectThroughTheProxyWithoutEverShowingItsPassword() throws Exception {
		try (MockWsServer server = MockWsServer.start();
				MockWsServer direct = MockWsServer.start();
				HttpConnectProxy proxy = HttpConnectProxy.start("alice", PASSWORD)) {
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(WsClientAutoConfiguration.class, SslAutoConfiguration.class))
				.withBean(EventRecorder.class)
				.withPropertyValues("management.endpoints.web.exposure.include=wsclients",
						"wsclient.defaults.close-timeout=2s", "wsclient.defaults.proxy.host=127.0.0.1",
						"wsclient.defaults.proxy.port=" + proxy.port(), "wsclient.defaults.proxy.username=alice",
						"wsclient.defaults.proxy.password=" + PASSWORD,
						"wsclient.clients.prices.url=" + server.uri("/ws"),
						// The proxy refuses other credentials: -206, never retried here.
						"wsclient.clients.refused.url=" + server.uri("/ws"),
						"wsclient.clients.refused.proxy.password=wrong-" + PASSWORD,
						"wsclient.clients.refused.reconnect.enabled=false", "wsclient.clients.refused.required=false",
						// Reached directly: its host matches its non-proxy-hosts.
						"wsclient.clients.direct.url=" + direct.uri("/ws"),
						"wsclient.clients.direct.proxy.non-proxy-hosts=127\\.0\\.0\\.1")
				.run((context) -> {
					WsClients clients = context.getBean(WsClients.class);
					await().atMost(TIMEOUT).until(() -> clients.get("prices").state() == WsState.OPEN);
					await().atMost(TIMEOUT).until(() -> clients.get("direct").state() == WsState.OPEN);
					await().atMost(TIMEOUT).until(() -> clients.get("refused").stats().lastClose() != null);

					clients.get("prices").send("through the proxy").block(TIMEOUT);
					await().atMost(TIMEOUT).until(() -> texts(server).contains("through the proxy"));
					assertThat(proxy.targets()).contains("127.0.0.1:" + server.port())
						.doesNotContain("127.0.0.1:" + direct.port());
					assertThat(server.handshakeCount()).isOne();
					assertThat(direct.handshakeCount()).isOne();
					WsCloseStatus refused = Objects.requireNonNull(clients.get("refused").stats().lastClose());
					assertThat(refused.status()).isEqualTo(WsStatusCode.PROXY_ERROR);

					assertNeverShown(context);
				});
		}
	}

	private static void assertNeverShown(AssertableApplicationContext context) {
		StringBuilder shown = new StringBuilder();
		WsClientsEndpoint endpoint = context.getBean(WsClientsEndpoint.class);
		shown.append(JsonMapper.builder().build().writeValueAsString(endpoint.clients()));
		CompositeHealthContributor health = context.getBean("wsclientsHealthContributor",
				CompositeHealthContributor.class);
		for (String name : context.getBean(WsClients.class).names()) {
			HealthIndicator indicator = (HealthIndicator) Objects.requireNonNull(health.getContributor(name));
			Health clientHealth = Objects.requireNonNull(indicator.health());
			shown.append(clientHealth.getDetails());
			shown.append(context.getBean(WsClients.class).get(name));
		}
		EventRecorder events = context.getBean(EventRecorder.class);
		assertThat(events.of(WsClientClosedEvent.class)).isNotEmpty();
		events.all().forEach(shown::append);
		events.of(WsClientClosedEvent.class).forEach((closed) -> shown.append(closed.getStatus().reason()));
		assertThat(shown.toString()).contains("prices", "refused", "direct").doesNotContain(PASSWORD);
	}

}
