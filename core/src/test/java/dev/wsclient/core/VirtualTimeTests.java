package dev.wsclient.core;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import dev.wsclient.core.testsupport.RoutesServer;
import dev.wsclient.test.server.raw.ScriptedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.scheduler.VirtualTimeScheduler;

import static dev.wsclient.core.TestResources.TIMEOUT;
import static dev.wsclient.core.TestResources.refusedUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The client's timers in virtual time ({@link WsClientOptions.Builder#scheduler}): the
 * network is real, but the heartbeat, the connect and close timeouts and the reconnection
 * backoff fire when the test moves the clock, so their delays are asserted exactly rather
 * than within windows.
 */
class VirtualTimeTests {

	private static final Duration NANO = Duration.ofNanos(1);

	@RegisterExtension
	final TestResources resources = new TestResources();

	private final VirtualTimeScheduler time = VirtualTimeScheduler.create();

	@Test
	void reconnectionAttemptsStartExactlyAfterTheirDelays() {
		InstrumentationTests.Recorder recorder = new InstrumentationTests.Recorder();
		WsClient client = client(WsClientOptions.builder()
			.instrumentation(recorder)
			.reconnect(ReconnectPolicy.exponentialBackoff()
				.withDelays(Duration.ofSeconds(1), Duration.ofSeconds(4))
				.withJitter(0)
				.withMaxAttempts(4)));
		URI refused = refusedUrl();
		client.connect(refused).subscribe(null, (failure) -> {
		});
		List<Duration> delays = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
				Duration.ofSeconds(4));
		for (int attempt = 1; attempt <= delays.size(); attempt++) {
			int started = attempt;
			await().atMost(TIMEOUT).until(() -> recorder.count("reconnecting") == started);
			assertThat(client.state()).isEqualTo(WsState.RECONNECTING);
			this.time.advanceTimeBy(delays.get(attempt - 1).minus(NANO));
			assertThat(recorder.count("connectStarted")).as("attempts before delay %d ran out", attempt)
				.isEqualTo(attempt);
			this.time.advanceTimeBy(NANO);
			await().atMost(TIMEOUT).until(() -> recorder.count("connectStarted") == started + 1);
		}
		await().atMost(TIMEOUT).until(() -> client.state() == WsState.CLOSED);
		assertThat(recorder.calls()).filteredOn((call) -> call.startsWith("reconnecting"))
			.containsExactly("reconnecting 1 PT1S", "reconnecting 2 PT2S", "reconnecting 3 PT4S",
					"reconnecting 4 PT4S");
	}

	@Test
	void aConnectionOpenForResetAfterStartsTheBackoffAgainAndOneOpenForLessDoesNot() {
		RoutesServer server = this.resources.track(RoutesServer.start());
		InstrumentationTests.Recorder recorder = new InstrumentationTests.Recorder();
		WsClient client = client(WsClientOptions.builder()
			.instrumentation(recorder)
			.reconnect(ReconnectPolicy.exponentialBackoff()
				.withDelays(Duration.ofSeconds(1), Duration.ofSeconds(8))
				.withJitter(0)
				.withResetAfter(Duration.ofSeconds(10))));
		client.connect(server.uri("/echo")).block(TIMEOUT);
		server.dropConnections();
		await().atMost(TIMEOUT).until(() -> recorder.count("reconnecting") == 1);
		this.time.advanceTimeBy(Duration.ofSeconds(1));
		await().atMost(TIMEOUT).until(() -> client.state() == WsState.OPEN);
		// Open for a nanosecond less than resetAfter: not stable.
		this.time.advanceTimeBy(Duration.ofSeconds(10).minus(NANO));
		server.dropConnections();
		await().atMost(TIMEOUT).until(() -> recorder.count("reconnecting") == 2);
		this.time.advanceTimeBy(Duration.ofSeconds(2));
		await().atMost(TIMEOUT).until(() -> client.state() == WsState.OPEN);
		// Open for exactly resetAfter: stable, the next loss starts from the first delay.
		this.time.advanceTimeBy(Duration.ofSeconds(10));
		server.dropConnections();
		await().atMost(TIMEOUT).until(() -> recorder.count("reconnecting") == 3);
		assertThat(recorder.calls()).filteredOn((call) -> call.startsWith("reconnecting"))
			.containsExactly("reconnecting 1 PT1S", "reconnecting 2 PT2S", "reconnecting 1 PT1S");
	}

	@Test
	void aHandshakeThatNeverCompletesEndsExactlyAtTheConnectTimeout() {
		ScriptedServer server = this.resources.track(ScriptedServer.start((connection) -> {
			connection.readHandshake();
			connection.awaitClientClose(TIMEOUT);
		}));
		WsClient client = client(WsClientOptions.builder().connectTimeout(Duration.ofSeconds(10)));
		TestResources.EventRecorder events = this.resources.record(client);
		client.connect(server.uri("/")).subscribe(null, (failure) -> {
		});
		await().atMost(TIMEOUT).until(() -> server.acceptedConnections() == 1);
		this.time.advanceTimeBy(Duration.ofSeconds(10).minus(NANO));
		assertThat(client.state()).isEqualTo(WsState.CONNECTING);
		this.time.advanceTimeBy(NANO);
		await().atMost(TIMEOUT).until(() -> events.closes().size() == 1);
		assertThat(events.closes().get(0).code()).isEqualTo(-18);
		assertThat(client.state()).isEqualTo(WsState.CLOSED);
	}

	private WsClient client(WsClientOptions.Builder options) {
		return this.resources.client(options.scheduler(this.time).build());
	}

}
