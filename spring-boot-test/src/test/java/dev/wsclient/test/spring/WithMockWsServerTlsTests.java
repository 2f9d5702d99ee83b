package dev.wsclient.test.spring;

import java.time.Duration;

import dev.wsclient.autoconfigure.WsClients;
import dev.wsclient.core.WsMessage;
import dev.wsclient.test.server.MockWsServer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static dev.wsclient.test.WsClientCapture.awaitMessages;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WithMockWsServer} over TLS: the client trusts the server's self-signed
 * certificate through an SSL bundle.
 */
@SpringBootTest
@WithMockWsServer(client = "secure", tls = true, sendOnConnect = "over TLS")
class WithMockWsServerTlsTests {

	@Autowired
	private WsClients clients;

	@Autowired
	private MockWsServer server;

	@Test
	void connectsOverTlsTrustingTheSelfSignedCertificate() {
		assertThat(this.server.uri().getScheme()).isEqualTo("wss");
		assertThat(awaitMessages(this.clients.get("secure"), 1, Duration.ofSeconds(10))).extracting(WsMessage::text)
			.containsExactly("over TLS");
	}

}
