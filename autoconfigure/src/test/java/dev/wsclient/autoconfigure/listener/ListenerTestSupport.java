package dev.wsclient.autoconfigure.listener;

import java.time.Duration;

import dev.wsclient.autoconfigure.WsClientAutoConfiguration;
import dev.wsclient.autoconfigure.WsClients;
import dev.wsclient.core.WsState;
import dev.wsclient.test.server.MockWsServer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.awaitility.Awaitility.await;

/**
 * What the listener tests share: a context runner with the auto-configurations a Boot
 * application has (Jackson, the clients, the listeners, Micrometer) and a client
 * {@code prices} on a test server, and ways to wait for it.
 */
final class ListenerTestSupport {

	static final Duration TIMEOUT = Duration.ofSeconds(10);

	private ListenerTestSupport() {
	}

	static ApplicationContextRunner runner(MockWsServer server) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, WsClientAutoConfiguration.class,
					WsClientListenerAutoConfiguration.class, SslAutoConfiguration.class, MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.withPropertyValues("wsclient.clients.prices.url=" + server.uri("/ws"),
					"wsclient.clients.prices.publish-message-events=false", "wsclient.defaults.close-timeout=2s",
					"wsclient.defaults.reconnect.initial-delay=100ms", "wsclient.defaults.reconnect.max-delay=300ms",
					"wsclient.defaults.reconnect.jitter=0");
	}

	/**
	 * Return a context runner whose client {@code prices} never connects, for what
	 * start-up decides.
	 * @return the runner
	 */
	static ApplicationContextRunner unconnectedRunner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, WsClientAutoConfiguration.class,
					WsClientListenerAutoConfiguration.class))
			.withPropertyValues("wsclient.clients.prices.url=ws://127.0.0.1:1/feed",
					"wsclient.clients.prices.auto-connect=false");
	}

	static WsClients awaitOpen(AssertableApplicationContext context, String name) {
		WsClients clients = context.getBean(WsClients.class);
		await().atMost(TIMEOUT).until(() -> clients.get(name).state() == WsState.OPEN);
		return clients;
	}

}
