package dev.wsclient.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.wsclient.test.server.raw.Frame;
import dev.wsclient.test.server.raw.ScriptedConnection;
import org.junit.jupiter.api.Test;

import static dev.wsclient.core.ScriptedExchange.TIMEOUT;
import static dev.wsclient.core.ScriptedExchange.soon;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 6455 section 5.4: fragmented messages are reassembled whatever the fragment sizes,
 * control frames may come between fragments, and a broken fragment sequence fails the
 * connection with the seed status -15 and close code 1002.
 */
class FragmentationTests {

	@Test
	void continuationWithoutAStartFailsWithMinus15And1002() {
		try (ScriptedExchange exchange = ScriptedExchange
			.failing((server) -> server.sendFrame(Frame.continuation(new byte[] { 1, 2 }, false)))) {
			exchange.assertFailed(WsStatusCode.FRAGMENTATION_ERROR, 1002);
		}
	}

	@Test
	void continuationAfterACompleteMessageFailsWithMinus15And1002() {
		try (ScriptedExchange exchange = ScriptedExchange.failing((server) -> {
			server.sendFrame(Frame.text("whole"));
			server.sendFrame(Frame.continuation("more", true));
		})) {
			exchange.assertFailed(WsStatusCode.FRAGMENTATION_ERROR, 1002);
			assertThat(exchange.received()).containsExactly(WsMessage.text("whole"));
		}
	}

	@Test
	void textFrameInsideAFragmentedBinaryMessageFailsWithMinus15And1002() {
		try (ScriptedExchange exchange = ScriptedExchange.failing((server) -> {
			server.sendFrame(Frame.binary(new byte[] { 1 }).toBuilder().fin(false).build());
			server.sendFrame(Frame.text("intruder"));
		})) {
			exchange.assertFailed(WsStatusCode.FRAGMENTATION_ERROR, 1002);
			assertThat(exchange.received()).isEmpty();
		}
	}

	@Test
	void binaryFrameInsideAFragmentedTextMessageFailsWithMinus15And1002() {
		try (ScriptedExchange exchange = ScriptedExchange.failing((server) -> {
			server.sendFrame(Frame.text("start").toBuilder().fin(false).build());
			server.sendFrame(Frame.continuation("middle", false));
			server.sendFrame(Frame.binary(new byte[] { 1 }));
		})) {
			exchange.assertFailed(WsStatusCode.FRAGMENTATION_ERROR, 1002);
			assertThat(exchange.received()).isEmpty();
		}
	}

	@Test
	void pingsBetweenFragmentsAreAnsweredAtOnceAndTheMessageArrivesWhole() {
		try (ScriptedExchange exchange = ScriptedExchange.open(WsClientOptions.defaults(), (server) -> {
			server.sendFrame(Frame.text("Hello, ").toBuilder().fin(false).build());
			server.sendFrame(Frame.ping("first"));
			// The pong comes back while the message is still incomplete.
			assertPong(server, "first");
			server.sendFrame(Frame.continuation("fragmented ", false));
			server.sendFrame(Frame.pong("unsolicited"));
			server.sendFrame(Frame.ping("second"));
			assertPong(server, "second");
			server.sendFrame(Frame.continuation("world", true));
			server.sendFrame(Frame.text("next"));
			server.expectClose(TIMEOUT);
			server.sendFrame(Frame.close(1000, ""));
		})) {
			soon().until(() -> exchange.received().size() == 2);
			assertThat(exchange.received()).containsExactly(WsMessage.text("Hello, fragmented world"),
					WsMessage.text("next"));
			exchange.client().close().block(TIMEOUT);
			exchange.awaitScript();
		}
	}

	@Test
	void oneByteFragmentsAreReassembledEvenWhenTheySplitUtf8Characters() {
		String text = "Grüße, 世界 🌍 — ✓";
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		List<Frame> frames = new ArrayList<>();
		for (int i = 0; i < bytes.length; i++) {
			Frame.Builder frame = Frame.builder()
				.opcode((i == 0) ? Frame.TEXT : Frame.CONTINUATION)
				.fin(i == bytes.length - 1)
				.payload(new byte[] { bytes[i] });
			frames.add(frame.build());
		}
		assertReceivedWhole(frames, WsMessage.text(text));
	}

	@Test
	void oneByteBinaryFragmentsAreReassembledInOrder() {
		byte[] bytes = new byte[300];
		List<Frame> frames = new ArrayList<>();
		for (int i = 0; i < bytes.length; i++) {
			bytes[i] = (byte) i;
			frames.add(Frame.builder()
				.opcode((i == 0) ? Frame.BINARY : Frame.CONTINUATION)
				.fin(i == bytes.length - 1)
				.payload(new byte[] { bytes[i] })
				.build());
		}
		assertReceivedWhole(frames, WsMessage.binary(bytes));
	}

	@Test
	void emptyFragmentsAnywhereInAMessageAreAccepted() {
		assertReceivedWhole(List.of(Frame.text("").toBuilder().fin(false).build(), Frame.continuation("", false),
				Frame.continuation("content", false), Frame.continuation("", false), Frame.continuation("", true)),
				WsMessage.text("content"));
	}

	@Test
	void messageMadeOnlyOfEmptyFragmentsIsAnEmptyMessage() {
		assertReceivedWhole(
				List.of(Frame.binary(new byte[0]).toBuilder().fin(false).build(),
						Frame.continuation(new byte[0], false), Frame.continuation(new byte[0], true)),
				WsMessage.binary(new byte[0]));
	}

	@Test
	void serverCloseInsideAFragmentedMessageEndsTheConnectionWithoutDeliveringThePart() {
		try (ScriptedExchange exchange = ScriptedExchange.failing((server) -> {
			server.sendFrame(Frame.text("incomplete").toBuilder().fin(false).build());
			server.sendFrame(Frame.close(1001, "going away"));
		})) {
			assertThat(exchange.serverReceivedCloseCode()).isEqualTo(1001);
			assertThat(exchange.status().code()).isEqualTo(-6);
			assertThat(exchange.received()).isEmpty();
		}
	}

	private static void assertPong(ScriptedConnection server, String payload) throws Exception {
		Frame pong = server.readFrame(TIMEOUT);
		assertThat(pong.opcode()).isEqualTo(Frame.PONG);
		assertThat(pong.text()).isEqualTo(payload);
	}

	private static void assertReceivedWhole(List<Frame> frames, WsMessage expected) {
		try (ScriptedExchange exchange = ScriptedExchange.open(WsClientOptions.defaults(), (server) -> {
			server.sendFrames(frames.toArray(Frame[]::new));
			server.sendFrame(Frame.text("end"));
			server.expectClose(TIMEOUT);
			server.sendFrame(Frame.close(1000, ""));
		})) {
			soon().until(() -> exchange.received().size() == 2);
			assertThat(exchange.received()).containsExactly(expected, WsMessage.text("end"));
			exchange.client().close().block(TIMEOUT);
			exchange.awaitScript();
			assertThat(exchange.status().code()).isZero();
		}
	}

}
