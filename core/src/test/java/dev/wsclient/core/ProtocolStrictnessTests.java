package dev.wsclient.core;

import java.nio.ByteBuffer;
import java.util.Arrays;

import dev.wsclient.test.server.raw.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.wsclient.core.ScriptedExchange.TIMEOUT;
import static dev.wsclient.core.ScriptedExchange.soon;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 6455 section 5, frame by frame: each violation a server can commit fails the
 * connection with close code 1002 and the seed status -201, with exactly one close frame
 * on the wire and nothing of the offending frame delivered.
 */
class ProtocolStrictnessTests {

	@Test
	void maskedFrameFromTheServerFailsWith1002() {
		try (ScriptedExchange exchange = ScriptedExchange.failing((server) -> server
			.sendFrame(Frame.text("masked").toBuilder().mask(new byte[] { 1, 2, 3, 4 }).build()))) {
			exchange.assertFailed(WsStatusCode.PROTOCOL_ERROR, 1002);
			assertThat(exchange.received()).isEmpty();
		}
	}

	@ParameterizedTest(name = "RSV bits {0}")
	@ValueSource(ints = { 1, 2, 3, 4, 5, 6, 7 })
	void dataFrameWithReservedBitsButNoExtensionFailsWith1002(int rsv) {
		try (ScriptedExchange exchange = ScriptedExchange
			.failing((server) -> server.sendFrame(Frame.text("reserved").toBuilder().rsv(rsv).build()))) {
			exchange.assertFailed(WsStatusCode.PROTOCOL_ERROR, 1002);
			assertThat(exchange.received()).isEmpty();
		}
	}

	@Test
	void controlFrameWithReservedBitsFailsWith1002AndIsNotAnswered() {
		try (ScriptedExchange exchange = ScriptedExchange
			.failing((server) -> server.sendFrame(Frame.ping("rsv").toBuilder().rsv(0b010).build()))) {
			exchange.assertFailed(WsStatusCode.PROTOCOL_ERROR, 1002);
			assertThat(exchange.framesBeforeClose()).as("no pong for the bad ping").isEmpty();
		}
	}

	@Test
	void continuationFrameWithReservedBitsFailsWith1002() {
		try (ScriptedExchange exchange = ScriptedExchange.failing((server) -> {
			server.sendFrame(Frame.text("start").toBuilder().fin(false).build());
			server.sendFrame(Frame.continuation("end", true).toBuilder().rsv(0b001).build());
		})) {
			exchange.assertFailed(WsStatusCode.PROTOCOL_ERROR, 1002);
			assertThat(exchange.received()).isEmpty();
		}
	}

	@ParameterizedTest(name = "opcode {0}")
	@ValueSource(ints = { 3, 4, 5, 6, 7, 11, 12, 13, 14, 15 })
	void reservedOpcodeFailsWith1002(int opcode) {
		try (ScriptedExchange exchange = ScriptedExchange
			.failing((server) -> server.sendFrame(Frame.builder().opcode(opcode).payload("x").build()))) {
			exchange.assertFailed(WsStatusCode.PROTOCOL_ERROR, 1002);
			assertThat(exchange.received()).isEmpty();
		}
	}

	@ParameterizedTest(name = "opcode {0}")
	@ValueSource(ints = { Frame.PING, Frame.PONG, Frame.CLOSE })
	void fragmentedControlFrameFailsWith1002(int opcode) {
		try (ScriptedExchange exchange = ScriptedExchange
			.failing((server) -> server.sendFrame(Frame.builder().opcode(opcode).fin(false).build()))) {
			exchange.assertFailed(WsStatusCode.PROTOCOL_ERROR, 1002);
		}
	}

	@ParameterizedTest(name = "opcode {0}")
	@ValueSource(ints = { Frame.PING, Frame.PONG, Frame.CLOSE })
	void controlFrameWithMoreThan125BytesFailsWith1002(int opcode) {
		byte[] payload = new byte[126];
		if (opcode == Frame.CLOSE) {
			ByteBuffer.wrap(payload).putShort((short) 1000);
			Arrays.fill(payload, 2, payload.length, (byte) 'r');
		}
		try (ScriptedExchange exchange = ScriptedExchange
			.failing((server) -> server.sendFrame(Frame.builder().opcode(opcode).payload(payload).build()))) {
			exchange.assertFailed(WsStatusCode.PROTOCOL_ERROR, 1002);
			assertThat(exchange.framesBeforeClose()).as("no pong for the bad ping").isEmpty();
		}
	}

	@Test
	void pingWith125BytesIsAnsweredWithTheSamePayloadAndUnsolicitedPongsAreIgnored() {
		byte[] payload = new byte[125];
		Arrays.fill(payload, (byte) 'p');
		try (ScriptedExchange exchange = ScriptedExchange.open(WsClientOptions.defaults(), (server) -> {
			server.sendFrame(Frame.ping(payload));
			Frame pong = server.readFrame(TIMEOUT);
			assertThat(pong.opcode()).isEqualTo(Frame.PONG);
			assertThat(pong.masked()).as("client frames are masked").isTrue();
			assertThat(pong.payload()).isEqualTo(payload);
			server.sendFrame(Frame.pong("unsolicited"));
			server.sendFrame(Frame.text("still open"));
			assertThat(server.expectClose(TIMEOUT).closeCode()).isEqualTo(1000);
			server.sendFrame(Frame.close(1000, ""));
		})) {
			soon().until(() -> !exchange.received().isEmpty());
			assertThat(exchange.received()).containsExactly(WsMessage.text("still open"));
			assertThat(exchange.client().state()).isEqualTo(WsState.OPEN);
			exchange.client().close().block(TIMEOUT);
			exchange.awaitScript();
			assertThat(exchange.status().code()).isZero();
		}
	}

	@Test
	void lengthNotInTheMinimalEncodingFailsWith1002() {
		try (ScriptedExchange exchange = ScriptedExchange
			.failing((server) -> server.sendFrame(Frame.text("short").toBuilder().lengthBits(16).build()))) {
			exchange.assertFailed(WsStatusCode.PROTOCOL_ERROR, 1002);
			assertThat(exchange.received()).isEmpty();
		}
	}

	@Test
	void sixtyFourBitLengthNotInTheMinimalEncodingFailsWith1002() {
		try (ScriptedExchange exchange = ScriptedExchange
			.failing((server) -> server.sendFrame(Frame.binary(new byte[300]).toBuilder().lengthBits(64).build()))) {
			exchange.assertFailed(WsStatusCode.PROTOCOL_ERROR, 1002);
		}
	}

	@Test
	void sixtyFourBitLengthWithTheMostSignificantBitSetFailsWith1002() {
		byte[] header = { (byte) 0x82, 127, (byte) 0x80, 0, 0, 0, 0, 0, 0, 1 };
		try (ScriptedExchange exchange = ScriptedExchange.failing((server) -> server.writeRaw(header))) {
			exchange.assertFailed(WsStatusCode.PROTOCOL_ERROR, 1002);
		}
	}

	@Test
	void messagesBeforeAViolationAreDeliveredAndNothingAfterIt() {
		try (ScriptedExchange exchange = ScriptedExchange.failing((server) -> server.sendFrames(Frame.text("before"),
				Frame.builder().opcode(5).build(), Frame.text("after")))) {
			exchange.assertFailed(WsStatusCode.PROTOCOL_ERROR, 1002);
			assertThat(exchange.received()).containsExactly(WsMessage.text("before"));
		}
	}

	@Test
	void violationInTheSameTcpSegmentAsTheHandshakeResponseStillFailsWith1002() {
		try (ScriptedExchange exchange = ScriptedExchange.coalesced(Frame.text("x").toBuilder().rsv(0b100).build())) {
			exchange.assertFailed(WsStatusCode.PROTOCOL_ERROR, 1002);
			assertThat(exchange.received()).isEmpty();
		}
	}

}
