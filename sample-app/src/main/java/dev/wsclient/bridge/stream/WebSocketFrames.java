package dev.wsclient.bridge.stream;

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
	 * Encode an empty ping.
	 * @param allocator where to allocate it
	 * @return the frame
	 */
	static ByteBuf ping(ByteBufAllocator allocator) {
		return allocator.buffer(2).writeByte(FIN | PING).writeByte(0);
	}

}
