package dev.wsclient.benchmarks.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/** {@code /echo}: sends every frame back as it came. */
final class EchoHandler extends ServerMode {

	@Override
	void dataFrame(ChannelHandlerContext ctx, WebSocketFrame frame) {
		ctx.writeAndFlush(frame.retain());
	}

}
