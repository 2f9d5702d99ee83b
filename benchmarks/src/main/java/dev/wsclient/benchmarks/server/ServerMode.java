package dev.wsclient.benchmarks.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * What the server does on one path once the handshake is done. Every mode answers pings
 * and completes the closing handshake; what it does with data frames is its own.
 */
abstract class ServerMode extends ChannelInboundHandlerAdapter {

	/**
	 * Called on the channel's event loop once the handshake response is written.
	 * @param channel the channel
	 */
	void opened(Channel channel) {
	}

	/**
	 * Handle a text, binary or continuation frame; the frame is released afterwards.
	 * @param ctx the context
	 * @param frame the frame
	 */
	void dataFrame(ChannelHandlerContext ctx, WebSocketFrame frame) {
	}

	/**
	 * Called when the client's close frame arrives.
	 * @param ctx the context
	 * @param close the close frame
	 */
	void closeReceived(ChannelHandlerContext ctx, CloseWebSocketFrame close) {
		ctx.writeAndFlush(close.retainedDuplicate()).addListener((future) -> ctx.close());
	}

	@Override
	public final void channelRead(ChannelHandlerContext ctx, Object msg) {
		try {
			if (msg instanceof PingWebSocketFrame ping) {
				ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
			}
			else if (msg instanceof CloseWebSocketFrame close) {
				closeReceived(ctx, close);
			}
			else if (msg instanceof WebSocketFrame frame && !(msg instanceof PongWebSocketFrame)) {
				dataFrame(ctx, frame);
			}
		}
		finally {
			ReferenceCountUtil.release(msg);
		}
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		// Clients of the idle runs exit without closing: resets are expected.
		ctx.close();
	}

}
