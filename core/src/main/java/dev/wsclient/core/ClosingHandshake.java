package dev.wsclient.core;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import org.jspecify.annotations.Nullable;

/**
 * The client's side of the closing handshake (RFC 6455 section 7): exactly one close
 * frame is sent, whoever starts; a valid close frame from the server is echoed and
 * recorded; a normal close waits for the server to close TCP at most the close timeout;
 * failing the connection closes TCP at once. Runs on the connection's event loop.
 */
final class ClosingHandshake {

	private final Connection connection;

	private final Timers timers;

	private final long closeTimeoutNanos;

	private boolean closeSent;

	ClosingHandshake(Connection connection, ClientParts parts) {
		this.connection = connection;
		this.timers = parts.timers();
		this.closeTimeoutNanos = parts.options().closeTimeout().toNanos();
	}

	boolean isCloseSent() {
		return this.closeSent;
	}

	/**
	 * Start a normal close with the user's code and reason.
	 * @param ctx the handler context
	 * @param code the close code
	 * @param reason the reason
	 * @return whether this started it (no close frame was sent before)
	 */
	boolean start(ChannelHandlerContext ctx, int code, String reason) {
		if (this.closeSent) {
			return false;
		}
		send(ctx, new CloseWebSocketFrame(code, reason));
		return true;
	}

	/**
	 * Take the server's close frame: the answer to ours, or its own close, which is
	 * checked, recorded and echoed.
	 * @param ctx the handler context
	 * @param body the close frame's payload
	 */
	void closeFrame(ChannelHandlerContext ctx, byte[] body) {
		if (this.closeSent) {
			// The answer to our own close: wait for the server to close TCP, as RFC 6455
			// asks.
			return;
		}
		String violation = closeFrameViolation(body);
		if (violation != null) {
			fail(ctx, WsCloseStatus.of(WsStatusCode.PROTOCOL_ERROR, 1002, violation), 1002);
			return;
		}
		if (body.length == 0) {
			this.connection.recordStatus(WsCloseStatus.of(WsStatusCode.SERVER_CLOSED, 1005, ""));
			send(ctx, new CloseWebSocketFrame());
			return;
		}
		int code = closeCode(body);
		String reason = new String(body, 2, body.length - 2, StandardCharsets.UTF_8);
		this.connection.recordStatus(WsCloseStatus.of(WsStatusCode.SERVER_CLOSED, code, reason));
		send(ctx, new CloseWebSocketFrame(code, null));
	}

	/**
	 * _Fail the WebSocket Connection_ (RFC 6455 section 7.1.7): record the status, send a
	 * close frame with the code unless one was sent, and close TCP at once.
	 * @param ctx the handler context
	 * @param status the status
	 * @param rfcCode the close code to send
	 */
	void fail(ChannelHandlerContext ctx, WsCloseStatus status, int rfcCode) {
		this.connection.recordStatus(status);
		if (!this.closeSent && ctx.channel().isActive()) {
			this.closeSent = true;
			ctx.writeAndFlush(new CloseWebSocketFrame(rfcCode, null)).addListener(ChannelFutureListener.CLOSE);
		}
		else {
			ctx.close();
		}
	}

	/**
	 * Check the body of a close frame (RFC 6455 sections 5.5.1 and 7.4): empty, or a
	 * close code an endpoint may send followed by a UTF-8 reason. Every violation is a
	 * protocol error (1002), a reason that is not UTF-8 included.
	 * @param body the body
	 * @return what is wrong, or {@code null} when the body is valid
	 */
	static @Nullable String closeFrameViolation(byte[] body) {
		if (body.length == 0) {
			return null;
		}
		if (body.length == 1) {
			return "close frame with a payload of 1 byte; a close code takes 2";
		}
		int code = closeCode(body);
		if (!CloseCodes.isSendable(code)) {
			return "close frame with the invalid close code " + code;
		}
		if (body.length > 2) {
			try {
				StandardCharsets.UTF_8.newDecoder()
					.onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT)
					.decode(ByteBuffer.wrap(body, 2, body.length - 2));
			}
			catch (CharacterCodingException ex) {
				return "close frame whose reason is not valid UTF-8";
			}
		}
		return null;
	}

	private static int closeCode(byte[] body) {
		return ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
	}

	private void send(ChannelHandlerContext ctx, CloseWebSocketFrame frame) {
		this.closeSent = true;
		ctx.writeAndFlush(frame);
		this.timers.schedule(ctx::close, this.closeTimeoutNanos, ctx.channel().eventLoop());
	}

}
