package dev.wsclient.core;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.util.ReferenceCountUtil;
import reactor.netty.NettyPipeline;

/**
 * Fails the handshake as soon as the response's status line is not {@code 101}, before
 * Reactor Netty aggregates the response. Aggregation would read the whole error page, and
 * one over its limit fails with a message that quotes every response header (cookies
 * included) where the status would otherwise be reported. The failure carries the status
 * alone, with its standard reason phrase; the connection is closed and what the server
 * sends after the status line is dropped unread. Removes itself once the handshake
 * response is a {@code 101}.
 */
final class HandshakeStatusCheck extends ChannelInboundHandlerAdapter {

	// Named as one of Reactor Netty's own left-hand handlers, so that the aggregator it
	// adds for the handshake lands behind this one.
	private static final String NAME = NettyPipeline.LEFT + "wsclientHandshakeStatusCheck";

	private boolean refused;

	/**
	 * Put a check right behind the HTTP codec of a new connection. Added to the pipeline
	 * directly: Reactor Netty removes the handlers it is given when the WebSocket
	 * operations take over from the HTTP ones, before the response arrives.
	 * @param channel the connection's channel
	 */
	static void install(Channel channel) {
		ChannelPipeline pipeline = channel.pipeline();
		if (pipeline.get(NettyPipeline.HttpCodec) != null && pipeline.get(NAME) == null) {
			pipeline.addAfter(NettyPipeline.HttpCodec, NAME, new HandshakeStatusCheck());
		}
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (this.refused) {
			ReferenceCountUtil.release(msg);
			return;
		}
		if (msg instanceof HttpResponse response) {
			int code = response.status().code();
			if (code != HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
				this.refused = true;
				ReferenceCountUtil.release(msg);
				HttpResponse statusOnly = new DefaultHttpResponse(response.protocolVersion(),
						HttpResponseStatus.valueOf(code));
				ctx.fireExceptionCaught(
						new WebSocketClientHandshakeException("The server answered HTTP " + code, statusOnly));
				ctx.close();
				return;
			}
			ctx.pipeline().remove(this);
		}
		ctx.fireChannelRead(msg);
	}

}
