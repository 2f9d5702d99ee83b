package dev.wsclient.core.testsupport;

import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Arrays;

import dev.wsclient.test.server.raw.JdkWebSocketPeer;
import dev.wsclient.test.server.raw.JdkWebSocketPeer.Binary;
import dev.wsclient.test.server.raw.JdkWebSocketPeer.Close;
import dev.wsclient.test.server.raw.JdkWebSocketPeer.Ping;
import dev.wsclient.test.server.raw.JdkWebSocketPeer.Text;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.WebsocketClientSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Checks {@link NodeWsServer} (the Node.js {@code ws} peer) with the JDK WebSocket
 * client.
 */
class NodeWsServerTests {

	private static NodeWsServer server;

	@BeforeAll
	static void startServer() {
		server = NodeWsServer.start();
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void uriPointsAtLoopback() {
		assertThat(server.uri("/count?n=3")).hasToString("ws://127.0.0.1:" + server.port() + "/count?n=3");
	}

	@Test
	void echoKeepsTheOpcode() throws Exception {
		try (JdkWebSocketPeer peer = JdkWebSocketPeer.connect(server.uri("/echo"))) {
			peer.sendText("hello");
			peer.sendBinary(new byte[] { 1, 2, 3 });
			assertThat(peer.next()).isEqualTo(new Text("hello", 1));
			assertThat(peer.next(Binary.class).bytes()).containsExactly(1, 2, 3);
		}
	}

	@Test
	void countSendsTextMessages() throws Exception {
		try (JdkWebSocketPeer peer = JdkWebSocketPeer.connect(server.uri("/count?n=3"))) {
			assertThat(peer.next(Text.class).text()).isEqualTo("0");
			assertThat(peer.next(Text.class).text()).isEqualTo("1");
			assertThat(peer.next(Text.class).text()).isEqualTo("2");
		}
	}

	@Test
	void countSendsBinaryMessagesOfTheRequestedSize() throws Exception {
		try (JdkWebSocketPeer peer = JdkWebSocketPeer.connect(server.uri("/count?n=2&size=70000&type=binary"))) {
			byte[] first = peer.next(Binary.class).bytes();
			byte[] second = peer.next(Binary.class).bytes();
			assertThat(first).hasSize(70000);
			assertThat(second).hasSize(70000);
			assertThat(Arrays.equals(first, new byte[70000])).isTrue();
			assertThat(second[0]).isEqualTo((byte) 1);
		}
	}

	@Test
	void fragmentsArriveAsOneMessageInParts() throws Exception {
		try (JdkWebSocketPeer peer = JdkWebSocketPeer.connect(server.uri("/fragments?parts=3"))) {
			assertThat(peer.next(Text.class)).isEqualTo(new Text("part0part1part2", 3));
			assertThat(peer.next(Text.class)).isEqualTo(new Text("done", 1));
		}
	}

	@Test
	void closeSendsTheRequestedCodeAndReason() throws Exception {
		try (JdkWebSocketPeer peer = JdkWebSocketPeer.connect(server.uri("/close?code=4001&reason=bye"))) {
			assertThat(peer.next(Close.class)).isEqualTo(new Close(4001, "bye"));
		}
	}

	@Test
	void pingIsFollowedByPongReport() throws Exception {
		try (JdkWebSocketPeer peer = JdkWebSocketPeer.connect(server.uri("/ping?payload=abc"))) {
			assertThat(peer.next(Ping.class)).isEqualTo(new Ping("abc"));
			// the JDK client answers pings by itself
			assertThat(peer.next(Text.class).text()).isEqualTo("pong:abc");
		}
	}

	@Test
	void headersAreReportedAsJson() throws Exception {
		try (JdkWebSocketPeer peer = JdkWebSocketPeer.connect(HttpClient.newHttpClient(), server.uri("/headers"),
				(builder) -> builder.header("X-Test-Token", "secret-1"))) {
			assertThat(peer.next(Text.class).text()).contains("\"x-test-token\":\"secret-1\"")
				.contains("\"sec-websocket-version\":\"13\"");
		}
	}

	@Test
	void firstOfferedSubprotocolIsAccepted() throws Exception {
		try (JdkWebSocketPeer peer = JdkWebSocketPeer.connect(HttpClient.newHttpClient(), server.uri("/protocol"),
				(builder) -> builder.subprotocols("v2.json", "v1.json"))) {
			assertThat(peer.next(Text.class).text()).isEqualTo("v2.json");
			assertThat(peer.webSocket().getSubprotocol()).isEqualTo("v2.json");
		}
	}

	@Test
	void unknownPathIsAnswered404() throws Exception {
		Throwable failure = JdkWebSocketPeer.connectFailure(HttpClient.newHttpClient(), server.uri("/nope"));
		assertThat(failure).isInstanceOf(WebSocketHandshakeException.class);
		assertThat(((WebSocketHandshakeException) failure).getResponse().statusCode()).isEqualTo(404);
	}

	@Test
	void deflateCanBeNegotiated() {
		WebsocketClientSpec spec = WebsocketClientSpec.builder().compress(true).build();
		assertThat(RoutesServerTests.connectAndReadExtensions(
				RoutesServerTests.reactorNettyClient().websocket(spec).uri(server.uri("/echo?deflate=true"))))
			.contains("permessage-deflate");
		assertThat(RoutesServerTests
			.connectAndReadExtensions(RoutesServerTests.reactorNettyClient().websocket(spec).uri(server.uri("/echo"))))
			.isEmpty();
	}

	@Test
	void closeStopsTheProcess() {
		NodeWsServer other = NodeWsServer.start();
		assertThat(other.isAlive()).isTrue();
		other.close();
		await().atMost(Duration.ofSeconds(10)).until(() -> !other.isAlive());
	}

}
