package dev.wsclient.benchmarks.server;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import org.jspecify.annotations.Nullable;

/**
 * Upgrades a request to a WebSocket and hands the connection to the handler of its path.
 */
final class HandshakeHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

	private static final int MAX_FRAME_PAYLOAD = 1024 * 1024;

	private final @Nullable Consumer<Channel> feed;

	HandshakeHandler(@Nullable Consumer<Channel> feed) {
		this.feed = feed;
	}

	@Override
	protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
		QueryStringDecoder query = new QueryStringDecoder(request.uri());
		ServerMode mode;
		try {
			mode = mode(query.path(), query.parameters());
		}
		catch (IllegalArgumentException ex) {
			respond(ctx, HttpResponseStatus.BAD_REQUEST, ex.getMessage());
			return;
		}
		if (mode == null) {
			respond(ctx, HttpResponseStatus.NOT_FOUND, "no such path: " + query.path());
			return;
		}
		String location = "ws://" + request.headers().get(HttpHeaderNames.HOST) + query.path();
		WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(location, null, false,
				MAX_FRAME_PAYLOAD)
			.newHandshaker(request);
		if (handshaker == null) {
			WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
			return;
		}
		ctx.pipeline().replace(this, "mode", mode);
		handshaker.handshake(ctx.channel(), request).addListener((ChannelFutureListener) (future) -> {
			if (future.isSuccess()) {
				mode.opened(future.channel());
			}
			else {
				future.channel().close();
			}
		});
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		ctx.close();
	}

	private @Nullable ServerMode mode(String path, Map<String, List<String>> parameters) {
		return switch (path) {
			case "/blast" -> new BlastHandler(blastFrames(parameters), longParameter(parameters, "n"));
			case "/echo" -> new EchoHandler();
			case "/idle" -> new IdleHandler();
			case "/feed" -> (this.feed != null) ? new FeedHandler(this.feed) : null;
			default -> null;
		};
	}

	private static Frames blastFrames(Map<String, List<String>> parameters) {
		String type = parameter(parameters, "type");
		if ("json".equals(type)) {
			return Frames.forTicks();
		}
		return Frames.forBlast(intParameter(parameters, "size"), "text".equals(type));
	}

	private static String parameter(Map<String, List<String>> parameters, String name) {
		List<String> values = parameters.get(name);
		if (values == null || values.isEmpty()) {
			throw new IllegalArgumentException("missing query parameter " + name);
		}
		return values.get(0);
	}

	private static int intParameter(Map<String, List<String>> parameters, String name) {
		return Integer.parseInt(parameter(parameters, name));
	}

	private static long longParameter(Map<String, List<String>> parameters, String name) {
		return Long.parseLong(parameter(parameters, name));
	}

	private static void respond(ChannelHandlerContext ctx, HttpResponseStatus status, @Nullable String text) {
		DefaultFullHttpResponse response = new DefaultFullHttpResponse(io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
				status, Unpooled.copiedBuffer(String.valueOf(text), java.nio.charset.StandardCharsets.UTF_8));
		response.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
		ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
	}

}
