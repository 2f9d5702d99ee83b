package dev.wsclient.bridge.stream;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import dev.wsclient.core.WsMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

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
		return Stream.of(Arguments.of("hello", "id:5-7\ndata:hello\n\n"),
				Arguments.of("a\nb", "id:5-7\ndata:a\ndata:b\n\n"),
				Arguments.of("a\r\nb", "id:5-7\ndata:a\ndata:b\n\n"),
				Arguments.of("a\rb", "id:5-7\ndata:a\ndata:b\n\n"),
				Arguments.of("a\n\nb\r", "id:5-7\ndata:a\ndata:\ndata:b\ndata:\n\n"),
				Arguments.of("é €", "id:5-7\ndata:é €\n\n"));
	}

	@Test
	void lineBreaksAtTheEdges() {
		assertThat(encode(WsMessage.text("\nx\r\n"))).isEqualTo("id:5-7\ndata:\ndata:x\ndata:\n\n");
		assertThat(encode(WsMessage.text(""))).isEqualTo("id:5-7\ndata:\n\n");
	}

	@Test
	void binaryIsANamedEventInBase64() {
		assertThat(encode(WsMessage.binary(new byte[] { 0, 1, 2, (byte) 0xff })))
			.isEqualTo("id:5-7\nevent:binary\ndata:AAEC/w==\n\n");
	}

	@Test
	void theBufferHasExactlyTheEventsSize() {
		ByteBuf event = ServerSentEvents.message(new EventId(5, 7), WsMessage.text("a\r\nb\nc"));
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

	@Test
	void aGapIsANamedEventWhoseIdIsTheLastMissingMessage() {
		StreamStart start = new StreamStart(new EventId(9, 16), new StreamStart.Gap(4, 15, false), false);
		ByteBuf event = ServerSentEvents.gap(UnpooledByteBufAllocator.DEFAULT, start);
		try {
			assertThat(event.toString(StandardCharsets.UTF_8)).isEqualTo("event:gap\nid:9-15\ndata:{\"type\":\"gap\","
					+ "\"first\":\"9-4\",\"last\":\"9-15\",\"missed\":12,\"next\":\"9-16\",\"reset\":false}\n\n");
		}
		finally {
			event.release();
		}
	}

	@Test
	void eventIdsAreEpochDashSequenceAndBareSequencesHaveNoEpoch() {
		assertThat(EventId.parse("7155038-42")).isEqualTo(new EventId(7155038, 42));
		assertThat(EventId.parse("42")).isEqualTo(new EventId(EventId.NO_EPOCH, 42));
		assertThat(new EventId(3, 0)).hasToString("3-0");
		for (String invalid : List.of("", "-1", "1-", "a-1", "1-2-3", " 1-2", "9007199254740992-1",
				"1-9999999999999999999")) {
			assertThatIllegalArgumentException().as(invalid).isThrownBy(() -> EventId.parse(invalid));
		}
	}

	private static String encode(WsMessage message) {
		ByteBuf event = ServerSentEvents.message(new EventId(5, 7), message);
		try {
			return event.toString(StandardCharsets.UTF_8);
		}
		finally {
			event.release();
		}
	}

}
