package dev.wsclient.core.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;

/**
 * Netty's frame decoder, configured so that the {@link FrameHandler} alone answers a
 * protocol violation: it throws instead of writing a close frame of its own, so exactly
 * one close frame (with the right code) goes out. It leaves the body of close frames to
 * the {@link FrameHandler} too: Netty's own check reports a reason that is not UTF-8 as
 * 1007 where RFC 6455 makes it a protocol error (1002), and it accepts close codes from
 * 5000 up and, reading the code as a signed number, from 32768 up.
 */
final class StrictFrameDecoder extends WebSocket13FrameDecoder {

	StrictFrameDecoder(int maxFramePayloadLength) {
		super(WebSocketDecoderConfig.newBuilder()
			.expectMaskedFrames(false)
			.allowMaskMismatch(false)
			// Reserved bits are checked after the extension decoders, by the
			// FrameHandler.
			.allowExtensions(true)
			.maxFramePayloadLength(maxFramePayloadLength)
			.closeOnProtocolViolation(false)
			.build());
	}

	@Override
	protected void checkCloseFrameBody(ChannelHandlerContext ctx, ByteBuf buffer) {
		// Checked by FrameHandler.onClose.
	}

}
