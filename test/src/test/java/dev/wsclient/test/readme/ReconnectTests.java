package dev.wsclient.test.readme;

// README example begins
import java.time.Duration;

import dev.wsclient.core.ReconnectPolicy;
import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsClientOptions;
import dev.wsclient.core.WsMessage;
import dev.wsclient.core.WsStatusCode;
import dev.wsclient.test.MockWsServerTest;
import dev.wsclient.test.WsClientCapture;
import dev.wsclient.test.server.MockWsServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@MockWsServerTest
class ReconnectTests {

	static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Test
	void reconnectsWhenTheServerComesBackOnTheSamePort(MockWsServer server) {
		server.sendOnConnect("welcome");
		WsClient client = WsClient.create(WsClientOptions.builder()
			.reconnect(ReconnectPolicy.exponentialBackoff().withDelays(Duration.ofMillis(50), Duration.ofMillis(200)))
			.build());
		WsClientCapture capture = WsClientCapture.attach(client);
		try {
			client.connect(server.uri("/feed")).block(TIMEOUT);

			server.stop(); // connections end without a close frame, new ones are refused
			assertThat(capture.awaitCloses(2, TIMEOUT)).extracting((status) -> status.status())
				.containsExactly(WsStatusCode.CLOSED_WITHOUT_CLOSE_FRAME, WsStatusCode.CONNECTION_REFUSED);

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
// README example ends
