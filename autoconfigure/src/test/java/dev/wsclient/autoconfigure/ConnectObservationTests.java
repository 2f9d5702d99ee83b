package dev.wsclient.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.wsclient.core.WsConnectException;
import dev.wsclient.core.WsState;
import dev.wsclient.test.server.Misbehaviour;
import dev.wsclient.test.server.MockWsServer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every connection attempt is one {@code wsclient.connect} observation that ends, however
 * the attempt ends: opened, refused, timed out, abandoned by {@code close()} or by the
 * application shutting down; and a close during a backoff wait leaves none open. Against
 * a real server (or a refused port) on 127.0.0.1, with a {@link TestObservationRegistry}
 * and a handler that tracks which observations started and which stopped.
 */
class ConnectObservationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private MockWsServer server;

	private TestObservationRegistry observations;

	private AttemptTracker attempts;

	private ApplicationContextRunner runner;

	@BeforeEach
	void start() {
		this.server = MockWsServer.start();
		this.attempts = new AttemptTracker();
		this.observations = TestObservationRegistry.create();
		this.observations.observationConfig().observationHandler(this.attempts);
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WsClientAutoConfiguration.class, SslAutoConfiguration.class))
			.withBean(TestObservationRegistry.class, () -> this.observations)
			.withPropertyValues("wsclient.defaults.close-timeout=2s", "wsclient.defaults.reconnect.jitter=0");
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void anAttemptThatOpensEndsWhenTheHandshakeSucceeds() {
		this.runner.withPropertyValues("wsclient.clients.prices.url=" + this.server.uri("/ws?token=s3cret"))
			.run((context) -> {
				await().atMost(TIMEOUT).until(() -> this.attempts.stopped.size() == 1);
				assertThat(context.getBean(WsClients.class).get("prices").state()).isEqualTo(WsState.OPEN);
				this.attempts.assertNoneOpen(1);
				assertThat(this.observations).hasSingleObservationThat()
					.hasNameEqualTo("wsclient.connect")
					.hasContextualNameEqualTo("wsclient connect prices")
					.hasLowCardinalityKeyValue("client", "prices")
					.hasLowCardinalityKeyValue("outcome", "0")
					.hasHighCardinalityKeyValue("url", this.server.uri("/ws?token=***").toString())
					.doesNotHaveError()
					.hasBeenStarted()
					.hasBeenStopped();
			});
		// Closing the open connection at shutdown is no attempt: nothing more observed.
		this.attempts.assertNoneOpen(1);
	}

	@Test
	void everyRefusedAttemptEndsReconnectionsIncluded() {
		this.runner
			.withPropertyValues("wsclient.clients.prices.url=ws://127.0.0.1:" + refusedPort() + "/ws",
					"wsclient.clients.prices.reconnect.max-retries=2",
					"wsclient.clients.prices.reconnect.initial-delay=10ms",
					"wsclient.clients.prices.reconnect.max-delay=20ms")
			.run((context) -> {
				WsClients clients = context.getBean(WsClients.class);
				await().atMost(TIMEOUT)
					.until(() -> this.attempts.stopped.size() == 3 && clients.get("prices").state() == WsState.CLOSED);
				this.attempts.assertNoneOpen(3);
				assertThat(this.observations).hasNumberOfObservationsWithNameEqualTo("wsclient.connect", 3)
					.forAllObservationsWithNameEqualTo("wsclient.connect",
							(observation) -> observation.hasLowCardinalityKeyValue("outcome", "-111")
								.hasError()
								.assertThatError()
								.isInstanceOf(WsConnectException.class));
			});
	}

	@Test
	void anAttemptThatTimesOutEnds() {
		this.server.misbehave(Misbehaviour.neverAnswerHandshake());
		this.runner
			.withPropertyValues("wsclient.clients.prices.url=" + this.server.uri("/ws"),
					"wsclient.clients.prices.connect-timeout=200ms", "wsclient.clients.prices.reconnect.enabled=false")
			.run((context) -> {
				await().atMost(TIMEOUT).until(() -> this.attempts.stopped.size() == 1);
				this.attempts.assertNoneOpen(1);
				assertThat(this.observations).hasSingleObservationThat()
					.hasLowCardinalityKeyValue("outcome", "-18")
					.hasError()
					.hasBeenStopped();
				assertThat(this.server.handshakeCount()).isOne();
			});
	}

	@Test
	void anAttemptAbandonedByCloseEnds() {
		this.server.misbehave(Misbehaviour.neverAnswerHandshake());
		this.runner
			.withPropertyValues("wsclient.clients.prices.url=" + this.server.uri("/ws"),
					"wsclient.clients.prices.connect-timeout=1h")
			.run((context) -> {
				WsClients clients = context.getBean(WsClients.class);
				// The server has the handshake request and will never answer it.
				this.server.takeHandshake(TIMEOUT);
				assertThat(this.attempts.open).hasSize(1);
				clients.close("prices").block(TIMEOUT);
				await().atMost(TIMEOUT).until(() -> this.attempts.stopped.size() == 1);
				this.attempts.assertNoneOpen(1);
				assertThat(this.observations).hasSingleObservationThat()
					.hasLowCardinalityKeyValue("outcome", "0")
					.hasError()
					.hasBeenStopped();
			});
	}

	@Test
	void anAttemptUnderWayWhenTheApplicationStopsEnds() {
		this.server.misbehave(Misbehaviour.neverAnswerHandshake());
		this.runner
			.withPropertyValues("wsclient.clients.prices.url=" + this.server.uri("/ws"),
					"wsclient.clients.prices.connect-timeout=1h")
			.run((context) -> {
				this.server.takeHandshake(TIMEOUT);
				assertThat(this.attempts.open).hasSize(1);
				context.close();
				await().atMost(TIMEOUT).until(() -> this.attempts.stopped.size() == 1);
				this.attempts.assertNoneOpen(1);
			});
	}

	@Test
	void aCloseDuringTheBackoffWaitLeavesNoObservationOpen() {
		this.runner.withPropertyValues("wsclient.clients.prices.url=ws://127.0.0.1:" + refusedPort() + "/ws",
				"wsclient.clients.prices.reconnect.initial-delay=1h", "wsclient.clients.prices.reconnect.max-delay=1h")
			.run((context) -> {
				WsClients clients = context.getBean(WsClients.class);
				await().atMost(TIMEOUT).until(() -> clients.get("prices").state() == WsState.RECONNECTING);
				// The refused attempt has ended; the wait between attempts is not
				// observed.
				this.attempts.assertNoneOpen(1);
				clients.close("prices").block(TIMEOUT);
				assertThat(clients.get("prices").state()).isEqualTo(WsState.CLOSED);
				this.attempts.assertNoneOpen(1);
				assertThat(this.observations).hasSingleObservationThat()
					.hasLowCardinalityKeyValue("outcome", "-111")
					.hasBeenStopped();
			});
	}

	private static int refusedPort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Which {@code wsclient.connect} observations started and which stopped, and any stop
	 * of an observation that was not open.
	 */
	static final class AttemptTracker implements ObservationHandler<Observation.Context> {

		final Set<Observation.Context> open = ConcurrentHashMap.newKeySet();

		final List<Observation.Context> started = new CopyOnWriteArrayList<>();

		final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

		final List<String> violations = new CopyOnWriteArrayList<>();

		@Override
		public void onStart(Observation.Context context) {
			this.started.add(context);
			if (!this.open.add(context)) {
				this.violations.add("started twice: " + context);
			}
		}

		@Override
		public void onStop(Observation.Context context) {
			if (!this.open.remove(context)) {
				this.violations.add("stopped but not open: " + context);
			}
			this.stopped.add(context);
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return "wsclient.connect".equals(context.getName());
		}

		void assertNoneOpen(int attempts) {
			assertThat(this.violations).isEmpty();
			assertThat(this.open).isEmpty();
			assertThat(this.started).hasSize(attempts);
			assertThat(this.stopped).hasSize(attempts);
		}

	}

}
