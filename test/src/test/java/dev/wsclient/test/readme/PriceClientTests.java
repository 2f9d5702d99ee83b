package dev.wsclient.test.readme;

// README example begins
import java.time.Duration;

import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsClientOptions;
import dev.wsclient.core.WsMessage;
import dev.wsclient.core.WsStatusCode;
import dev.wsclient.test.MockWsServerTest;
import dev.wsclient.test.WsClientCapture;
import dev.wsclient.test.server.Misbehaviour;
import dev.wsclient.test.server.MockWsServer;
import org.junit.jupiter.api.Test;

import static dev.wsclient.test.WsClientCapture.awaitClose;
import static dev.wsclient.test.WsClientCapture.awaitMessages;
import static org.assertj.core.api.Assertions.assertThat;

@MockWsServerTest
class PriceClientTests {

	static final Duration TIMEOUT = Duration.ofSeconds(5);

	@Test
	void subscribesAndReadsTheReplies(MockWsServer server, WsClient client) {
		server.sendOnConnect("{\"type\":\"hello\"}");
		server.enqueueReply("{\"type\":\"subscribed\"}");

		client.connect(server.uri("/v1/prices")).block(TIMEOUT);
		client.send("{\"op\":\"subscribe\",\"channel\":\"BTC-USD\"}").block(TIMEOUT);

		assertThat(server.takeHandshake(TIMEOUT).path()).isEqualTo("/v1/prices");
		assertThat(server.takeMessage(TIMEOUT).text()).isEqualTo("{\"op\":\"subscribe\",\"channel\":\"BTC-USD\"}");
		assertThat(awaitMessages(client, 2, TIMEOUT)).extracting(WsMessage::text)
			.containsExactly("{\"type\":\"hello\"}", "{\"type\":\"subscribed\"}");
	}

	@Test
	void sendsTheTokenAndReportsTheServersClose(MockWsServer server) {
		server.misbehave(Misbehaviour.close(4001, "maintenance"));
		WsClient client = WsClient.create(WsClientOptions.builder().header("Authorization", "Bearer t0ken").build());
		WsClientCapture.attach(client);

		client.connect(server.uri("/v1/prices")).block(TIMEOUT);

		assertThat(server.takeHandshake(TIMEOUT).header("Authorization")).isEqualTo("Bearer t0ken");
		assertThat(awaitClose(client, TIMEOUT)).satisfies((status) -> {
			assertThat(status.status()).isEqualTo(WsStatusCode.SERVER_CLOSED); // -6
			assertThat(status.rfcCode()).isEqualTo(4001);
			assertThat(status.reason()).isEqualTo("maintenance");
		});
	}

}
// README example ends
