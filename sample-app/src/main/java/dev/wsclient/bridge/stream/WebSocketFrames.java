package dev.wsclient.bridge.stream;

import java.nio.charset.StandardCharsets;

import dev.wsclient.core.WsMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;

/**
 * WebSocket frames from the server, encoded once and written as they are to every
 * subscriber: a server's frames are not masked (RFC 6455 section 5.1), so the same bytes
 * serve every connection. Netty's frame encoder lets buffers that are not frame objects
 * pass untouched.
 */
final class WebSocketFrames {

	private static final int FIN = 0x80;

	private static final int TEXT = 0x1;

	private static final int BINARY = 0x2;

	private static final int PING = 0x9;

	private WebSocketFrames() {
	}

	/**
	 * Encode a message as one final frame of its type.
	 * @param message the message
	 * @return the frame, in an unpooled direct buffer of exactly its size
	 */
	static ByteBuf message(WsMessage message) {
		int length = message.size();
		int headerLength = (length < 126) ? 2 : (length <= 0xFFFF) ? 4 : 10;
		ByteBuf frame = UnpooledByteBufAllocator.DEFAULT.directBuffer(headerLength + length, headerLength + length);
		frame.writeByte(FIN | (message.isText() ? TEXT : BINARY));
		if (length < 126) {
			frame.writeByte(length);
		}
		else if (length <= 0xFFFF) {
			frame.writeByte(126).writeShort(length);
		}
		else {
			frame.writeByte(127).writeLong(length);
		}
		return frame.writeBytes(message.payload());
	}

	/**
	 * Encode a short text message of the bridge's own, such as the frame that opens a
	 * stream resumed with {@code since}.
	 * @param allocator where to allocate it
	 * @param text the text, at most 64 KiB - 1 in UTF-8
	 * @return the frame
	 */
	static ByteBuf text(ByteBufAllocator allocator, String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		if (bytes.length > 0xFFFF) {
			throw new IllegalArgumentException("Too long for a short frame: " + bytes.length + " bytes");
		}
		ByteBuf frame = allocator.buffer(4 + bytes.length).writeByte(FIN | TEXT);
		if (bytes.length < 126) {
			frame.writeByte(bytes.length);
		}
		else {
			frame.writeByte(126).writeShort(bytes.length);
		}
		return frame.writeBytes(bytes);
	}

	/**
	 * Encode an empty ping.
	 * @param allocator where to allocate it
	 * @return the frame
	 */
	static ByteBuf ping(ByteBufAllocator allocator) {
		return allocator.buffer(2).writeByte(FIN | PING).writeByte(0);
	}

}
