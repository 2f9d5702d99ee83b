package dev.wsclient.core.testsupport;

import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import javax.net.ssl.SSLHandshakeException;

import dev.wsclient.test.server.HandshakeRequest;
import dev.wsclient.test.server.SelfSignedTls;
import dev.wsclient.test.server.raw.JdkWebSocketPeer;
import dev.wsclient.test.server.raw.JdkWebSocketPeer.Binary;
import dev.wsclient.test.server.raw.JdkWebSocketPeer.Close;
import dev.wsclient.test.server.raw.JdkWebSocketPeer.Ping;
import dev.wsclient.test.server.raw.JdkWebSocketPeer.Pong;
import dev.wsclient.test.server.raw.JdkWebSocketPeer.Text;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient.WebsocketSender;
import reactor.netty.http.client.WebsocketClientSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Checks the routes of {@link RoutesServer} with the JDK WebSocket client and a Reactor
 * Netty client; what the routes are made of is checked in wsclient-test-server's own
 * tests of {@code MockWsServer}.
 */
class RoutesServerTests {

	private static RoutesServer server;

	@BeforeAll
	static void startServer() {
		server = RoutesServer.start();
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void echoKeepsTheOpcodeAndAggregatesFragments() throws Exception {
		try (JdkWebSocketPeer peer = JdkWebSocketPeer.connect(server.uri("/echo"))) {
			peer.sendText("hello");
			peer.sendBinary(new byte[] { 1, 2, 3 });
			peer.sendText("ab", false);
			peer.sendText("cd", true);
			assertThat(peer.next()).isEqualTo(new Text("hello", 1));
			assertThat(peer.next(Binary.class).bytes()).containsExactly(1, 2, 3);
			assertThat(peer.next(Text.class).text()).isEqualTo("abcd");
		}
	}

	@Test
	void echoHandlesMessagesLargerThanNettysDefaultFrameLimit() throws Exception {
		byte[] large = new byte[200_000];
		large[199_999] = 7;
		try (JdkWebSocketPeer peer = JdkWebSocketPeer.connect(server.uri("/echo"))) {
			peer.sendBinary(large);
			assertThat(peer.next(Binary.class).bytes()).isEqualTo(large);
		}
	}

	@Test
	void countSendsTextAndBinaryMessages() throws Exception {
		try (JdkWebSocketPeer peer = JdkWebSocketPeer.connect(server.uri("/count?n=2&size=3"))) {
			assertThat(peer.next(Text.class).text()).isEqualTo("0xx");
			assertThat(peer.next(Text.class).text()).isEqualTo("1xx");
		}
		try (JdkWebSocketPeer peer = JdkWebSocketPeer.connect(server.uri("/count?n=2&size=4&type=binary"))) {
			assertThat(peer.next(Binary.class).bytes()).containsExactly(0, 0, 0, 0);
			assertThat(peer.next(Binary.class).bytes()).containsExactly(1, 1, 1, 1);
		}
	}

	@Test
	void fragmentsArriveAsOneMessageInParts() throws Exception {
		try (JdkWebSocketPeer peer = JdkWebSocketPeer.connect(server.uri("/fragments?parts=4"))) {
			assertThat(peer.next(Text.class)).isEqualTo(new Text("part0part1part2part3", 4));
			assertThat(peer.next(Text.class)).isEqualTo(new Text("done", 1));
		}
	}

	@Test
	void closeSendsTheRequestedCodeAndReason() throws Exception {
		try (JdkWebSocketPeer peer = JdkWebSocketPeer.connect(server.uri("/close?code=4002&reason=go%20away"))) {
			assertThat(peer.next(Close.class)).isEqualTo(new Close(4002, "go away"));
		}
	}

	@Test
	void handshakeHeadersAreRecordedAndReported() throws Exception {
		try (JdkWebSocketPeer peer = JdkWebSocketPeer.connect(HttpClient.newHttpClient(),
				server.uri("/headers?trace=1"), (builder) -> builder.header("X-Test-Token", "secret-2"))) {
			assertThat(peer.next(Text.class).text()).contains("\"x-test-token\":\"secret-2\"");
		}
		HandshakeRequest request = server.requests()
			.stream()
			.filter((recorded) -> recorded.target().equals("/headers?trace=1"))
			.findFirst()
			.orElseThrow();
		assertThat(request.path()).isEqualTo("/headers");
		assertThat(request.header("x-test-token")).isEqualTo("secret-2");
		assertThat(request.header("Upgrade")).isEqualToIgnoringCase("websocket");
	}

	@Test
	void firstOfferedSupportedSubprotocolIsSelected() throws Exception {
		try (JdkWebSocketPeer peer = JdkWebSocketPeer.connect(HttpClient.newHttpClient(), server.uri("/protocol"),
				(builder) -> builder.subprotocols("other", "v2.json", "v1.json"))) {
			assertThat(peer.next(Text.class).text()).isEqualTo("v2.json");
			assertThat(peer.webSocket().getSubprotocol()).isEqualTo("v2.json");
		}
	}

	@Test
	void statusRouteAnswersWithoutUpgrading() throws Exception {
		for (int status : List.of(404, 503, 302)) {
			Throwable failure = JdkWebSocketPeer.connectFailure(HttpClient.newHttpClient(),
					server.uri("/status/" + status + "?location=/elsewhere"));
			assertThat(failure).isInstanceOf(WebSocketHandshakeException.class);
			assertThat(((WebSocketHandshakeException) failure).getResponse().statusCode()).isEqualTo(status);
			assertThat(((WebSocketHandshakeException) failure).getResponse().headers().firstValue("Location"))
				.hasValue("/elsewhere");
		}
	}

	@Test
	void otherPathsAreRefusedWith404AndNotListedAsServed() throws Exception {
		Throwable failure = JdkWebSocketPeer.connectFailure(HttpClient.newHttpClient(), server.uri("/nope"));
		assertThat(failure).isInstanceOf(WebSocketHandshakeException.class);
		assertThat(((WebSocketHandshakeException) failure).getResponse().statusCode()).isEqualTo(404);
		assertThat(server.requests()).extracting(HandshakeRequest::path).doesNotContain("/nope");
	}

	@Test
	void subprotocolsAreNegotiatedOnTheProtocolRouteOnly() throws Exception {
		try (JdkWebSocketPeer peer = JdkWebSocketPeer.connect(HttpClient.newHttpClient(), server.uri("/echo"),
				(builder) -> builder.subprotocols("v1.json"))) {
			assertThat(peer.webSocket().getSubprotocol()).isEmpty();
		}
	}

	@Test
	void pingsAreCountedAndAnswered() throws Exception {
		try (JdkWebSocketPeer peer = JdkWebSocketPeer.connect(server.uri("/echo"))) {
			int before = server.pingsReceived();
			peer.sendPing("p1");
			assertThat(peer.next(Pong.class)).isEqualTo(new Pong("p1"));
			assertThat(server.pingsReceived()).isGreaterThan(before);
		}
	}

	@Test
	void silentRouteCountsPingsButNeverAnswers() throws Exception {
		try (JdkWebSocketPeer peer = JdkWebSocketPeer.connect(server.uri("/silent-after-open"))) {
			int before = server.pingsReceived();
			peer.sendPing("p2");
			peer.sendText("anyone?");
			await().atMost(Duration.ofSeconds(5)).until(() -> server.pingsReceived() > before);
			// the ping was handled (counted) by the server: a pong, had there been one,
			// was written in the same step; give it a generous moment to arrive
			await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> peer.history().isEmpty());
		}
	}

	@Test
	void pingRouteReportsThePongPayload() throws Exception {
		try (JdkWebSocketPeer peer = JdkWebSocketPeer.connect(server.uri("/ping?payload=xyz"))) {
			assertThat(peer.next(Ping.class)).isEqualTo(new Ping("xyz"));
			assertThat(peer.next(Text.class).text()).isEqualTo("pong:xyz");
		}
	}

	@Test
	void droppedConnectionsSurfaceAsErrorsWhileTheServerKeepsAccepting() throws Exception {
		try (RoutesServer own = RoutesServer.start();
				JdkWebSocketPeer peer = JdkWebSocketPeer.connect(own.uri("/echo"))) {
			await().atMost(Duration.ofSeconds(5)).until(() -> own.openConnections() == 1);
			own.dropConnections();
			// the JDK client reports a TCP close without close frame as 1006 (a reset as
			// an error)
			assertThat(peer.next()).isEqualTo(new Close(1006, ""));
			try (JdkWebSocketPeer again = JdkWebSocketPeer.connect(own.uri("/echo"))) {
				again.sendText("still here");
				assertThat(again.next(Text.class).text()).isEqualTo("still here");
			}
		}
	}

	@Test
	void secureServerWorksWithTheJdkClientTrustingTheCertificate() throws Exception {
		SelfSignedTls tls = SelfSignedTls.shared();
		try (RoutesServer secure = RoutesServer.startSecure(tls)) {
			assertThat(secure.uri("/echo").getScheme()).isEqualTo("wss");
			HttpClient client = HttpClient.newBuilder().sslContext(tls.jdkClientContext()).build();
			try (JdkWebSocketPeer peer = JdkWebSocketPeer.connect(client, secure.uri("/echo"), (builder) -> {
			})) {
				peer.sendText("over tls");
				assertThat(peer.next(Text.class).text()).isEqualTo("over tls");
			}
			Throwable untrusted = JdkWebSocketPeer.connectFailure(HttpClient.newHttpClient(), secure.uri("/echo"));
			assertThat(untrusted).isInstanceOf(SSLHandshakeException.class);
		}
	}

	@Test
	void secureServerWorksWithAReactorNettyClientTrustingTheCertificate() {
		SelfSignedTls tls = SelfSignedTls.shared();
		try (RoutesServer secure = RoutesServer.startSecure(tls)) {
			String reply = reactorNettyClient().secure((spec) -> spec.sslContext(tls.clientSslContext()))
				.websocket()
				.uri(secure.uri("/echo"))
				.handle((in, out) -> out.sendObject(Mono.just(new TextWebSocketFrame("netty over tls")))
					.then()
					.thenMany(in.receive().asString(StandardCharsets.UTF_8).next()))
				.next()
				.block(JdkWebSocketPeer.TIMEOUT);
			assertThat(reply).isEqualTo("netty over tls");
		}
	}

	@Test
	void deflateCanBeNegotiated() {
		WebsocketClientSpec spec = WebsocketClientSpec.builder().compress(true).build();
		String extensions = connectAndReadExtensions(
				reactorNettyClient().websocket(spec).uri(server.uri("/echo?deflate=true")));
		assertThat(extensions).contains("permessage-deflate");
		String none = connectAndReadExtensions(reactorNettyClient().websocket(spec).uri(server.uri("/echo")));
		assertThat(none).isEmpty();
	}

	static String connectAndReadExtensions(WebsocketSender receiver) {
		String extensions = receiver
			.handle((in, out) -> Mono.just(String.valueOf(in.headers().get("Sec-WebSocket-Extensions", "")))
				.flatMap((value) -> out.sendClose().thenReturn(value)))
			.next()
			.block(JdkWebSocketPeer.TIMEOUT);
		return Objects.requireNonNull(extensions, "no handshake response");
	}

	static reactor.netty.http.client.HttpClient reactorNettyClient() {
		return reactor.netty.http.client.HttpClient.create().responseTimeout(Duration.ofSeconds(10));
	}

}
