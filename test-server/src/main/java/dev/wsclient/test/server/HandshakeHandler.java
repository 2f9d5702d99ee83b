package dev.wsclient.test.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.compression.ZlibCodecFactory;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionUtil;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import org.jspecify.annotations.Nullable;

/**
 * Answers the opening handshake (RFC 6455 section 4.2.2) by hand, so that it can also
 * answer it wrongly, then turns the HTTP pipeline into a WebSocket one.
 */
final class HandshakeHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

	private static final Pattern COMMA = Pattern.compile(",");

	private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

	private final MockWsServer server;

	HandshakeHandler(MockWsServer server) {
		this.server = server;
	}

	@Override
	protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) {
		HandshakeRequest recorded = this.server.handshakeReceived(request);
		Misbehaviour misbehaviour = this.server.nextMisbehaviour();
		Misbehaviour.Kind kind = (misbehaviour != null) ? misbehaviour.kind() : null;
		if (kind == Misbehaviour.Kind.NO_HANDSHAKE_ANSWER) {
			return;
		}
		if (misbehaviour != null && kind == Misbehaviour.Kind.REFUSE_HANDSHAKE) {
			refuse(context, HttpResponseStatus.valueOf(misbehaviour.number()), "refused by MockWsServer", Map.of());
			return;
		}
		String key = request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_KEY);
		if (!request.decoderResult().isSuccess() || !HttpMethod.GET.equals(request.method()) || key == null
				|| !request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
			refuse(context, HttpResponseStatus.BAD_REQUEST, "not a WebSocket handshake", Map.of());
			return;
		}
		if (!"13".equals(request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))) {
			FullHttpResponse response = response(HttpResponseStatus.UPGRADE_REQUIRED, "WebSocket version 13 only");
			response.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
			context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
			return;
		}
		HandshakeAnswer answer = this.server.answer(recorded);
		if (!answer.isAccept()) {
			refuse(context, HttpResponseStatus.valueOf(answer.status()), "refused by MockWsServer", answer.headers());
			return;
		}
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
				HttpResponseStatus.SWITCHING_PROTOCOLS);
		answer.headers().forEach(response.headers()::set);
		response.headers()
			.set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET)
			.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE)
			.set(HttpHeaderNames.SEC_WEBSOCKET_ACCEPT,
					accept((kind == Misbehaviour.Kind.BAD_ACCEPT) ? key + "-not-the-key" : key));
		List<String> supported = (answer.subprotocols() != null) ? answer.subprotocols() : this.server.subprotocols();
		String subprotocol = selectSubprotocol(supported,
				request.headers().getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL));
		if (subprotocol != null) {
			response.headers().set(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, subprotocol);
		}
		else {
			response.headers().remove(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
		}
		boolean deflateAllowed = (answer.permessageDeflate() != null) ? answer.permessageDeflate()
				: this.server.permessageDeflate();
		WebSocketServerExtension deflate = deflateAllowed
				? negotiateDeflate(request.headers().getAll(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS)) : null;
		if (deflate != null) {
			response.headers().set(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS, extensionHeader(deflate.newReponseData()));
		}
		else {
			response.headers().remove(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS);
		}
		upgrade(context, response,
				new MockWsConnection(this.server, context.channel(), recorded, subprotocol, deflate != null), deflate,
				misbehaviour);
	}

	/**
	 * Accept the first permessage-deflate offer Netty's handshaker agrees to (RFC 7692
	 * section 5: a client may offer several, in order of preference).
	 */
	private static @Nullable WebSocketServerExtension negotiateDeflate(List<String> headers) {
		// Level 6, the client's window size and no-context requests honoured, and no
		// limit on what one frame inflates to (0): the frame aggregator then enforces
		// the maximum message size on the inflated messages.
		PerMessageDeflateServerExtensionHandshaker handshaker = new PerMessageDeflateServerExtensionHandshaker(6,
				ZlibCodecFactory.isSupportingWindowSizeAndMemLevel(),
				PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE, true, false, 0);
		for (String header : headers) {
			for (WebSocketExtensionData offer : WebSocketExtensionUtil.extractExtensions(header)) {
				WebSocketServerExtension extension = handshaker.handshakeExtension(offer);
				if (extension != null) {
					return extension;
				}
			}
		}
		return null;
	}

	private static String extensionHeader(WebSocketExtensionData data) {
		StringBuilder header = new StringBuilder(data.name());
		data.parameters().forEach((name, value) -> {
			header.append("; ").append(name);
			if (value != null) {
				header.append('=').append(value);
			}
		});
		return header.toString();
	}

	/**
	 * Swap the HTTP handlers for WebSocket ones around writing the 101 response, all on
	 * the I/O thread, so that nothing the client sends after the response can reach the
	 * HTTP decoder, and nothing the server sends can precede the response.
	 */
	private void upgrade(ChannelHandlerContext context, FullHttpResponse response, MockWsConnection connection,
			@Nullable WebSocketServerExtension deflate, @Nullable Misbehaviour misbehaviour) {
		ChannelPipeline pipeline = context.pipeline();
		pipeline.remove(HttpObjectAggregator.class);
		pipeline.addBefore(context.name(), "ws-decoder",
				new WebSocket13FrameDecoder(WebSocketDecoderConfig.newBuilder()
					.expectMaskedFrames(true)
					// RSV1 marks a compressed message once permessage-deflate is on.
					.allowExtensions(deflate != null)
					.maxFramePayloadLength(this.server.maxMessageSize())
					// MockWsConnection sends the close frame (1009 for a message too
					// big).
					.closeOnProtocolViolation(false)
					.build()));
		pipeline.addBefore(context.name(), "ws-encoder", new WebSocket13FrameEncoder(false));
		if (deflate != null) {
			// Inflates frames the decoder read and deflates messages before the encoder.
			pipeline.addBefore(context.name(), "ws-deflate-decoder", deflate.newExtensionDecoder());
			pipeline.addBefore(context.name(), "ws-deflate-encoder", deflate.newExtensionEncoder());
		}
		pipeline.addBefore(context.name(), "ws-aggregator", new WebSocketFrameAggregator(this.server.maxMessageSize()));
		pipeline.replace(this, "ws-connection", connection.handler());
		this.server.opened(connection);
		context.channel().writeAndFlush(response);
		pipeline.remove(HttpServerCodec.class);
		this.server.greet(connection, misbehaviour);
	}

	private static @Nullable String selectSubprotocol(List<String> supported, List<String> offered) {
		return offered.stream()
			.flatMap((header) -> COMMA.splitAsStream(header))
			.map(String::trim)
			.filter(supported::contains)
			.findFirst()
			.orElse(null);
	}

	private static void refuse(ChannelHandlerContext context, HttpResponseStatus status, String body,
			Map<String, String> headers) {
		FullHttpResponse response = response(status, body);
		headers.forEach(response.headers()::set);
		// The connection closes after the response, whatever the headers say.
		response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
		context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
	}

	private static FullHttpResponse response(HttpResponseStatus status, String body) {
		int code = status.code();
		boolean bodyAllowed = code >= 200 && code != 204 && code != 304;
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
				bodyAllowed ? Unpooled.copiedBuffer(body + "\n", StandardCharsets.UTF_8) : Unpooled.EMPTY_BUFFER);
		response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
		if (bodyAllowed) {
			response.headers()
				.set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
				.setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
		}
		return response;
	}

	static String accept(String key) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-1")
				.digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
			return Base64.getEncoder().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JDK has SHA-1", ex);
		}
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
		// TLS handshakes a client aborts (an untrusted certificate) end here.
		context.close();
	}

}
