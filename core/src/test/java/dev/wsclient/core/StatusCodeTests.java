package dev.wsclient.core;

import java.net.SocketException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.wsclient.test.server.raw.Frame;
import dev.wsclient.test.server.raw.RawHandshakeRequest;
import dev.wsclient.core.testsupport.LocalDnsServer;
import dev.wsclient.core.testsupport.RoutesServer;
import dev.wsclient.test.server.raw.ScriptedServer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.wsclient.core.TestResources.awaitScripts;
import static dev.wsclient.core.TestResources.refusedUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Every seed status that can be produced on 127.0.0.1, produced for real.
 */
class StatusCodeTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@RegisterExtension
	final TestResources resources = new TestResources();

	@Test
	void userCloseIsStatusZeroWithCloseCode1000() {
		RoutesServer server = track(RoutesServer.start());
		WsClient client = client(WsClientOptions.defaults());
		List<WsCloseStatus> closes = closes(client);
		client.connect(server.uri("/echo")).block(TIMEOUT);
		client.close().block(TIMEOUT);
		assertThat(closes).singleElement().satisfies((status) -> {
			assertThat(status.code()).isZero();
			assertThat(status.rfcCode()).isEqualTo(1000);
			assertThat(status.isError()).isFalse();
		});
		assertThat(client.state()).isEqualTo(WsState.CLOSED);
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://127.0.0.1:1/", "tcp://127.0.0.1:1/", "127.0.0.1:80", "  " })
	void urlWithoutWsSchemeIsMinusOne(String url) {
		assertConnectFailsBeforeIo(url, -1);
	}

	@Test
	void hostnameLongerThan255CharactersIsMinusTwo() {
		String host = String.join(".", "a".repeat(60), "b".repeat(60), "c".repeat(60), "d".repeat(60), "e".repeat(20));
		assertThat(host.length()).isGreaterThan(255);
		assertConnectFailsBeforeIo("ws://" + host + ":8080/", -2);
	}

	@ParameterizedTest
	@ValueSource(strings = { "ws://127.0.0.1:0/", "ws://127.0.0.1:65536/", "wss://127.0.0.1:99999999999/" })
	void portOutsideTheValidRangeIsMinusThree(String url) {
		assertConnectFailsBeforeIo(url, -3);
	}

	@ParameterizedTest
	@ValueSource(strings = { "ws:///path", "ws://:8080/", "ws:relative" })
	void urlWithoutHostnameIsMinusFour(String url) {
		assertConnectFailsBeforeIo(url, -4);
	}

	@Test
	void unknownHostIsMinusFive() {
		LocalDnsServer dns = track(LocalDnsServer.start());
		EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
		track(() -> group.shutdownGracefully(0, 1, TimeUnit.SECONDS));
		DnsAddressResolverGroup resolver = new DnsAddressResolverGroup(
				new DnsNameResolverBuilder(group.next()).datagramChannelType(NioDatagramChannel.class)
					.nameServerProvider(new SingletonDnsServerAddressStreamProvider(dns.address()))
					.queryTimeoutMillis(2000));
		track(resolver);
		WsClient client = client(WsClientOptions.builder().resolver(resolver).build());
		WsCloseStatus status = failedConnect(client, URI.create("ws://no-such-host.wsclient.test:8080/"));
		assertThat(status.code()).isEqualTo(-5);
		assertThat(dns.queriesReceived()).isPositive();
		assertThat(dns.queriedNames()).anyMatch((name) -> name.startsWith("no-such-host.wsclient.test"));
	}

	@Test
	void serverCloseFrameIsMinusSixWithTheServersCodeAndReason() {
		RoutesServer server = track(RoutesServer.start());
		WsClient client = client(WsClientOptions.defaults());
		List<WsCloseStatus> closes = closes(client);
		client.connect(server.uri("/close?code=4001&reason=maintenance")).block(TIMEOUT);
		await().atMost(TIMEOUT).until(() -> !closes.isEmpty());
		WsCloseStatus status = closes.get(0);
		assertThat(status.code()).isEqualTo(-6);
		assertThat(status.rfcCode()).isEqualTo(4001);
		assertThat(status.reason()).isEqualTo("maintenance");
		await().atMost(TIMEOUT).until(() -> client.state() == WsState.CLOSED);
	}

	@Test
	void wrongSecWebSocketAcceptIsMinusSeven() {
		ScriptedServer server = track(ScriptedServer.start((connection) -> {
			connection.readHandshake();
			connection.writeRaw("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
					+ "Sec-WebSocket-Accept: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
			connection.awaitClientClose(TIMEOUT);
		}));
		WsCloseStatus status = failedConnect(client(WsClientOptions.defaults()), server.uri("/"));
		assertThat(status.code()).isEqualTo(-7);
		assertThat(status.httpStatus()).isNull();
	}

	@Test
	void missingUpgradeHeaderIsMinusSeven() {
		ScriptedServer server = track(ScriptedServer.start((connection) -> {
			RawHandshakeRequest request = connection.readHandshake();
			connection.writeRaw("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
					+ request.expectedAccept() + "\r\n\r\n");
			connection.awaitClientClose(TIMEOUT);
		}));
		assertThat(failedConnect(client(WsClientOptions.defaults()), server.uri("/")).code()).isEqualTo(-7);
	}

	@Test
	void inboundMessageOverTheSizeLimitIsMinusEightWithClose1009() {
		WsCloseStatus status = closeAfterOpening(WsClientOptions.builder().maxMessageSize(1000).build(),
				(connection) -> {
					connection.acceptHandshake(connection.readHandshake());
					connection.sendFrame(Frame.continuation(new byte[0], false)
						.toBuilder()
						.opcode(1)
						.payload(new byte[600])
						.build());
					connection.sendFrame(Frame.continuation(new byte[600], true));
					assertThat(connection.expectClose(TIMEOUT).closeCode()).isEqualTo(1009);
				});
		assertThat(status.code()).isEqualTo(-8);
		assertThat(status.rfcCode()).isEqualTo(1009);
	}

	@Test
	void singleFrameOverTheSizeLimitIsMinusEight() {
		WsCloseStatus status = closeAfterOpening(WsClientOptions.builder().maxMessageSize(1000).build(),
				(connection) -> {
					connection.acceptHandshake(connection.readHandshake());
					connection.sendFrame(Frame.binary(new byte[2000]));
					assertThat(connection.expectClose(TIMEOUT).closeCode()).isEqualTo(1009);
				});
		assertThat(status.code()).isEqualTo(-8);
	}

	@Test
	void continuationWithoutStartIsMinusFifteenWithClose1002() {
		WsCloseStatus status = closeAfterOpening(WsClientOptions.defaults(), (connection) -> {
			connection.acceptHandshake(connection.readHandshake());
			connection.sendFrame(Frame.continuation("orphan", true));
			assertThat(connection.expectClose(TIMEOUT).closeCode()).isEqualTo(1002);
		});
		assertThat(status.code()).isEqualTo(-15);
		assertThat(status.rfcCode()).isEqualTo(1002);
	}

	@Test
	void dataFrameInsideAFragmentedMessageIsMinusFifteen() {
		WsCloseStatus status = closeAfterOpening(WsClientOptions.defaults(), (connection) -> {
			connection.acceptHandshake(connection.readHandshake());
			connection.sendFrame(Frame.text("start").toBuilder().fin(false).build());
			connection.sendFrame(Frame.text("intruder"));
			assertThat(connection.expectClose(TIMEOUT).closeCode()).isEqualTo(1002);
		});
		assertThat(status.code()).isEqualTo(-15);
	}

	@Test
	void outboundMessageOverTheLimitIsRefusedWithMinusSixteenAndNothingIsSent() {
		RoutesServer server = track(RoutesServer.start());
		WsClient client = client(WsClientOptions.builder().maxOutboundMessageSize(100).build());
		List<WsMessage> received = new CopyOnWriteArrayList<>();
		client.onReceive((ws, message) -> received.add(message));
		client.connect(server.uri("/echo")).block(TIMEOUT);
		assertThatExceptionOfType(WsSendException.class).isThrownBy(() -> client.sendNow(new byte[101]))
			.satisfies((ex) -> {
				assertThat(ex.code()).isEqualTo(-16);
				assertThat(ex.reason()).isEqualTo(WsSendException.Reason.TOO_LARGE);
				assertThat(ex.getMessage()).contains("maxOutboundMessageSize");
			});
		client.send("after").block(TIMEOUT);
		await().atMost(TIMEOUT).until(() -> !received.isEmpty());
		assertThat(received).containsExactly(WsMessage.text("after"));
		assertThat(client.state()).isEqualTo(WsState.OPEN);
	}

	@Test
	void sendBufferFullIsMinusSixteenWhenTheServerStopsReading() {
		ScriptedServer server = track(ScriptedServer.start((connection) -> {
			connection.acceptHandshake(connection.readHandshake());
			// Never read again: the socket buffers fill and the client's writes back up.
			connection.silence(Duration.ofSeconds(20));
		}));
		WsClient client = client(WsClientOptions.builder().sendBufferLimit(256 * 1024).build());
		client.connect(server.uri("/")).block(TIMEOUT);
		byte[] chunk = new byte[64 * 1024];
		WsSendException refused = null;
		for (int i = 0; i < 10_000 && refused == null; i++) {
			try {
				client.sendNow(chunk);
			}
			catch (WsSendException ex) {
				refused = ex;
			}
		}
		assertThat(refused).isNotNull().satisfies((ex) -> {
			assertThat(ex.code()).isEqualTo(-16);
			assertThat(ex.reason()).isEqualTo(WsSendException.Reason.BUFFER_FULL);
		});
	}

	@Test
	void httpStatusOtherThan101IsMinusSeventeenKeepingTheStatus() {
		RoutesServer server = track(RoutesServer.start());
		WsCloseStatus status = failedConnect(client(WsClientOptions.defaults()), server.uri("/status/403"));
		assertThat(status.code()).isEqualTo(-17);
		assertThat(status.httpStatus()).isEqualTo(403);
	}

	@Test
	void httpStatusOtherThan101WithABodyTooLargeToReadIsMinusSeventeenWithoutTheResponseHeaders() {
		ScriptedServer server = track(ScriptedServer.start((connection) -> {
			connection.readHandshake();
			byte[] body = new byte[256 * 1024];
			connection.writeRaw("HTTP/1.1 200 OK\r\nSet-Cookie: session=secret-cookie-value\r\n"
					+ "X-Upstream-Token: secret-header-value\r\nContent-Type: text/html\r\nContent-Length: "
					+ body.length + "\r\n\r\n");
			try {
				connection.writeRaw(body);
			}
			catch (SocketException ex) {
				// The client reads only the start of a refused handshake's body and then
				// closes, which it may do before all of the body is written.
			}
			assertThat(connection.awaitClientClose(TIMEOUT)).isTrue();
		}));
		WsCloseStatus status = failedConnect(client(WsClientOptions.defaults()), server.uri("/"));
		assertThat(status.code()).isEqualTo(-17);
		assertThat(status.httpStatus()).isEqualTo(200);
		assertThat(status.reason()).doesNotContain("secret").doesNotContain("Set-Cookie");
		assertThat(status.toString()).doesNotContain("secret");
		awaitScripts(server);
	}

	@Test
	void silentServerIsMinusEighteenAfterTheConnectTimeout() {
		ScriptedServer server = track(ScriptedServer.start((connection) -> {
			connection.readHandshake();
			connection.awaitClientClose(TIMEOUT);
		}));
		WsClient client = client(WsClientOptions.builder().connectTimeout(Duration.ofMillis(300)).build());
		long start = System.nanoTime();
		WsCloseStatus status = failedConnect(client, server.uri("/"));
		assertThat(status.code()).isEqualTo(-18);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		awaitScripts(server);
	}

	@Test
	void serverAnsweringNoPingIsMinusNineteen() {
		ScriptedServer server = track(ScriptedServer.start((connection) -> {
			connection.acceptHandshake(connection.readHandshake());
			// Read the pings but never answer them.
			connection.awaitClientClose(TIMEOUT);
		}));
		WsClient client = client(
				WsClientOptions.builder().pingInterval(Duration.ofMillis(150)).maxMissedPings(2).build());
		List<WsCloseStatus> closes = closes(client);
		client.connect(server.uri("/")).block(TIMEOUT);
		long opened = System.nanoTime();
		await().atMost(TIMEOUT).until(() -> !closes.isEmpty());
		Duration detected = Duration.ofNanos(System.nanoTime() - opened);
		assertThat(closes.get(0).code()).isEqualTo(-19);
		// ping at 1x, 2x, give up at 3x the interval: never before, and well within a
		// bound.
		assertThat(detected).isGreaterThanOrEqualTo(Duration.ofMillis(450)).isLessThan(Duration.ofSeconds(5));
		awaitScripts(server);
		assertThat(Arrays.asList(server.scriptFailures().toArray())).isEmpty();
	}

	@Test
	void nothingListeningIsMinus111() {
		WsCloseStatus status = failedConnect(client(WsClientOptions.defaults()), refusedUrl());
		assertThat(status.code()).isEqualTo(-111);
		assertThat(status.status()).isEqualTo(WsStatusCode.CONNECTION_REFUSED);
	}

	@Test
	void resetAfterTheHandshakeIsMinus104() {
		WsCloseStatus status = closeAfterOpening(WsClientOptions.defaults(), (connection) -> {
			connection.acceptHandshake(connection.readHandshake());
			connection.closeAbruptly();
		});
		assertThat(status.code()).isEqualTo(-104);
	}

	@Test
	void tcpCloseWithoutCloseFrameIsMinus200() {
		WsCloseStatus status = closeAfterOpening(WsClientOptions.defaults(), (connection) -> {
			connection.acceptHandshake(connection.readHandshake());
			connection.sendFrame(Frame.text("last words"));
			connection.closeGracefully();
		});
		assertThat(status.code()).isEqualTo(-200);
		assertThat(status.rfcCode()).isNull();
	}

	@Test
	void reservedBitsWithoutExtensionAreMinus201WithClose1002() {
		ScriptedServer server = track(ScriptedServer.start((connection) -> {
			connection.acceptHandshake(connection.readHandshake());
			connection.sendFrame(Frame.text("reserved").toBuilder().rsv(0b100).build());
			assertThat(connection.expectClose(TIMEOUT).closeCode()).isEqualTo(1002);
		}));
		WsClient client = client(WsClientOptions.defaults());
		List<WsCloseStatus> closes = closes(client);
		List<WsMessage> received = new CopyOnWriteArrayList<>();
		client.onReceive((ws, message) -> received.add(message));
		client.connect(server.uri("/")).block(TIMEOUT);
		await().atMost(TIMEOUT).until(() -> !closes.isEmpty());
		assertThat(closes.get(0).code()).isEqualTo(-201);
		assertThat(received).isEmpty();
		awaitScripts(server);
	}

	@Test
	void invalidUtf8IsMinus202WithClose1007() {
		WsCloseStatus status = closeAfterOpening(WsClientOptions.defaults(), (connection) -> {
			connection.acceptHandshake(connection.readHandshake());
			connection.sendFrame(Frame.builder().opcode(1).payload(new byte[] { 'o', 'k', (byte) 0xC3, 0x28 }).build());
			assertThat(connection.expectClose(TIMEOUT).closeCode()).isEqualTo(1007);
		});
		assertThat(status.code()).isEqualTo(-202);
		assertThat(status.rfcCode()).isEqualTo(1007);
	}

	/**
	 * Connect to a scripted server and return how the connection ended, once the script
	 * has run to its end without failing.
	 */
	private WsCloseStatus closeAfterOpening(WsClientOptions options, ScriptedServer.Script script) {
		ScriptedServer server = track(ScriptedServer.start(script));
		WsClient client = client(options);
		List<WsCloseStatus> closes = closes(client);
		client.connect(server.uri("/")).onErrorComplete().block(TIMEOUT);
		await().atMost(TIMEOUT).until(() -> !closes.isEmpty());
		awaitScripts(server);
		return closes.get(0);
	}

	private void assertConnectFailsBeforeIo(String url, int expectedCode) {
		WsClient client = client(WsClientOptions.defaults());
		List<WsCloseStatus> closes = closes(client);
		assertThatExceptionOfType(WsConnectException.class).isThrownBy(() -> client.connect(url).block(TIMEOUT))
			.satisfies((ex) -> {
				assertThat(ex.status().code()).isEqualTo(expectedCode);
				assertThat(ex.getMessage()).contains("url");
			});
		assertThat(closes).singleElement().satisfies((status) -> assertThat(status.code()).isEqualTo(expectedCode));
		assertThat(client.state()).isEqualTo(WsState.CLOSED);
		assertThat(client.stats().connectAttempts()).isZero();
	}

	private WsCloseStatus failedConnect(WsClient client, URI url) {
		List<WsCloseStatus> closes = closes(client);
		assertThatExceptionOfType(WsConnectException.class).isThrownBy(() -> client.connect(url).block(TIMEOUT));
		await().atMost(TIMEOUT).until(() -> !closes.isEmpty());
		assertThat(closes).hasSize(1);
		assertThat(client.state()).isEqualTo(WsState.CLOSED);
		return closes.get(0);
	}

	private List<WsCloseStatus> closes(WsClient client) {
		List<WsCloseStatus> closes = new CopyOnWriteArrayList<>();
		client.onClose((ws, status) -> closes.add(status));
		return closes;
	}

	private WsClient client(WsClientOptions options) {
		return this.resources.client(options);
	}

	private <T extends AutoCloseable> T track(T resource) {
		return this.resources.track(resource);
	}

}
