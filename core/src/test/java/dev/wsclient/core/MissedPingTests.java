package dev.wsclient.core;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.wsclient.test.server.raw.Frame;
import dev.wsclient.test.server.raw.ScriptedServer;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link WsClientStats#lastPingAnswered()} turns false only when a ping went a whole
 * interval unanswered, and true again as soon as the server shows life. The intervals run
 * in virtual time.
 */
class MissedPingTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final Duration INTERVAL = Duration.ofSeconds(30);

	@Test
	void aPingWithoutAnswerForAWholeIntervalIsMissedUntilTheServerSpeaksAgain() throws Exception {
		CountDownLatch speak = new CountDownLatch(1);
		CountDownLatch pinged = new CountDownLatch(1);
		try (ScriptedServer server = ScriptedServer.start((connection) -> {
			connection.acceptHandshake(connection.readHandshake());
			// The ping is read but never answered; the server speaks when the test says
			// so.
			assertThat(connection.readFrame(TIMEOUT).opcode()).isEqualTo(Frame.PING);
			pinged.countDown();
			assertThat(speak.await(10, TimeUnit.SECONDS)).isTrue();
			connection.sendFrame(Frame.text("still here"));
			connection.expectClose(TIMEOUT);
		})) {
			VirtualTimeScheduler time = VirtualTimeScheduler.create();
			WsClient client = WsClient
				.create(WsClientOptions.builder().pingInterval(INTERVAL).maxMissedPings(10).scheduler(time).build());
			try {
				client.connect(server.uri("/")).block(TIMEOUT);
				time.advanceTimeBy(INTERVAL);
				assertThat(pinged.await(10, TimeUnit.SECONDS)).isTrue();
				// A ping in flight is not a missed one.
				assertThat(client.stats().lastPingAnswered()).isTrue();
				time.advanceTimeBy(INTERVAL.minusNanos(1));
				assertThat(client.stats().lastPingAnswered()).isTrue();
				time.advanceTimeBy(Duration.ofNanos(1));
				await().atMost(TIMEOUT).until(() -> !client.stats().lastPingAnswered());
				assertThat(client.state()).isEqualTo(WsState.OPEN);
				speak.countDown();
				await().atMost(TIMEOUT).until(() -> client.stats().lastPingAnswered());
			}
			finally {
				speak.countDown();
				client.close().block(TIMEOUT);
			}
		}
	}

}
