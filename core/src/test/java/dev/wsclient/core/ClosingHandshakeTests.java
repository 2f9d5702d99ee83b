package dev.wsclient.core;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.wsclient.test.server.raw.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.wsclient.core.ScriptedExchange.TIMEOUT;
import static dev.wsclient.core.ScriptedExchange.soon;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 6455 sections 5.5.1, 7.1 and 7.4: the close frames a server may send, the ones it
 * may not, and the timing of the closing handshake.
 */
class ClosingHandshakeTests {

	@ParameterizedTest(name = "close code {0}")
	@ValueSource(
			ints = { 1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999 })
	void validCloseCodeIsEchoedAndReportedAsMinusSixWithCodeAndReason(int code) {
		try (ScriptedExchange exchange = ScriptedExchange
			.failing((server) -> server.sendFrame(Frame.close(code, "bye ✓")))) {
			assertThat(exchange.serverReceivedCloseCode()).as("echoed code").isEqualTo(code);
			WsCloseStatus status = exchange.status();
			assertThat(status.status()).isEqualTo(WsStatusCode.SERVER_CLOSED);
			assertThat(status.code()).isEqualTo(-6);
			assertThat(status.rfcCode()).isEqualTo(code);
			assertThat(status.reason()).isEqualTo("bye ✓");
			assertThat(exchange.closes()).hasSize(1);
			assertThat(exchange.framesAfterClose()).isEmpty();
		}
	}

	@Test
	void emptyCloseFrameIsAnsweredWithAnEmptyCloseFrameAndReportedAs1005() {
		try (ScriptedExchange exchange = ScriptedExchange.failing((server) -> server.sendFrame(Frame.close()))) {
			assertThat(exchange.serverReceivedCloseCode()).isEqualTo(Frame.NO_STATUS_CODE);
			assertThat(exchange.status().code()).isEqualTo(-6);
			assertThat(exchange.status().rfcCode()).isEqualTo(1005);
		}
	}

	@Test
	void closeReasonOf123BytesIsAccepted() {
		String reason = "r".repeat(123);
		try (ScriptedExchange exchange = ScriptedExchange
			.failing((server) -> server.sendFrame(Frame.close(1000, reason)))) {
			assertThat(exchange.serverReceivedCloseCode()).isEqualTo(1000);
			assertThat(exchange.status().reason()).isEqualTo(reason);
		}
	}

	@Test
	void closePayloadOfOneByteFailsWith1002() {
		try (ScriptedExchange exchange = ScriptedExchange
			.failing((server) -> server.sendFrame(Frame.closeRaw(new byte[] { 0x03 })))) {
			exchange.assertFailed(WsStatusCode.PROTOCOL_ERROR, 1002);
		}
	}

	@ParameterizedTest(name = "close code {0}")
	@ValueSource(ints = { 0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 32768, 65535 })
	void invalidCloseCodeFailsWith1002(int code) {
		try (ScriptedExchange exchange = ScriptedExchange
			.failing((server) -> server.sendFrame(Frame.close(code, "invalid")))) {
			exchange.assertFailed(WsStatusCode.PROTOCOL_ERROR, 1002);
			assertThat(exchange.status().reason()).contains(String.valueOf(code));
		}
	}

	@Test
	void closeReasonThatIsNotUtf8FailsWith1002() {
		byte[] payload = ByteBuffer.allocate(6)
			.putShort((short) 1000)
			.put(new byte[] { 'o', 'k', (byte) 0xC3, 0x28 })
			.array();
		try (ScriptedExchange exchange = ScriptedExchange
			.failing((server) -> server.sendFrame(Frame.closeRaw(payload)))) {
			exchange.assertFailed(WsStatusCode.PROTOCOL_ERROR, 1002);
		}
	}

	@Test
	void closeReasonWithAnEncodedSurrogateFailsWith1002() {
		byte[] payload = ByteBuffer.allocate(5)
			.putShort((short) 1000)
			.put(new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 })
			.array();
		try (ScriptedExchange exchange = ScriptedExchange
			.failing((server) -> server.sendFrame(Frame.closeRaw(payload)))) {
			exchange.assertFailed(WsStatusCode.PROTOCOL_ERROR, 1002);
		}
	}

	@Test
	void invalidCloseFrameInTheSameTcpSegmentAsTheHandshakeResponseFailsWith1002() {
		try (ScriptedExchange exchange = ScriptedExchange.coalesced(Frame.close(1005, ""))) {
			exchange.assertFailed(WsStatusCode.PROTOCOL_ERROR, 1002);
		}
	}

	@Test
	void framesAfterTheServersCloseFrameAreIgnored() {
		try (ScriptedExchange exchange = ScriptedExchange.failing((server) -> server.sendFrames(Frame.text("before"),
				Frame.close(1001, "going"), Frame.text("after"), Frame.ping("after")))) {
			assertThat(exchange.serverReceivedCloseCode()).isEqualTo(1001);
			assertThat(exchange.received()).containsExactly(WsMessage.text("before"));
			assertThat(exchange.framesAfterClose()).as("no pong after the close frame").isEmpty();
			assertThat(exchange.status().rfcCode()).isEqualTo(1001);
		}
	}

	@Test
	void serverThatAnswersTheCloseFrameEndsTheConnectionWithoutWaitingForTheTimeout() {
		WsClientOptions options = WsClientOptions.builder().closeTimeout(Duration.ofSeconds(30)).build();
		try (ScriptedExchange exchange = ScriptedExchange.open(options, (server) -> {
			Frame close = server.expectClose(TIMEOUT);
			assertThat(close.closeCode()).isEqualTo(4001);
			assertThat(close.closeReason()).isEqualTo("done");
			server.sendFrame(Frame.close(4001, ""));
			server.closeGracefully();
		})) {
			long start = System.nanoTime();
			exchange.client().close(4001, "done").block(TIMEOUT);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
			exchange.awaitScript();
			assertThat(exchange.status().code()).isZero();
			assertThat(exchange.status().rfcCode()).isEqualTo(4001);
			assertThat(exchange.client().state()).isEqualTo(WsState.CLOSED);
		}
	}

	@Test
	void serverThatNeverAnswersOurCloseIsCutOffAfterTheCloseTimeout() {
		Duration closeTimeout = Duration.ofMillis(500);
		AtomicLong cutOffAfterNanos = new AtomicLong(-1);
		try (ScriptedExchange exchange = ScriptedExchange
			.open(WsClientOptions.builder().closeTimeout(closeTimeout).build(), (server) -> {
				server.expectClose(TIMEOUT);
				long closeReceived = System.nanoTime();
				// Neither a close frame nor a TCP close: wait for the client to give up.
				assertThat(server.awaitClientClose(TIMEOUT)).isTrue();
				cutOffAfterNanos.set(System.nanoTime() - closeReceived);
			})) {
			exchange.client().close().block(TIMEOUT);
			exchange.awaitScript();
			Duration cutOffAfter = Duration.ofNanos(cutOffAfterNanos.get());
			assertThat(cutOffAfter).isGreaterThanOrEqualTo(closeTimeout.minusMillis(50))
				.isLessThan(closeTimeout.plusSeconds(3));
			assertThat(exchange.status().code()).isZero();
			assertThat(exchange.client().state()).isEqualTo(WsState.CLOSED);
		}
	}

	@Test
	void serverThatClosesButNeverClosesTcpIsCutOffAfterTheCloseTimeout() {
		Duration closeTimeout = Duration.ofMillis(500);
		AtomicLong cutOffAfterNanos = new AtomicLong(-1);
		try (ScriptedExchange exchange = ScriptedExchange
			.open(WsClientOptions.builder().closeTimeout(closeTimeout).build(), (server) -> {
				server.sendFrame(Frame.close(1001, "going away"));
				long sent = System.nanoTime();
				assertThat(server.expectClose(TIMEOUT).closeCode()).isEqualTo(1001);
				assertThat(server.awaitClientClose(TIMEOUT)).isTrue();
				cutOffAfterNanos.set(System.nanoTime() - sent);
			})) {
			exchange.awaitScript();
			assertThat(Duration.ofNanos(cutOffAfterNanos.get())).isGreaterThanOrEqualTo(closeTimeout.minusMillis(50))
				.isLessThan(closeTimeout.plusSeconds(3));
			assertThat(exchange.status().code()).isEqualTo(-6);
			assertThat(exchange.status().rfcCode()).isEqualTo(1001);
		}
	}

	@Test
	void tcpCloseWithoutACloseFrameIsMinus200WithoutAnRfcCode() {
		try (ScriptedExchange exchange = ScriptedExchange.open(WsClientOptions.defaults(), (server) -> {
			server.sendFrame(Frame.text("last words"));
			server.closeGracefully();
		})) {
			WsCloseStatus status = exchange.status();
			assertThat(status.status()).isEqualTo(WsStatusCode.CLOSED_WITHOUT_CLOSE_FRAME);
			assertThat(status.code()).isEqualTo(-200);
			assertThat(status.rfcCode()).as("1006: no close frame").isNull();
			assertThat(exchange.received()).containsExactly(WsMessage.text("last words"));
			exchange.awaitScript();
			assertThat(exchange.server().scriptFailures()).isEmpty();
			soon().until(() -> exchange.client().state() == WsState.CLOSED);
		}
	}

	@Test
	void tcpResetWithoutACloseFrameIsMinus104WithoutAnRfcCode() {
		try (ScriptedExchange exchange = ScriptedExchange.open(WsClientOptions.defaults(), (server) -> {
			server.sendFrame(Frame.text("last words"));
			server.closeAbruptly();
		})) {
			WsCloseStatus status = exchange.status();
			assertThat(status.code()).isEqualTo(-104);
			assertThat(status.rfcCode()).isNull();
			assertThat(exchange.closes()).hasSize(1);
		}
	}

}
