package dev.wsclient.test.server;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * A message the server keeps to send later, to any number of connections: each gets a
 * frame of its own.
 */
final class OutboundMessage {

	private final boolean text;

	private final byte[] payload;

	private OutboundMessage(boolean text, byte[] payload) {
		this.text = text;
		this.payload = payload;
	}

	static OutboundMessage text(String text) {
		return new OutboundMessage(true, text.getBytes(StandardCharsets.UTF_8));
	}

	static OutboundMessage binary(byte[] bytes) {
		return new OutboundMessage(false, bytes.clone());
	}

	WebSocketFrame frame() {
		return this.text ? new TextWebSocketFrame(Unpooled.wrappedBuffer(this.payload))
				: new BinaryWebSocketFrame(Unpooled.wrappedBuffer(this.payload));
	}

}
