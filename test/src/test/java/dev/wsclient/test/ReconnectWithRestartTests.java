package dev.wsclient.test;

import java.time.Duration;

import dev.wsclient.core.ReconnectPolicy;
import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsClientOptions;
import dev.wsclient.core.WsMessage;
import dev.wsclient.core.WsStatusCode;
import dev.wsclient.test.server.MockWsServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server that stops and comes back on the same port, and a client that reconnects to
 * it.
 */
@MockWsServerTest
class ReconnectWithRestartTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Test
	void clientReconnectsAfterTheServerRestartsOnTheSamePort(MockWsServer server) {
		server.sendOnConnect("welcome");
		WsClient client = WsClient.create(WsClientOptions.builder()
			.reconnect(ReconnectPolicy.exponentialBackoff().withDelays(Duration.ofMillis(50), Duration.ofMillis(200)))
			.build());
		WsClientCapture capture = WsClientCapture.attach(client);
		try {
			client.connect(server.uri("/feed")).block(TIMEOUT);
			capture.awaitMessages(1, TIMEOUT);
			server.stop();
			assertThat(capture.awaitCloses(1, TIMEOUT).get(0).status())
				.isEqualTo(WsStatusCode.CLOSED_WITHOUT_CLOSE_FRAME);
			// While stopped, attempts are refused.
			assertThat(capture.awaitCloses(2, TIMEOUT).get(1).status()).isEqualTo(WsStatusCode.CONNECTION_REFUSED);
			server.restart();
			capture.awaitConnects(2, TIMEOUT);
			assertThat(capture.awaitMessages(2, TIMEOUT)).extracting(WsMessage::text)
				.containsExactly("welcome", "welcome");
			assertThat(server.connectionCount()).isEqualTo(2);
		}
		finally {
			client.close().block(TIMEOUT);
		}
	}

}
