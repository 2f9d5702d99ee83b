package dev.wsclient.test.server;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/**
 * The frames and raw bytes the misbehaviours send. Netty's encoder writes RSV bits and
 * continuation frames as given and never checks UTF-8, so only the masked frame has to be
 * written by hand.
 */
final class Frames {

	/**
	 * "ok" followed by a truncated two-byte sequence: 0xC3 must be followed by 0x80-0xBF.
	 */
	private static final byte[] INVALID_UTF8 = { 'o', 'k', (byte) 0xC3, 0x28 };

	private static final byte[] MASKING_KEY = { 0x37, (byte) 0xFA, 0x21, 0x3D };

	private static final int RSV1 = 0b100;

	private Frames() {
	}

	/**
	 * Return a close frame; Netty rejects codes a peer may not send and long reasons.
	 */
	static CloseWebSocketFrame closeFrame(int code, String reason) {
		if (reason.getBytes(StandardCharsets.UTF_8).length > 123) {
			throw new IllegalArgumentException("reason must be at most 123 bytes of UTF-8");
		}
		try {
			return new CloseWebSocketFrame(code, reason);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("code " + code + " may not be sent in a close frame", ex);
		}
	}

	static TextWebSocketFrame invalidUtf8() {
		return new TextWebSocketFrame(Unpooled.wrappedBuffer(INVALID_UTF8.clone()));
	}

	static TextWebSocketFrame reservedBits() {
		return new TextWebSocketFrame(true, RSV1, "reserved bits");
	}

	static BinaryWebSocketFrame zeros(int size) {
		return new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[size]));
	}

	/**
	 * Return a final, masked text frame of a short text, as raw bytes.
	 */
	static ByteBuf maskedText(String text) {
		byte[] payload = text.getBytes(StandardCharsets.UTF_8);
		if (payload.length > 125) {
			throw new IllegalArgumentException("text must be at most 125 bytes");
		}
		ByteBuf frame = Unpooled.buffer(2 + MASKING_KEY.length + payload.length);
		frame.writeByte(0x80 | 0x1);
		frame.writeByte(0x80 | payload.length);
		frame.writeBytes(MASKING_KEY);
		for (int i = 0; i < payload.length; i++) {
			frame.writeByte(payload[i] ^ MASKING_KEY[i % MASKING_KEY.length]);
		}
		return frame;
	}

}
