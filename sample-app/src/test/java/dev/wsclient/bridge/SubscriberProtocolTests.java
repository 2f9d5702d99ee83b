package dev.wsclient.bridge;

import java.time.Duration;
import java.util.List;

import dev.wsclient.autoconfigure.WsClients;
import dev.wsclient.bridge.support.ParanoidLeakDetection;
import dev.wsclient.bridge.support.RawConnection;
import dev.wsclient.bridge.support.StalledSubscriber;
import dev.wsclient.bridge.support.TestKeys;
import dev.wsclient.core.WsState;
import dev.wsclient.test.server.raw.Frame;
import dev.wsclient.test.server.raw.ScriptedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What subscribers send is held to RFC 6455, and a bad request or a misbehaving upstream
 * is answered without quoting anything from the request or the upstream's answer.
 */
@ParanoidLeakDetection
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "bridge.demo.enabled=false", "bridge.security.anonymous-read=*",
				"bridge.websocket.max-frame-size=1KB", "bridge.websocket.ping-interval=1s",
				"wsclient.clients.liar.reconnect.enabled=false", "wsclient.clients.liar.required=false",
				TestKeys.MONITOR_HASH, TestKeys.MONITOR_GRANTS })
@DirtiesContext
class SubscriberProtocolTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final byte[] MASK = { 7, 11, 13, 17 };

	/** Answers the handshake with 200, a cookie, a token header and a large page. */
	private static final ScriptedServer liar = ScriptedServer.start((connection) -> {
		connection.readHandshake();
		connection.writeRaw("HTTP/1.1 200 OK\r\nSet-Cookie: session=upstream-cookie-secret\r\n"
				+ "X-Upstream-Token: upstream-token-secret\r\nContent-Length: 300000\r\n\r\n");
		connection.writeRaw(new byte[300_000]);
		connection.awaitClientClose(TIMEOUT);
	});

	@LocalServerPort
	private int port;

	@Autowired
	private WsClients clients;

	@DynamicPropertySource
	static void upstream(DynamicPropertyRegistry registry) {
		registry.add("wsclient.clients.liar.url", () -> liar.uri("/"));
	}

	@AfterAll
	static void stopUpstream(@Autowired WsClients clients) {
		clients.names().forEach((name) -> clients.close(name).block(TIMEOUT));
		liar.close();
	}

	static List<Arguments> violations() {
		byte[] invalidUtf8 = { (byte) 0xce, (byte) 0xba, (byte) 0xe1, (byte) 0xbd, (byte) 0xb9, (byte) 0xcf,
				(byte) 0x83, (byte) 0xce, (byte) 0xbc, (byte) 0xce, (byte) 0xb5, (byte) 0xed, (byte) 0xa0,
				(byte) 0x80 };
		return List.of(
				Arguments.of("reserved bit without an extension", List.of(Frame.text("hi").toBuilder().rsv(1)), 1002),
				Arguments.of("reserved bits 2 and 3", List.of(Frame.binary(new byte[3]).toBuilder().rsv(6)), 1002),
				Arguments.of("reserved opcode", List.of(Frame.builder().opcode(3)), 1002),
				Arguments.of("unmasked frame", List.of(Frame.text("unmasked").toBuilder()), 1002),
				Arguments.of("close code 999", List.of(Frame.close(999, "").toBuilder()), 1002),
				Arguments.of("close code 1005", List.of(Frame.close(1005, "").toBuilder()), 1002),
				Arguments.of("close code 5000", List.of(Frame.close(5000, "").toBuilder()), 1002),
				Arguments
					.of("continuation without a start", List.of(Frame.continuation("orphan", true).toBuilder()), 1002),
				Arguments.of("invalid UTF-8", List.of(Frame.builder().payload(invalidUtf8)), 1007),
				Arguments.of("invalid UTF-8 in a later fragment",
						List.of(Frame.text("valid").toBuilder().fin(false),
								Frame.continuation(invalidUtf8, true).toBuilder()),
						1007),
				Arguments.of("frame over the size", List.of(Frame.binary(new byte[2000]).toBuilder()), 1009));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("violations")
	void aViolationFromASubscriberFailsTheConnectionWithTheRightCloseCode(String violation, List<Frame.Builder> frames,
			int closeCode) {
		try (RawConnection connection = upgrade("liar")) {
			for (Frame.Builder frame : frames) {
				// A client masks every frame (RFC 6455 section 5.3), unless the violation
				// is not to.
				Frame sent = violation.equals("unmasked frame") ? frame.build() : frame.mask(MASK).build();
				connection.send(sent.encode());
			}
			assertThat(connection.awaitEnd(TIMEOUT)).isTrue();
			List<Frame> received = StalledSubscriber.frames(connection.receivedBytes());
			assertThat(received).isNotEmpty();
			Frame close = received.get(received.size() - 1);
			assertThat(close.opcode()).isEqualTo(Frame.CLOSE);
			assertThat(close.closeCode()).isEqualTo(closeCode);
			assertThat(received.stream().filter((frame) -> frame.opcode() == Frame.CLOSE)).hasSize(1);
		}
	}

	@Test
	void aPingIsAnsweredAndWhatASubscriberSaysIsOtherwiseIgnored() {
		try (RawConnection connection = upgrade("liar")) {
			connection.send(Frame.text("hello bridge").toBuilder().mask(MASK).build().encode());
			connection.send(Frame.ping("are you there").toBuilder().mask(MASK).build().encode());
			connection.awaitReceived("are you there", 1, TIMEOUT);
			assertThat(withoutPings(StalledSubscriber.frames(connection.receivedBytes())))
				.containsExactly(Frame.pong("are you there"));
			connection.send(Frame.close(1000, "bye").toBuilder().mask(MASK).build().encode());
			assertThat(connection.awaitEnd(TIMEOUT)).isTrue();
			List<Frame> received = withoutPings(StalledSubscriber.frames(connection.receivedBytes()));
			assertThat(received.get(received.size() - 1).closeCode()).isEqualTo(1000);
		}
	}

	@Test
	void aSubscriberThatAnswersNoPingIsClosedAfterAPingInterval() {
		try (RawConnection connection = upgrade("liar")) {
			long start = System.nanoTime();
			assertThat(connection.awaitEnd(TIMEOUT)).isTrue();
			// A ping after the first interval, the close after the second.
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
			List<Frame> received = StalledSubscriber.frames(connection.receivedBytes());
			assertThat(received).first().extracting(Frame::opcode).isEqualTo(Frame.PING);
			Frame close = received.get(received.size() - 1);
			assertThat(close.closeCode()).isEqualTo(1001);
			assertThat(close.closeReason()).isEqualTo("unresponsive: no answer to a ping");
		}
	}

	@Test
	void aBadHandshakeIsRefusedWithoutQuotingTheRequest() {
		String secrets = "Authorization: Bearer request-token-secret\r\nCookie: session=request-cookie-secret\r\n";
		try (RawConnection missingKey = RawConnection.open(this.port)) {
			missingKey.send("GET /streams/liar HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
					+ "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n" + secrets + "\r\n");
			String response = missingKey.awaitReceived("}", 1, TIMEOUT);
			assertThat(response).startsWith("HTTP/1.1 400")
				.contains("https://wsclient.dev/problems/invalid-handshake")
				.contains("Sec-WebSocket-Key")
				.doesNotContain("secret");
		}
		try (RawConnection oldVersion = RawConnection.open(this.port)) {
			oldVersion.send("GET /streams/liar HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
					+ "Connection: Upgrade\r\nSec-WebSocket-Version: 8\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
					+ secrets + "\r\n");
			String response = oldVersion.awaitReceived("}", 1, TIMEOUT);
			assertThat(response).startsWith("HTTP/1.1 426")
				.contains("Sec-WebSocket-Version: 13")
				.doesNotContain("secret");
		}
		try (RawConnection badHeader = RawConnection.open(this.port)) {
			badHeader.send("GET /api/clients HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: no/such/type/at/all\r\n" + secrets
					+ "\r\n");
			assertThat(badHeader.awaitReceived("}", 1, TIMEOUT)).doesNotContain("secret");
		}
	}

	@Test
	void anUpstreamAnsweringWithAPageIsMinus17WithItsStatusAloneNotItsHeaders() {
		await().atMost(TIMEOUT).until(() -> this.clients.get("liar").state() == WsState.CLOSED);
		WebTestClient http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
		for (String uri : List.of("/api/clients", "/actuator/wsclients")) {
			http.get()
				.uri(uri)
				.header(TestKeys.HEADER, TestKeys.MONITOR)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.clients.liar.lastClose.code")
				.isEqualTo(-17)
				.jsonPath("$.clients.liar.lastClose.reason")
				.value((reason) -> assertThat(String.valueOf(reason)).contains("200")
					.doesNotContain("secret")
					.doesNotContain("Set-Cookie"));
		}
	}

	private RawConnection upgrade(String client) {
		RawConnection connection = RawConnection.open(this.port);
		connection.send("GET /streams/" + client + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
				+ "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
		String head = connection.awaitResponse(TIMEOUT);
		assertThat(head).startsWith("HTTP/1.1 101");
		connection.dropResponseHead();
		return connection;
	}

	private static List<Frame> withoutPings(List<Frame> frames) {
		return frames.stream().filter((frame) -> frame.opcode() != Frame.PING).toList();
	}

}
