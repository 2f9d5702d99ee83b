package dev.wsclient.bridge.server;

import java.nio.charset.StandardCharsets;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import reactor.netty.NettyPipeline;

/**
 * Holds what WebSocket subscribers send to RFC 6455, which Reactor Netty's server does
 * not: it accepts reserved bits without a negotiated extension, delivers text that is not
 * UTF-8, and answers a close frame with an invalid code by closing TCP without a close
 * frame. In place of its frame decoder go a strict decoder (masked frames, no reserved
 * bits, frames up to a size), a UTF-8 check of text and continuation frames, and a guard
 * that fails the connection with the status the violation calls for: 1002 for protocol
 * errors (close codes RFC 6455 does not define included, 5000 and up as well), 1007 for
 * invalid UTF-8, 1009 for a frame over the size; one close frame, then TCP is closed.
 *
 * <p>
 * Pings are answered here too, and only while the connection is writable: Reactor Netty
 * answers every ping and asks for another read whatever the state of its write queue, so
 * a peer that sends pings and reads nothing would make it queue pongs without end. RFC
 * 6455 (section 5.5.3) lets an endpoint answer only the most recent of several pings;
 * here a ping that arrives while earlier frames are still waiting to be written gets no
 * pong, and reading stops until they are written ({@link ConnectionFlowControl}).
 */
final class StrictWebSocketFraming {

	private static final String DECODER = "wsdecoder";

	private static final String UTF8 = "bridge.wsUtf8Validator";

	private static final String GUARD = "bridge.wsProtocolGuard";

	private static final String UPGRADE = "bridge.wsUpgrade";

	private static final int MAX_CLOSE_REASON_BYTES = 123;

	// RFC 6455 section 7.4.2 defines codes up to 4999; Netty accepts any from 3000 up.
	private static final int FIRST_UNDEFINED_CLOSE_CODE = 5000;

	private StrictWebSocketFraming() {
	}

	/**
	 * Watch a new connection for a WebSocket upgrade, and replace the frame decoder at
	 * the moment the handshake response is written: Netty's handshaker has put its
	 * decoder in place by then, and no frame can have been read, however early the peer
	 * sends one.
	 * @param pipeline the connection's pipeline, with Reactor Netty's HTTP codec
	 * @param maxFramePayloadLength the largest frame payload a peer may send
	 */
	static void onUpgrade(ChannelPipeline pipeline, int maxFramePayloadLength) {
		pipeline.addAfter(NettyPipeline.HttpCodec, UPGRADE, new ChannelOutboundHandlerAdapter() {

			@Override
			public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
				if (msg instanceof HttpResponse response
						&& response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
					install(ctx.pipeline(), maxFramePayloadLength);
					ctx.pipeline().remove(this);
				}
				super.write(ctx, msg, promise);
			}

		});
	}

	private static void install(ChannelPipeline pipeline, int maxFramePayloadLength) {
		WebSocketDecoderConfig config = WebSocketDecoderConfig.newBuilder()
			.maxFramePayloadLength(maxFramePayloadLength)
			.expectMaskedFrames(true)
			.allowMaskMismatch(false)
			.allowExtensions(false)
			.closeOnProtocolViolation(false)
			.build();
		pipeline.replace(DECODER, DECODER, new WebSocket13FrameDecoder(config));
		pipeline.addAfter(DECODER, UTF8, new Utf8FrameValidator(false));
		pipeline.addAfter(UTF8, GUARD, new ProtocolGuard());
	}

	/**
	 * Fails the connection on the first violation the decoder or the UTF-8 check found,
	 * and answers pings while the connection is writable.
	 */
	private static final class ProtocolGuard extends ChannelInboundHandlerAdapter {

		private boolean failed;

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (msg instanceof CloseWebSocketFrame close && close.statusCode() >= FIRST_UNDEFINED_CLOSE_CODE) {
				int code = close.statusCode();
				close.release();
				fail(ctx, new CorruptedWebSocketFrameException(WebSocketCloseStatus.PROTOCOL_ERROR,
						"Invalid close code " + code));
				return;
			}
			if (!(msg instanceof PingWebSocketFrame ping)) {
				ctx.fireChannelRead(msg);
				return;
			}
			if (ctx.channel().isWritable() && !this.failed) {
				ctx.writeAndFlush(new PongWebSocketFrame(ping.content()));
			}
			else {
				ping.release();
			}
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			if (!(cause instanceof CorruptedWebSocketFrameException violation)) {
				ctx.fireExceptionCaught(cause);
				return;
			}
			fail(ctx, violation);
		}

		private void fail(ChannelHandlerContext ctx, CorruptedWebSocketFrameException violation) {
			if (!this.failed) {
				this.failed = true;
				WebSocketCloseStatus status = violation.closeStatus();
				ctx.writeAndFlush(new CloseWebSocketFrame(status.code(), reason(violation)))
					.addListener(ChannelFutureListener.CLOSE);
			}
		}

		private static String reason(CorruptedWebSocketFrameException violation) {
			String message = String.valueOf(violation.getMessage());
			byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
			return (bytes.length <= MAX_CLOSE_REASON_BYTES) ? message : violation.closeStatus().reasonText();
		}

	}

}
