package dev.wsclient.bridge.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import org.jspecify.annotations.Nullable;
import reactor.netty.NettyPipeline;

/**
 * Hands Reactor Netty a WebSocket upgrade request as one whole request. For a request
 * that arrives as headers and then content, Reactor Netty starts its request timeout
 * ({@code bridge.http.request-body-timeout}) and stops it at the request's last content;
 * after an upgrade that last content goes to the WebSocket instead, so the timeout stays
 * armed and closes the upgraded connection when it fires. A whole request starts none. An
 * upgrade request has no body: its last content comes from the same decoding as its
 * headers, so nothing waits here for the network.
 */
final class WholeUpgradeRequests extends ChannelInboundHandlerAdapter {

	static final String NAME = "bridge.wholeUpgradeRequests";

	private @Nullable HttpRequest headers;

	private WholeUpgradeRequests() {
	}

	/**
	 * Put the handler on a new connection, right behind the HTTP codec.
	 * @param pipeline the connection's pipeline, with Reactor Netty's HTTP codec
	 */
	static void install(ChannelPipeline pipeline) {
		pipeline.addAfter(NettyPipeline.HttpCodec, NAME, new WholeUpgradeRequests());
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		HttpRequest waiting = this.headers;
		if (waiting != null) {
			this.headers = null;
			if (msg instanceof LastHttpContent last && !last.content().isReadable()) {
				FullHttpRequest whole = new DefaultFullHttpRequest(waiting.protocolVersion(), waiting.method(),
						waiting.uri(), Unpooled.EMPTY_BUFFER, waiting.headers(), last.trailingHeaders());
				last.release();
				ctx.fireChannelRead(whole);
				return;
			}
			// Not the empty end expected of a request without a body: passed on as it
			// came.
			ctx.fireChannelRead(waiting);
		}
		else if (msg instanceof HttpRequest request && isUpgradeWithoutBody(request)) {
			this.headers = request;
			return;
		}
		ctx.fireChannelRead(msg);
	}

	private static boolean isUpgradeWithoutBody(HttpRequest request) {
		return !(request instanceof FullHttpRequest) && request.decoderResult().isSuccess()
				&& request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
				&& !HttpUtil.isTransferEncodingChunked(request) && HttpUtil.getContentLength(request, 0L) == 0;
	}

}
