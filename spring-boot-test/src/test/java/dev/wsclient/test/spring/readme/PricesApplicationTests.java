package dev.wsclient.test.spring.readme;

// README example begins
import java.time.Duration;

import dev.wsclient.autoconfigure.WsClients;
import dev.wsclient.core.WsMessage;
import dev.wsclient.test.server.MockWsServer;
import dev.wsclient.test.spring.WithMockWsServer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static dev.wsclient.test.WsClientCapture.awaitMessages;
import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(properties = "wsclient.clients.prices.on-connect-messages[0]={\"op\":\"subscribe\"}")
@WithMockWsServer(client = "prices", path = "/v1/prices", sendOnConnect = "{\"type\":\"hello\"}")
class PricesApplicationTests {

	static final Duration TIMEOUT = Duration.ofSeconds(5);

	@Autowired
	WsClients clients;

	@Autowired
	MockWsServer server;

	@Test
	void connectsAtStartUpSubscribesAndReceives() {
		assertThat(this.server.takeMessage(TIMEOUT).text()).isEqualTo("{\"op\":\"subscribe\"}");
		this.server.push("{\"type\":\"tick\"}");

		assertThat(awaitMessages(this.clients.get("prices"), 2, TIMEOUT)).extracting(WsMessage::text)
			.containsExactly("{\"type\":\"hello\"}", "{\"type\":\"tick\"}");
	}

}
// README example ends
