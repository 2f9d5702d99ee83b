package dev.wsclient.test.spring;

import java.time.Duration;

import dev.wsclient.autoconfigure.WsClients;
import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsMessage;
import dev.wsclient.test.WsClientCapture;
import dev.wsclient.test.server.HandshakeRequest;
import dev.wsclient.test.server.MockWsServer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static dev.wsclient.test.WsClientCapture.awaitMessages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link WithMockWsServer} in a {@code @SpringBootTest} with the starter's
 * auto-configuration.
 */
@SpringBootTest(properties = "wsclient.clients.prices.headers.Authorization=Bearer test-token")
@WithMockWsServer(client = "prices", path = "/v1/prices?depth=2", sendOnConnect = { "welcome", "tick 1" })
@WithMockWsServer(client = "orders", echo = true)
class WithMockWsServerTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Autowired
	private WsClients clients;

	@Autowired
	private MockWsServers servers;

	@Test
	void pointsTheClientAtItsServerAndLosesNothingSentOnConnect() {
		WsClient prices = this.clients.get("prices");
		assertThat(awaitMessages(prices, 2, TIMEOUT)).extracting(WsMessage::text).containsExactly("welcome", "tick 1");
		HandshakeRequest handshake = this.servers.get("prices").takeHandshake(TIMEOUT);
		assertThat(handshake.path()).isEqualTo("/v1/prices");
		assertThat(handshake.queryParameter("depth")).isEqualTo("2");
		assertThat(handshake.header("Authorization")).isEqualTo("Bearer test-token");
	}

	@Test
	void givesEachClientItsOwnServer() {
		MockWsServer orders = this.servers.get("orders");
		assertThat(orders).isNotSameAs(this.servers.get("prices"));
		assertThat(this.servers.clients()).containsExactly("prices", "orders");
		WsClientCapture.of(this.clients.get("orders")).awaitConnects(1, TIMEOUT);
		this.clients.send("orders", "buy 1").block(TIMEOUT);
		assertThat(orders.takeMessage(TIMEOUT).text()).isEqualTo("buy 1");
		assertThat(awaitMessages(this.clients.get("orders"), 1, TIMEOUT).get(0).text()).isEqualTo("buy 1");
	}

	@Test
	void namesTheClientsThatHaveAServer() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.servers.get("news"))
			.withMessageContaining("@WithMockWsServer(client = \"news\")")
			.withMessageContaining("[prices, orders]");
	}

}
