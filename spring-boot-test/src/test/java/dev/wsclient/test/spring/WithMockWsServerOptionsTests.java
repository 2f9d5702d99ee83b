package dev.wsclient.test.spring;

import java.time.Duration;

import dev.wsclient.autoconfigure.WsClients;
import dev.wsclient.core.WsCloseStatus;
import dev.wsclient.core.WsEvent;
import dev.wsclient.test.WsClientCapture;
import dev.wsclient.test.server.MockWsServer;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server options of {@link WithMockWsServer}: subprotocols and the largest message
 * (the fixed port is in {@link MockWsServerContextCustomizerTests}, with a port found
 * free when the test runs).
 */
@SpringBootTest(properties = "wsclient.clients.chat.subprotocols=v2.json,v3.json")
@WithMockWsServer(client = "chat", subprotocols = { "v1.json", "v2.json" })
@WithMockWsServer(client = "small", maxMessageSize = 16, echo = true)
class WithMockWsServerOptionsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Autowired
	private WsClients clients;

	@Autowired
	private MockWsServers servers;

	@Test
	void selectsTheFirstOfferedSubprotocolItAccepts() {
		MockWsServer chat = this.servers.get("chat");
		String offered = String.join(",", chat.takeHandshake(TIMEOUT).headers("Sec-WebSocket-Protocol"));
		assertThat(offered.replace(" ", "")).isEqualTo("v2.json,v3.json");
		// The first connection happened with the context; a second one shows the
		// selection.
		Mono<WsEvent.Connected> connected = this.clients.events("chat").ofType(WsEvent.Connected.class).next().cache();
		connected.subscribe();
		this.clients.reconnect("chat").block(TIMEOUT);
		assertThat(connected.block(TIMEOUT)).extracting(WsEvent.Connected::subprotocol).isEqualTo("v2.json");
	}

	@Test
	void refusesAMessageOverItsMaximumSizeWith1009() {
		WsClientCapture capture = WsClientCapture.of(this.clients.get("small"));
		capture.awaitConnects(1, TIMEOUT);
		this.clients.send("small", "sixteen bytes ok").block(TIMEOUT);
		assertThat(this.servers.get("small").takeMessage(TIMEOUT).text()).isEqualTo("sixteen bytes ok");
		this.clients.send("small", "seventeen bytes!!").block(TIMEOUT);
		WsCloseStatus closed = capture.awaitCloses(1, TIMEOUT).get(0);
		assertThat(closed.rfcCode()).as("%s", closed).isEqualTo(1009);
	}

}
