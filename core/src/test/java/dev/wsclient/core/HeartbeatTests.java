package dev.wsclient.core;

import java.time.Duration;

import dev.wsclient.core.testsupport.RoutesServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import static dev.wsclient.core.TestResources.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pings after inbound silence, the measured round trip, and giving up on a server that
 * answers none, against the in-process {@code MockWsServer} (its core routes). The
 * intervals run in virtual time ({@link WsClientOptions.Builder#scheduler}), so each is
 * asserted exactly; the round trips are real.
 */
class HeartbeatTests {

	private static final Duration NANO = Duration.ofNanos(1);

	private static final Duration INTERVAL = Duration.ofSeconds(30);

	@RegisterExtension
	final TestResources resources = new TestResources();

	private final VirtualTimeScheduler time = VirtualTimeScheduler.create();

	private RoutesServer server;

	@BeforeEach
	void startServer() {
		this.server = this.resources.track(RoutesServer.start());
	}

	@Test
	void aServerThatAnswersIsPingedEveryIntervalAndEachRoundTripIsMeasured() {
		InstrumentationTests.Recorder recorder = new InstrumentationTests.Recorder();
		WsClient client = client(WsClientOptions.builder().instrumentation(recorder));
		client.connect(this.server.uri("/echo")).block(TIMEOUT);
		for (int ping = 1; ping <= 3; ping++) {
			int answered = ping;
			this.time.advanceTimeBy(INTERVAL);
			await().atMost(TIMEOUT).until(() -> recorder.count("pingAnswered") == answered);
		}
		assertThat(this.server.pingsReceived()).isEqualTo(3);
		assertThat(recorder.roundTrips).hasSize(3).allSatisfy((roundTrip) -> assertThat(roundTrip).isPositive());
		assertThat(client.stats().pingRoundTrip()).isEqualTo(recorder.roundTrips.get(2));
		assertThat(client.stats().lastPingAnswered()).isTrue();
		assertThat(client.state()).isEqualTo(WsState.OPEN);
		assertThat(client.stats().lastClose()).isNull();
	}

	@Test
	void aSilentServerIsPingedExactlyAfterThePingIntervalAndGivenUpAfterMaxMissedPings() {
		RoutesServer server = this.server;
		WsClient client = client(WsClientOptions.builder().maxMissedPings(2));
		TestResources.EventRecorder events = this.resources.record(client);
		client.connect(server.uri("/silent-after-open")).block(TIMEOUT);
		this.time.advanceTimeBy(Duration.ofSeconds(30).minus(NANO));
		assertThat(server.pingsReceived()).isZero();
		this.time.advanceTimeBy(NANO);
		await().atMost(TIMEOUT).until(() -> server.pingsReceived() == 1);
		this.time.advanceTimeBy(Duration.ofSeconds(30));
		await().atMost(TIMEOUT).until(() -> server.pingsReceived() == 2);
		assertThat(client.state()).isEqualTo(WsState.OPEN);
		// Two pings unanswered: given up at the third interval, not before.
		this.time.advanceTimeBy(Duration.ofSeconds(30).minus(NANO));
		assertThat(client.state()).isEqualTo(WsState.OPEN);
		this.time.advanceTimeBy(NANO);
		await().atMost(TIMEOUT).until(() -> events.closes().size() == 1);
		assertThat(events.closes().get(0)).satisfies((status) -> {
			assertThat(status.code()).isEqualTo(-19);
			assertThat(status.reason()).contains("2 pings").contains("90000 ms");
		});
		assertThat(server.pingsReceived()).isEqualTo(2);
		assertThat(client.stats().lastPingAnswered()).isFalse();
	}

	@Test
	void everyInboundFrameRestartsTheSilence() {
		RoutesServer server = this.server;
		WsClient client = client(WsClientOptions.builder());
		client.connect(server.uri("/echo")).block(TIMEOUT);
		StepVerifier.create(client.messages().take(1)).then(() -> {
			this.time.advanceTimeBy(Duration.ofSeconds(20));
			client.send("a sign of life");
		}).expectNextCount(1).expectComplete().verify(TIMEOUT);
		// 30 s after the connection opened, but only 10 s after the echo: no ping yet.
		this.time.advanceTimeBy(Duration.ofSeconds(10));
		assertThat(server.pingsReceived()).isZero();
		this.time.advanceTimeBy(Duration.ofSeconds(20));
		await().atMost(TIMEOUT).until(() -> server.pingsReceived() == 1);
	}

	private WsClient client(WsClientOptions.Builder options) {
		return this.resources.client(options.pingInterval(INTERVAL).scheduler(this.time).build());
	}

}
