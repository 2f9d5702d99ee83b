package dev.wsclient.bridge.stream;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import dev.wsclient.core.WsMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Messages as Server-Sent Events: no line break of a message can end a field early.
 */
class ServerSentEventsTests {

	@ParameterizedTest
	@MethodSource("texts")
	void textIsOneDataLinePerLine(String text, String event) {
		assertThat(encode(WsMessage.text(text))).isEqualTo(event);
	}

	static Stream<Arguments> texts() {
		return Stream.of(Arguments.of("hello", "id:7\ndata:hello\n\n"),
				Arguments.of("a\nb", "id:7\ndata:a\ndata:b\n\n"), Arguments.of("a\r\nb", "id:7\ndata:a\ndata:b\n\n"),
				Arguments.of("a\rb", "id:7\ndata:a\ndata:b\n\n"),
				Arguments.of("a\n\nb\r", "id:7\ndata:a\ndata:\ndata:b\ndata:\n\n"),
				Arguments.of("é €", "id:7\ndata:é €\n\n"));
	}

	@Test
	void lineBreaksAtTheEdges() {
		assertThat(encode(WsMessage.text("\nx\r\n"))).isEqualTo("id:7\ndata:\ndata:x\ndata:\n\n");
		assertThat(encode(WsMessage.text(""))).isEqualTo("id:7\ndata:\n\n");
	}

	@Test
	void binaryIsANamedEventInBase64() {
		assertThat(encode(WsMessage.binary(new byte[] { 0, 1, 2, (byte) 0xff })))
			.isEqualTo("id:7\nevent:binary\ndata:AAEC/w==\n\n");
	}

	@Test
	void theBufferHasExactlyTheEventsSize() {
		ByteBuf event = ServerSentEvents.message(7, WsMessage.text("a\r\nb\nc"));
		try {
			assertThat(event.capacity()).isEqualTo(event.readableBytes());
			assertThat(event.isDirect()).isTrue();
		}
		finally {
			event.release();
		}
	}

	@Test
	void theLastEventOfADisconnectedSubscriberIsJson() {
		ByteBuf event = ServerSentEvents.error(UnpooledByteBufAllocator.DEFAULT,
				new Ending(Ending.Reason.SLOW, "too \"slow\"", 12));
		try {
			assertThat(event.toString(StandardCharsets.UTF_8)).isEqualTo(
					"event:error\ndata:{\"error\":\"slow-subscriber\",\"reason\":\"too \\\"slow\\\"\",\"dropped\":12}\n\n");
		}
		finally {
			event.release();
		}
	}

	private static String encode(WsMessage message) {
		ByteBuf event = ServerSentEvents.message(7, message);
		try {
			return event.toString(StandardCharsets.UTF_8);
		}
		finally {
			event.release();
		}
	}

}
