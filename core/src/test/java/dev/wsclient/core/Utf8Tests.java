package dev.wsclient.core;

import java.util.Arrays;
import java.util.HexFormat;

import dev.wsclient.test.server.raw.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.wsclient.core.ScriptedExchange.TIMEOUT;
import static dev.wsclient.core.ScriptedExchange.soon;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 6455 section 8.1: text messages must be UTF-8. Invalid bytes fail the connection
 * with 1007 and the status -202 as soon as the frame holding them arrives, without
 * waiting for the rest of the message.
 */
class Utf8Tests {

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "80", // a continuation byte without a lead byte
			"c328", // a lead byte followed by a non-continuation byte
			"c0af", // overlong encoding of '/'
			"e080af", // overlong three-byte encoding
			"eda080", // an encoded UTF-16 surrogate
			"f4908080", // above U+10FFFF
			"fe", "ff", // bytes that never appear in UTF-8
			"cebae1bdb9cf83cebcceb5eda080656469746564" // valid text, then a surrogate
	})
	void invalidUtf8InATextFrameFailsWith1007(String hex) {
		byte[] payload = HexFormat.of().parseHex(hex);
		try (ScriptedExchange exchange = ScriptedExchange
			.failing((server) -> server.sendFrame(Frame.builder().opcode(Frame.TEXT).payload(payload).build()))) {
			exchange.assertFailed(WsStatusCode.INVALID_UTF8, 1007);
			assertThat(exchange.status().code()).isEqualTo(-202);
			assertThat(exchange.received()).isEmpty();
		}
	}

	@Test
	void textEndingInTheMiddleOfACharacterFailsWith1007() {
		byte[] payload = HexFormat.of().parseHex("6f6be282");
		try (ScriptedExchange exchange = ScriptedExchange
			.failing((server) -> server.sendFrame(Frame.builder().opcode(Frame.TEXT).payload(payload).build()))) {
			exchange.assertFailed(WsStatusCode.INVALID_UTF8, 1007);
		}
	}

	@Test
	void invalidUtf8InALaterFragmentFailsBeforeTheFinalFragmentIsSent() {
		try (ScriptedExchange exchange = ScriptedExchange.failing((server) -> {
			server.sendFrame(Frame.text("all fine so far, ").toBuilder().fin(false).build());
			server.sendFrame(Frame.continuation(HexFormat.of().parseHex("6f6b20eda080"), false));
			// The script goes on to wait for the client's close frame and never sends the
			// final fragment: a client waiting for the whole message would time out here.
		})) {
			exchange.assertFailed(WsStatusCode.INVALID_UTF8, 1007);
			assertThat(exchange.received()).isEmpty();
		}
	}

	@Test
	void invalidUtf8InTheFirstPartOfAFrameFailsBeforeTheRestOfTheFrameIsSent() {
		// One 1000-byte text frame whose first 50 bytes hold an encoded surrogate: only
		// the header and those 50 bytes are written (Autobahn 6.4.3 and 6.4.4 send a
		// frame in chops like this).
		byte[] payload = new byte[1000];
		Arrays.fill(payload, (byte) 'a');
		System.arraycopy(HexFormat.of().parseHex("eda080"), 0, payload, 40, 3);
		byte[] frame = Frame.builder().opcode(Frame.TEXT).payload(payload).build().encode();
		try (ScriptedExchange exchange = ScriptedExchange.failing((server) -> {
			server.writeRaw(Arrays.copyOf(frame, frame.length - 950));
			// The script goes on to wait for the client's close frame and never sends the
			// rest of the frame.
		})) {
			exchange.assertFailed(WsStatusCode.INVALID_UTF8, 1007);
			assertThat(exchange.received()).isEmpty();
		}
	}

	@Test
	void characterSplitAcrossFragmentsThatTurnsInvalidFailsOnTheFragmentThatBreaksIt() {
		try (ScriptedExchange exchange = ScriptedExchange.failing((server) -> {
			// "€" is e2 82 ac: the first fragment ends after e2 82, which is still valid.
			server.sendFrame(
					Frame.builder().opcode(Frame.TEXT).fin(false).payload(HexFormat.of().parseHex("41e282")).build());
			server.sendFrame(Frame.continuation(HexFormat.of().parseHex("28"), false));
		})) {
			exchange.assertFailed(WsStatusCode.INVALID_UTF8, 1007);
		}
	}

	@Test
	void characterSplitAcrossFragmentsIsAccepted() {
		try (ScriptedExchange exchange = ScriptedExchange.open(WsClientOptions.defaults(), (server) -> {
			server.sendFrame(
					Frame.builder().opcode(Frame.TEXT).fin(false).payload(HexFormat.of().parseHex("41e282")).build());
			server.sendFrame(Frame.continuation(HexFormat.of().parseHex("ac"), false));
			server.sendFrame(Frame.continuation(HexFormat.of().parseHex("f09f"), false));
			server.sendFrame(Frame.continuation(HexFormat.of().parseHex("8c8d"), true));
			server.expectClose(TIMEOUT);
			server.sendFrame(Frame.close(1000, ""));
		})) {
			soon().until(() -> !exchange.received().isEmpty());
			assertThat(exchange.received()).containsExactly(WsMessage.text("A€🌍"));
			exchange.client().close().block(TIMEOUT);
			exchange.awaitScript();
		}
	}

	@Test
	void invalidUtf8InABinaryMessageIsJustBytes() {
		byte[] payload = HexFormat.of().parseHex("c328eda080fffe");
		try (ScriptedExchange exchange = ScriptedExchange.open(WsClientOptions.defaults(), (server) -> {
			server.sendFrame(Frame.binary(payload));
			server.expectClose(TIMEOUT);
			server.sendFrame(Frame.close(1000, ""));
		})) {
			soon().until(() -> !exchange.received().isEmpty());
			assertThat(exchange.received()).containsExactly(WsMessage.binary(payload));
			exchange.client().close().block(TIMEOUT);
			exchange.awaitScript();
		}
	}

	@Test
	void textAfterAnInvalidMessageIsNeverDelivered() {
		try (ScriptedExchange exchange = ScriptedExchange.failing((server) -> server.sendFrames(Frame.text("good"),
				Frame.builder().opcode(Frame.TEXT).payload(HexFormat.of().parseHex("ff")).build(),
				Frame.text("late")))) {
			exchange.assertFailed(WsStatusCode.INVALID_UTF8, 1007);
			assertThat(exchange.received()).containsExactly(WsMessage.text("good"));
		}
	}

}
