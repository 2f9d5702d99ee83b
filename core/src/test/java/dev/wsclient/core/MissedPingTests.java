package dev.wsclient.core;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.wsclient.core.testsupport.Frame;
import dev.wsclient.core.testsupport.ScriptedServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link WsClientStats#lastPingAnswered()} turns false only when a ping went a whole
 * interval unanswered, and true again as soon as the server shows life.
 */
class MissedPingTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Test
	void aPingWithoutAnswerForAWholeIntervalIsMissedUntilTheServerSpeaksAgain() throws Exception {
		CountDownLatch speak = new CountDownLatch(1);
		try (ScriptedServer server = ScriptedServer.start((connection) -> {
			connection.acceptHandshake(connection.readHandshake());
			// Pings are read but never answered until the test says so.
			assertThat(speak.await(10, TimeUnit.SECONDS)).isTrue();
			connection.sendFrame(Frame.text("still here"));
			connection.expectClose(TIMEOUT);
		})) {
			WsClient client = WsClient
				.create(WsClientOptions.builder().pingInterval(Duration.ofMillis(200)).maxMissedPings(10).build());
			try {
				client.connect(server.uri("/")).block(TIMEOUT);
				assertThat(client.stats().lastPingAnswered()).isTrue();
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
