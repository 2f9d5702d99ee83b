package dev.wsclient.core;

import java.time.Duration;

import dev.wsclient.core.TestResources.EventRecorder;
import dev.wsclient.core.testsupport.ReactorNettyTestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.wsclient.core.TestResources.TIMEOUT;
import static dev.wsclient.core.TestResources.millis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pings after inbound silence, the measured round trip, and giving up on a server that
 * answers none, against the in-process Reactor Netty server.
 */
class HeartbeatTests {

	@RegisterExtension
	final TestResources resources = new TestResources();

	private ReactorNettyTestServer server;

	@BeforeEach
	void startServer() {
		this.server = this.resources.track(ReactorNettyTestServer.start());
	}

	@Test
	void silentServerIsPingedAndTheRoundTripIsMeasured() {
		WsClient client = this.resources.client(WsClientOptions.builder().pingInterval(millis(150)).build());
		client.connect(this.server.uri("/echo")).block(TIMEOUT);
		await().atMost(TIMEOUT)
			.until(() -> client.stats().pingRoundTrip() != null && client.stats().lastPingAnswered());
		assertThat(client.stats().pingRoundTrip()).isPositive().isLessThan(TIMEOUT);
		int pingsSoFar = this.server.pingsReceived();
		assertThat(pingsSoFar).isPositive();
		// Answered pings keep the connection up across several intervals.
		await().during(millis(900)).atMost(TIMEOUT).until(() -> client.state() == WsState.OPEN);
		await().atMost(TIMEOUT).until(() -> this.server.pingsReceived() >= pingsSoFar + 3);
		assertThat(client.stats().lastClose()).isNull();
	}

	@Test
	void everyInboundFrameResetsTheSilenceTimer() {
		WsClient client = this.resources.client(WsClientOptions.builder().pingInterval(millis(500)).build());
		EventRecorder events = this.resources.record(client);
		client.connect(this.server.uri("/tick?every=50")).block(TIMEOUT);
		// Three ping intervals long: a client that ignored the ticks would ping at
		// least twice.
		await().during(Duration.ofMillis(1500))
			.atMost(TIMEOUT)
			.until(() -> this.server.pingsReceived() == 0 && client.state() == WsState.OPEN);
		assertThat(events.of(WsEvent.Received.class)).hasSizeGreaterThan(10);
		assertThat(client.stats().pingRoundTrip()).isNull();
	}

	@Test
	void serverThatAnswersNoPingEndsTheConnectionWithMinus19() {
		WsClient client = this.resources
			.client(WsClientOptions.builder().pingInterval(millis(150)).maxMissedPings(2).build());
		EventRecorder events = this.resources.record(client);
		client.connect(this.server.uri("/silent-after-open")).block(TIMEOUT);
		long opened = System.nanoTime();
		await().atMost(TIMEOUT).until(() -> !events.closes().isEmpty());
		Duration detected = Duration.ofNanos(System.nanoTime() - opened);
		assertThat(events.closes()).singleElement().satisfies((status) -> {
			assertThat(status.code()).isEqualTo(-19);
			assertThat(status.rfcCode()).isNull();
			assertThat(status.reason()).contains("2 pings");
		});
		// Pings at one and two intervals, given up at three.
		assertThat(detected).isGreaterThanOrEqualTo(millis(450)).isLessThan(Duration.ofSeconds(5));
		await().atMost(TIMEOUT).until(() -> this.server.pingsReceived() == 2);
		assertThat(client.stats().lastPingAnswered()).isFalse();
		assertThat(client.state()).isEqualTo(WsState.CLOSED);
	}

}
