package dev.wsclient.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.wsclient.autoconfigure.event.WsClientClosedEvent;
import dev.wsclient.autoconfigure.event.WsClientConnectedEvent;
import dev.wsclient.autoconfigure.event.WsClientEvent;
import dev.wsclient.autoconfigure.event.WsClientMessageEvent;
import dev.wsclient.autoconfigure.event.WsClientReconnectingEvent;
import dev.wsclient.autoconfigure.health.WsClientHealthIndicator;
import dev.wsclient.core.WsConnectException;
import dev.wsclient.core.WsMessage;
import dev.wsclient.core.WsState;
import dev.wsclient.core.WsStatusCode;
import dev.wsclient.test.server.HandshakeRequest;
import dev.wsclient.test.server.MockWsConnection;
import dev.wsclient.test.server.MockWsServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.event.EventListener;

import static dev.wsclient.autoconfigure.ReceivedMessages.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of the auto-configured clients against a real WebSocket server on 127.0.0.1:
 * events, Flux, health, meters, observation and graceful shutdown.
 */
class WsClientsIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private MockWsServer server;

	private ApplicationContextRunner runner;

	@BeforeEach
	void startServer() {
		this.server = MockWsServer.start();
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WsClientAutoConfiguration.class, SslAutoConfiguration.class))
			.withBean(EventRecorder.class)
			.withPropertyValues("wsclient.defaults.close-timeout=2s", "wsclient.defaults.reconnect.initial-delay=100ms",
					"wsclient.defaults.reconnect.max-delay=300ms", "wsclient.defaults.reconnect.jitter=0");
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void clientsConnectOnceTheContextHasStartedAndPublishTheirEvents() {
		this.runner
			.withPropertyValues(url("prices", "token=s3cret"),
					"wsclient.clients.prices.headers.Authorization=Bearer static-s3cret",
					"wsclient.clients.prices.on-connect-messages={\"op\":\"subscribe\"}")
			.withBean(WsClientHeadersProvider.class, () -> (name) -> Map.of("X-Rotating", "token-for-" + name))
			.run((context) -> {
				EventRecorder events = context.getBean(EventRecorder.class);
				await().atMost(TIMEOUT).until(() -> !events.of(WsClientConnectedEvent.class).isEmpty());
				WsClientConnectedEvent connected = events.of(WsClientConnectedEvent.class).get(0);
				assertThat(connected.getClientName()).isEqualTo("prices");
				assertThat(connected.getClient()).isSameAs(context.getBean("prices"));
				assertThat(connected.getUrl()).endsWith("/ws?token=***");
				HandshakeRequest handshake = this.server.takeHandshake(TIMEOUT);
				assertThat(handshake.header("Authorization")).isEqualTo("Bearer static-s3cret");
				assertThat(handshake.header("X-Rotating")).isEqualTo("token-for-prices");
				await().atMost(TIMEOUT).until(() -> texts(this.server).contains("{\"op\":\"subscribe\"}"));
				this.server.push("hello");
				await().atMost(TIMEOUT).until(() -> !events.of(WsClientMessageEvent.class).isEmpty());
				WsClientMessageEvent message = events.of(WsClientMessageEvent.class).get(0);
				assertThat(message.getMessage().text()).isEqualTo("hello");
				assertThat(message)
					.hasToString("WsClientMessageEvent[client=prices, message=WsMessage[TEXT, 5 bytes]]");
				assertThat(events.all()).allSatisfy((event) -> assertThat(event.toString()).doesNotContain("s3cret"));
			});
	}

	@Test
	void clientsWithoutAutoConnectWaitForTheApplication() {
		this.runner.withPropertyValues(url("prices", ""), "wsclient.clients.prices.auto-connect=false")
			.run((context) -> {
				WsClients clients = context.getBean(WsClients.class);
				assertThat(clients.get("prices").state()).isEqualTo(WsState.CLOSED);
				clients.connect("prices").block(TIMEOUT);
				assertThat(clients.get("prices").state()).isEqualTo(WsState.OPEN);
				// Connecting a connected client does nothing.
				clients.connect("prices").block(TIMEOUT);
				assertThat(clients.get("prices").stats().connectAttempts()).isEqualTo(1);
			});
	}

	@Test
	void messagesFlowAsAFluxFromTheRegistry() {
		this.runner.withPropertyValues(url("prices", ""), "wsclient.clients.prices.publish-message-events=false")
			.run((context) -> {
				WsClients clients = context.getBean(WsClients.class);
				awaitOpen(clients, "prices");
				StepVerifier.create(clients.messages("prices").map(WsMessage::text).take(3)).then(() -> {
					this.server.push("one");
					this.server.push("two");
					this.server.push("three");
				}).expectNext("one", "two", "three").expectComplete().verify(TIMEOUT);
				// Switched off for this client: the messages were not published as
				// events.
				assertThat(context.getBean(EventRecorder.class).of(WsClientMessageEvent.class)).isEmpty();
			});
	}

	@Test
	void withMessageEventsOffTheBridgeTakesOnlyLifecycleEventsAndLeavesMessagesUndelivered() {
		this.runner
			.withPropertyValues(url("prices", ""), "wsclient.clients.prices.publish-message-events=false",
					"wsclient.clients.prices.receive-buffer-size=1")
			.run((context) -> {
				WsClients clients = context.getBean(WsClients.class);
				EventRecorder events = context.getBean(EventRecorder.class);
				awaitOpen(clients, "prices");
				await().atMost(TIMEOUT).until(() -> !events.of(WsClientConnectedEvent.class).isEmpty());
				for (int i = 0; i < 20; i++) {
					this.server.push("m" + i);
				}
				// Nobody takes messages, not even the bridge: the client counts them as
				// undelivered and keeps reading.
				await().atMost(TIMEOUT).until(() -> clients.get("prices").stats().messagesUndelivered() == 20);
				assertThat(events.of(WsClientMessageEvent.class)).isEmpty();
				clients.get("prices").close().block(TIMEOUT);
				await().atMost(TIMEOUT).until(() -> !events.of(WsClientClosedEvent.class).isEmpty());
			});
	}

	@Test
	void aSubscriberThatStopsRequestingPausesTheClientWithoutLosingMessages() {
		this.runner.withPropertyValues(url("prices", ""), "wsclient.clients.prices.receive-buffer-size=2")
			.run((context) -> {
				WsClients clients = context.getBean(WsClients.class);
				awaitOpen(clients, "prices");
				StepVerifier.create(clients.messages("prices").map(WsMessage::text), 1).then(() -> {
					for (int i = 0; i < 20; i++) {
						this.server.push("m" + i);
					}
				}).expectNext("m0").thenRequest(19).expectNextCount(19).thenCancel().verify(TIMEOUT);
				// The application event publisher kept up with every message meanwhile.
				assertThat(context.getBean(EventRecorder.class).of(WsClientMessageEvent.class)).hasSize(20);
			});
	}

	@Test
	void healthGoesFromUpToDownAndBackUpAcrossAServerRestart() {
		this.runner.withPropertyValues(url("prices", "")).run((context) -> {
			HealthIndicator health = health(context, "prices");
			await().atMost(TIMEOUT).until(() -> Status.UP.equals(check(health).getStatus()));
			Health up = check(health);
			assertThat(up.getDetails()).containsEntry("state", "OPEN").containsKeys("url", "connectedSince");
			this.server.stop();
			await().atMost(TIMEOUT).until(() -> Status.DOWN.equals(check(health).getStatus()));
			Health down = check(health);
			assertThat(down.getDetails()).containsKey("lastClose").doesNotContainKey("connectedSince");
			assertThat(down.getDetails().get("lastClose")).asInstanceOf(InstanceOfAssertFactories.MAP)
				.hasEntrySatisfying("code", (code) -> assertThat((int) code).isNegative());
			this.server.restart();
			await().atMost(TIMEOUT).until(() -> Status.UP.equals(check(health).getStatus()));
			assertThat(check(health).getDetails().get("reconnectAttempts")).asInstanceOf(InstanceOfAssertFactories.LONG)
				.isPositive();
			EventRecorder events = context.getBean(EventRecorder.class);
			// The state changes before the application event about it is published.
			await().atMost(TIMEOUT).until(() -> events.of(WsClientConnectedEvent.class).size() >= 2);
			assertThat(events.of(WsClientClosedEvent.class)).first()
				.satisfies((closed) -> assertThat(closed.getStatus().isError()).isTrue());
			assertThat(events.of(WsClientReconnectingEvent.class)).first()
				.satisfies((reconnecting) -> assertThat(reconnecting.getAttempt()).isEqualTo(1));
		});
	}

	@Test
	void aClientThatIsNotRequiredIsNeverDown() {
		int closedPort = this.server.port();
		this.server.stop();
		this.runner
			.withPropertyValues("wsclient.clients.optional.url=ws://127.0.0.1:" + closedPort + "/ws",
					"wsclient.clients.optional.required=false")
			.run((context) -> {
				HealthIndicator health = health(context, "optional");
				await().atMost(TIMEOUT).until(() -> check(health).getDetails().containsKey("lastClose"));
				Health unavailable = check(health);
				assertThat(unavailable.getStatus()).isEqualTo(WsClientHealthIndicator.UNAVAILABLE);
				assertThat(unavailable.getDetails()).containsEntry("required", false);
			});
	}

	@Test
	void metersCountKnownTraffic() {
		this.runner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.withPropertyValues(url("prices", ""), "wsclient.clients.prices.on-connect-messages=a,bb",
					"wsclient.clients.prices.ping-interval=100ms")
			.run((context) -> {
				WsClients clients = context.getBean(WsClients.class);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				awaitOpen(clients, "prices");
				this.server.push("x");
				this.server.push("yy");
				this.server.push("zzz");
				this.server.push(new byte[] { 1, 2, 3, 4 });
				await().atMost(TIMEOUT).until(() -> clients.get("prices").stats().messagesReceived() == 4);
				await().atMost(TIMEOUT).until(() -> clients.get("prices").stats().messagesSent() == 2);
				assertThat(count(registry, "wsclient.messages.received", "type", "text")).isEqualTo(3);
				assertThat(count(registry, "wsclient.messages.received", "type", "binary")).isEqualTo(1);
				assertThat(count(registry, "wsclient.messages.sent", "type", "text")).isEqualTo(2);
				assertThat(count(registry, "wsclient.messages.sent", "type", "binary")).isZero();
				assertThat(count(registry, "wsclient.bytes.received")).isEqualTo(10);
				assertThat(count(registry, "wsclient.bytes.sent")).isEqualTo(3);
				assertThat(count(registry, "wsclient.reconnects")).isZero();
				assertThat(count(registry, "wsclient.messages.undelivered")).isZero();
				assertThat(registry.get("wsclient.state").tags("client", "prices", "state", "open").gauge().value())
					.isEqualTo(1);
				assertThat(registry.get("wsclient.state").tags("client", "prices", "state", "closed").gauge().value())
					.isZero();
				await().atMost(TIMEOUT)
					.until(() -> registry.find("wsclient.ping.rtt").tags("client", "prices").timer() != null);
				assertThat(registry.get("wsclient.ping.rtt").timer().count()).isPositive();
				clients.close("prices").block(TIMEOUT);
				assertThat(count(registry, "wsclient.connection.attempts", "outcome", "0")).isEqualTo(1);
				assertThat(registry.get("wsclient.state").tags("client", "prices", "state", "closed").gauge().value())
					.isEqualTo(1);
			});
	}

	@Test
	void messagesNobodyTakesAreCountedUndeliveredWithAMeterRegistry() {
		this.runner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.withPropertyValues(url("prices", ""), "wsclient.clients.prices.publish-message-events=false")
			.run((context) -> {
				WsClients clients = context.getBean(WsClients.class);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				awaitOpen(clients, "prices");
				for (int i = 0; i < 20; i++) {
					this.server.push("m" + i);
				}
				// The meters take their counts from the client's listener: they neither
				// subscribe to messages nor keep them from being undelivered.
				await().atMost(TIMEOUT).until(() -> count(registry, "wsclient.messages.undelivered") == 20);
				assertThat(count(registry, "wsclient.messages.received", "type", "text")).isEqualTo(20);
				assertThat(clients.get("prices").stats().messagesUndelivered()).isEqualTo(20);
			});
	}

	@Test
	void everyAnsweredPingIsTimed() {
		this.runner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.withPropertyValues(url("prices", ""), "wsclient.clients.prices.ping-interval=20ms")
			.run((context) -> {
				WsClients clients = context.getBean(WsClients.class);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				awaitOpen(clients, "prices");
				// Twenty pings take about 400 ms: a sampler of the latest round trip
				// would have recorded one or none by then.
				await().atMost(TIMEOUT)
					.until(() -> registry.get("wsclient.ping.rtt").tags("client", "prices").timer().count() >= 20);
				assertThat(registry.get("wsclient.ping.rtt").timer().totalTime(TimeUnit.NANOSECONDS)).isPositive();
			});
	}

	@Test
	void everyConnectionAttemptIsObservedReconnectionsIncluded() {
		RecordingObservationHandler handler = new RecordingObservationHandler();
		this.runner.withBean(ObservationRegistry.class, () -> {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(handler);
			return registry;
		})
			.withPropertyValues("wsclient.clients.prices.url=ws://127.0.0.1:" + refusedPort() + "/",
					"wsclient.clients.prices.reconnect.max-retries=2",
					"wsclient.clients.prices.reconnect.initial-delay=10ms",
					"wsclient.clients.prices.reconnect.max-delay=20ms")
			.run((context) -> {
				await().atMost(TIMEOUT).until(() -> handler.stopped.size() == 3);
				assertThat(handler.stopped).allSatisfy((observed) -> {
					assertThat(observed.getName()).isEqualTo("wsclient.connect");
					assertThat(observed.getLowCardinalityKeyValues().stream().map(Object::toString))
						.contains("keyValue(client=prices)", "keyValue(outcome=-111)");
					assertThat(observed.getError()).isInstanceOf(WsConnectException.class);
				});
			});
	}

	@Test
	void connectingThroughTheRegistryIsObserved() {
		RecordingObservationHandler handler = new RecordingObservationHandler();
		this.runner.withBean(ObservationRegistry.class, () -> {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(handler);
			return registry;
		}).withPropertyValues(url("prices", "token=s3cret")).run((context) -> {
			await().atMost(TIMEOUT).until(() -> !handler.stopped.isEmpty());
			Observation.Context observed = handler.stopped.get(0);
			assertThat(observed.getName()).isEqualTo("wsclient.connect");
			assertThat(observed.getLowCardinalityKeyValues().stream().map(Object::toString))
				.contains("keyValue(client=prices)", "keyValue(outcome=0)");
			assertThat(observed.getHighCardinalityKeyValues().stream().map(Object::toString))
				.singleElement(InstanceOfAssertFactories.STRING)
				.endsWith("?token=***)");
			assertThat(observed.getError()).isNull();
		});
	}

	@Test
	void shutdownClosesEveryClientWithGoingAway() {
		this.runner.withPropertyValues(url("prices", ""), url("orders", "")).run((context) -> {
			EventRecorder events = context.getBean(EventRecorder.class);
			await().atMost(TIMEOUT).until(() -> this.server.openConnections() == 2);
			context.close();
			await().atMost(TIMEOUT)
				.until(() -> this.server.connections()
					.stream()
					.filter((c) -> c.closeCodeReceived() != null)
					.count() == 2);
			assertThat(this.server.connections()).extracting(MockWsConnection::closeCodeReceived)
				.containsExactly(1001, 1001);
			// The context finished closing only after every client had closed.
			assertThat(events.of(WsClientClosedEvent.class)).extracting((event) -> event.getStatus().status())
				.containsExactly(WsStatusCode.NORMAL, WsStatusCode.NORMAL);
		});
	}

	private String url(String client, String query) {
		return "wsclient.clients." + client + ".url=" + this.server.uri("/ws" + (query.isEmpty() ? "" : "?" + query));
	}

	private static void awaitOpen(WsClients clients, String name) {
		await().atMost(TIMEOUT).until(() -> clients.get(name).state() == WsState.OPEN);
	}

	private static HealthIndicator health(AssertableApplicationContext context, String name) {
		CompositeHealthContributor clients = context.getBean("wsclientsHealthContributor",
				CompositeHealthContributor.class);
		return (HealthIndicator) Objects.requireNonNull(clients.getContributor(name));
	}

	private static Health check(HealthIndicator indicator) {
		return Objects.requireNonNull(indicator.health());
	}

	private static int refusedPort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static double count(MeterRegistry registry, String name, String... tags) {
		return registry.get(name).tags("client", "prices").tags(tags).functionCounter().count();
	}

	static class EventRecorder {

		private final List<WsClientEvent> events = new CopyOnWriteArrayList<>();

		@EventListener
		void on(WsClientEvent event) {
			this.events.add(event);
		}

		List<WsClientEvent> all() {
			return this.events;
		}

		<E extends WsClientEvent> List<E> of(Class<E> type) {
			return this.events.stream().filter(type::isInstance).map(type::cast).toList();
		}

	}

	static class RecordingObservationHandler implements ObservationHandler<Observation.Context> {

		final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

		@Override
		public void onStop(Observation.Context context) {
			this.stopped.add(context);
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

}
