package dev.wsclient.bridge.stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.wsclient.core.WsMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;

/**
 * Server-Sent Events as bytes, written straight into buffers: a text message is an event
 * without a name whose data is the text (one {@code data:} line per line of text, so that
 * no line break of the text can end the field early); a binary message is an event named
 * {@code binary} with the payload in Base64. Every message event carries the message's id
 * ({@link EventId}) as its {@code id}.
 */
final class ServerSentEvents {

	private static final byte[] ID = ascii("id:");

	private static final byte[] BINARY = ascii("\nevent:binary");

	private static final byte[] DATA = ascii("\ndata:");

	private static final byte[] END = ascii("\n\n");

	private static final byte CR = '\r';

	private static final byte LF = '\n';

	private ServerSentEvents() {
	}

	/**
	 * Encode a message as an event.
	 * @param eventId its id, the event's id
	 * @param message the message
	 * @return the event, in an unpooled direct buffer of exactly its size
	 */
	static ByteBuf message(EventId eventId, WsMessage message) {
		byte[] id = ascii(eventId.toString());
		ByteBuffer payload = message.payload();
		if (!message.isText()) {
			ByteBuffer base64 = Base64.getEncoder().encode(payload);
			ByteBuf event = allocate(
					ID.length + id.length + BINARY.length + DATA.length + base64.remaining() + END.length);
			return event.writeBytes(ID)
				.writeBytes(id)
				.writeBytes(BINARY)
				.writeBytes(DATA)
				.writeBytes(base64)
				.writeBytes(END);
		}
		int lineBreaks = countLineBreaks(payload);
		ByteBuf event = allocate(ID.length + id.length + DATA.length * (1 + lineBreaks) + payload.remaining()
				- lineBreakBytes(payload) + END.length);
		event.writeBytes(ID).writeBytes(id).writeBytes(DATA);
		writeLines(payload, event);
		return event.writeBytes(END);
	}

	/**
	 * Encode a comment, which keeps a stream alive and is not an event.
	 * @param allocator where to allocate it
	 * @param text the comment, on one line
	 * @return the comment
	 */
	static ByteBuf comment(ByteBufAllocator allocator, String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		ByteBuf comment = allocator.buffer(1 + bytes.length + END.length);
		return comment.writeByte(':').writeBytes(bytes).writeBytes(END);
	}

	/**
	 * Encode the last event of a subscriber the bridge disconnects: an event named
	 * {@code error} whose data is a JSON object with {@code error}, {@code reason} and
	 * {@code dropped}.
	 * @param allocator where to allocate it
	 * @param ending why the stream ends
	 * @return the event
	 */
	static ByteBuf error(ByteBufAllocator allocator, Ending ending) {
		String json = "{\"error\":" + Json.string(ending.reason().error()) + ",\"reason\":"
				+ Json.string(ending.description()) + ",\"dropped\":" + ending.dropped() + "}";
		byte[] bytes = ("event:error\ndata:" + json).getBytes(StandardCharsets.UTF_8);
		return allocator.buffer(bytes.length + END.length).writeBytes(bytes).writeBytes(END);
	}

	/**
	 * Encode the event that tells a resuming subscriber what it missed and the bridge no
	 * longer holds: an event named {@code gap} whose data is {@link StreamStart#json()},
	 * and whose id is that of the last message it stands in for, so that a subscriber
	 * that reconnects before the next message does not get the same gap again.
	 * @param allocator where to allocate it
	 * @param start where the subscriber's stream starts
	 * @return the event
	 */
	static ByteBuf gap(ByteBufAllocator allocator, StreamStart start) {
		byte[] bytes = ("event:gap\nid:" + start.before() + "\ndata:" + start.json()).getBytes(StandardCharsets.UTF_8);
		return allocator.buffer(bytes.length + END.length).writeBytes(bytes).writeBytes(END);
	}

	private static ByteBuf allocate(int size) {
		return UnpooledByteBufAllocator.DEFAULT.directBuffer(size, size);
	}

	private static int countLineBreaks(ByteBuffer text) {
		int count = 0;
		for (int i = text.position(); i < text.limit(); i++) {
			byte b = text.get(i);
			if (b == LF || (b == CR && !(i + 1 < text.limit() && text.get(i + 1) == LF))) {
				count++;
			}
		}
		return count;
	}

	private static int lineBreakBytes(ByteBuffer text) {
		int count = 0;
		for (int i = text.position(); i < text.limit(); i++) {
			byte b = text.get(i);
			if (b == LF || b == CR) {
				count++;
			}
		}
		return count;
	}

	private static void writeLines(ByteBuffer text, ByteBuf event) {
		int lineStart = text.position();
		int i = lineStart;
		while (i < text.limit()) {
			byte b = text.get(i);
			if (b == LF || b == CR) {
				event.writeBytes(text.duplicate().position(lineStart).limit(i));
				event.writeBytes(DATA);
				boolean crLf = b == CR && i + 1 < text.limit() && text.get(i + 1) == LF;
				i += crLf ? 2 : 1;
				lineStart = i;
			}
			else {
				i++;
			}
		}
		event.writeBytes(text.duplicate().position(lineStart).limit(text.limit()));
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
