package dev.wsclient.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.wsclient.core.testsupport.RoutesServer;
import dev.wsclient.test.server.raw.ScriptedServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.test.StepVerifier;

import static dev.wsclient.core.TestResources.TIMEOUT;
import static dev.wsclient.core.TestResources.millis;
import static dev.wsclient.core.TestResources.refusedUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The instrumentation SPI over real connections: every fact reaches the instrumentation
 * once, in order, with the client, never from two threads at once, and an instrumentation
 * that throws does not disturb the client or the other instrumentations.
 */
class InstrumentationTests {

	@RegisterExtension
	final TestResources resources = new TestResources();

	@Test
	void aConnectionIsReportedFromItsStartToItsCloseWithEveryMessageAndItsSize() {
		RoutesServer server = this.resources.track(RoutesServer.start());
		Recorder recorder = new Recorder();
		WsClient client = this.resources.client(WsClientOptions.builder().instrumentation(recorder).build());
		client.onReceive((ws, message) -> {
		});
		client.connect(server.uri("/echo?token=s3cr3t")).block(TIMEOUT);
		client.send("four").block(TIMEOUT);
		client.send(new byte[] { 1, 2 }).block(TIMEOUT);
		await().atMost(TIMEOUT).until(() -> recorder.count("messageReceived") == 2);
		client.close().block(TIMEOUT);
		// A write completes on the event loop that may read the echo first: sent and
		// received are each in order, not with each other.
		assertThat(recorder.calls()).filteredOn((call) -> !call.startsWith("message"))
			.containsExactly("connectStarted " + server.uri("/echo?token=***"), "connected null", "closed 0");
		assertThat(recorder.calls()).filteredOn((call) -> call.startsWith("messageSent"))
			.containsExactly("messageSent TEXT 4", "messageSent BINARY 2");
		assertThat(recorder.calls()).filteredOn((call) -> call.startsWith("messageReceived"))
			.containsExactly("messageReceived TEXT 4", "messageReceived BINARY 2");
		assertThat(recorder.calls().get(2)).startsWith("message");
		assertThat(recorder.calls().get(5)).startsWith("message");
		assertThat(recorder.clients).containsOnly(client);
		assertThat(recorder.overlaps).hasValue(0);
	}

	@Test
	void aFailedAttemptIsReportedAsFailedThenClosedAndEachReconnectionWithItsDelay() {
		Recorder recorder = new Recorder();
		WsClient client = this.resources.client(WsClientOptions.builder()
			.instrumentation(recorder)
			.reconnect(ReconnectPolicy.exponentialBackoff()
				.withDelays(millis(20), millis(40))
				.withJitter(0)
				.withMaxAttempts(2))
			.build());
		String url = refusedUrl().toString();
		assertThatExceptionOfType(WsConnectException.class).isThrownBy(() -> client.connect(url).block(TIMEOUT));
		assertThat(recorder.calls()).containsExactly("connectStarted " + url, "connectFailed -111", "closed -111",
				"reconnecting 1 PT0.02S", "connectStarted " + url, "connectFailed -111", "closed -111",
				"reconnecting 2 PT0.04S", "connectStarted " + url, "connectFailed -111", "closed -111");
		assertThat(recorder.overlaps).hasValue(0);
	}

	@Test
	void everyAnsweredPingIsReportedWithItsRoundTrip() {
		RoutesServer server = this.resources.track(RoutesServer.start());
		Recorder recorder = new Recorder();
		WsClient client = this.resources
			.client(WsClientOptions.builder().instrumentation(recorder).pingInterval(millis(50)).build());
		client.connect(server.uri("/echo")).block(TIMEOUT);
		await().atMost(TIMEOUT).until(() -> recorder.count("pingAnswered") >= 5);
		client.close().block(TIMEOUT);
		// Every ping the server answered was measured; at most the last one was still in
		// flight when the client closed.
		assertThat(recorder.count("pingAnswered")).isBetween(server.pingsReceived() - 1, server.pingsReceived());
		assertThat(recorder.roundTrips).allSatisfy((roundTrip) -> assertThat(roundTrip).isPositive());
		assertThat(client.stats().pingRoundTrip()).isEqualTo(recorder.roundTrips.get(recorder.roundTrips.size() - 1));
	}

	@Test
	void aMessageThatNobodyTakesIsReportedUndelivered() {
		RoutesServer server = this.resources.track(RoutesServer.start());
		Recorder recorder = new Recorder();
		WsClient client = this.resources.client(WsClientOptions.builder().instrumentation(recorder).build());
		client.connect(server.uri("/count?n=3")).block(TIMEOUT);
		await().atMost(TIMEOUT).until(() -> recorder.count("messageUndelivered") == 3);
		assertThat(recorder.count("messageReceived")).isEqualTo(3);
		assertThat(client.stats().messagesUndelivered()).isEqualTo(3);
	}

	@Test
	void aSlowSubscriberPausesReadingAndReadingResumesWhenItCatchesUp() {
		RoutesServer server = this.resources.track(RoutesServer.start());
		Recorder recorder = new Recorder();
		WsClient client = this.resources
			.client(WsClientOptions.builder().instrumentation(recorder).receiveBufferSize(4).build());
		Requester requester = new Requester();
		client.messages().subscribe(requester);
		this.resources.track(requester::dispose);
		client.connect(server.uri("/count?n=100")).block(TIMEOUT);
		await().atMost(TIMEOUT).until(() -> recorder.count("readPaused") == 1);
		requester.request(100);
		await().atMost(TIMEOUT).until(() -> requester.received.get() == 100);
		assertThat(recorder.count("readResumed")).isPositive();
		List<String> pausing = recorder.calls().stream().filter((call) -> call.startsWith("read")).toList();
		for (int i = 0; i < pausing.size(); i++) {
			assertThat(pausing.get(i)).isEqualTo((i % 2 == 0) ? "readPaused" : "readResumed");
		}
	}

	@Test
	void aListenerThatThrowsNeitherBreaksTheClientNorSilencesTheOthers() {
		ScriptedServer server = this.resources.track(ScriptedServer.start((connection) -> {
			connection.acceptHandshake(connection.readHandshake());
			connection.expectClose(TIMEOUT);
		}));
		Recorder recorder = new Recorder();
		WsClientInstrumentation throwing = new WsClientInstrumentation() {

			@Override
			public void connected(WsClient client, @Nullable String subprotocol) {
				throw new IllegalStateException("instrumentation fails");
			}

			@Override
			public void closed(WsClient client, WsCloseStatus status) {
				throw new IllegalStateException("instrumentation fails");
			}

		};
		WsClient client = this.resources.client(WsClientOptions.builder()
			.instrumentation(throwing)
			.instrumentation(recorder)
			.closeTimeout(millis(200))
			.build());
		client.connect(server.uri("/")).block(TIMEOUT);
		assertThat(client.state()).isEqualTo(WsState.OPEN);
		StepVerifier.create(client.close()).expectComplete().verify(TIMEOUT);
		assertThat(recorder.calls()).containsExactly("connectStarted " + server.uri("/"), "connected null", "closed 0");
		assertThat(client.state()).isEqualTo(WsState.CLOSED);
	}

	/** Requests only when told to. */
	private static final class Requester extends BaseSubscriber<WsMessage> {

		final AtomicInteger received = new AtomicInteger();

		@Override
		protected void hookOnSubscribe(Subscription subscription) {
		}

		@Override
		protected void hookOnNext(WsMessage value) {
			this.received.incrementAndGet();
		}

	}

	/**
	 * Records each call as text, and counts calls that overlapped another: the SPI
	 * promises none.
	 */
	static final class Recorder implements WsClientInstrumentation {

		final List<WsClient> clients = new CopyOnWriteArrayList<>();

		final List<Duration> roundTrips = new CopyOnWriteArrayList<>();

		final AtomicInteger overlaps = new AtomicInteger();

		private final List<String> calls = new ArrayList<>();

		private final AtomicInteger inside = new AtomicInteger();

		@Override
		public void connectStarted(WsClient client, String url) {
			record(client, "connectStarted " + url);
		}

		@Override
		public void connected(WsClient client, @Nullable String subprotocol) {
			record(client, "connected " + subprotocol);
		}

		@Override
		public void connectFailed(WsClient client, WsCloseStatus status) {
			record(client, "connectFailed " + status.code());
		}

		@Override
		public void messageReceived(WsClient client, WsMessage message) {
			record(client, "messageReceived " + message.opcode() + " " + message.size());
		}

		@Override
		public void messageUndelivered(WsClient client, WsMessage message) {
			record(client, "messageUndelivered " + message.opcode() + " " + message.size());
		}

		@Override
		public void messageSent(WsClient client, WsMessage message) {
			record(client, "messageSent " + message.opcode() + " " + message.size());
		}

		@Override
		public void pingAnswered(WsClient client, Duration roundTrip) {
			this.roundTrips.add(roundTrip);
			record(client, "pingAnswered");
		}

		@Override
		public void pingMissed(WsClient client) {
			record(client, "pingMissed");
		}

		@Override
		public void readPaused(WsClient client) {
			record(client, "readPaused");
		}

		@Override
		public void readResumed(WsClient client) {
			record(client, "readResumed");
		}

		@Override
		public void closed(WsClient client, WsCloseStatus status) {
			record(client, "closed " + status.code());
		}

		@Override
		public void reconnecting(WsClient client, long attempt, Duration delay) {
			record(client, "reconnecting " + attempt + " " + delay);
		}

		List<String> calls() {
			synchronized (this.calls) {
				return List.copyOf(this.calls);
			}
		}

		int count(String method) {
			return (int) calls().stream()
				.filter((call) -> call.equals(method) || call.startsWith(method + " "))
				.count();
		}

		private void record(WsClient client, String call) {
			if (this.inside.incrementAndGet() != 1) {
				this.overlaps.incrementAndGet();
			}
			try {
				if (!this.clients.contains(client)) {
					this.clients.add(client);
				}
				synchronized (this.calls) {
					this.calls.add(call);
				}
			}
			finally {
				this.inside.decrementAndGet();
			}
		}

	}

}
