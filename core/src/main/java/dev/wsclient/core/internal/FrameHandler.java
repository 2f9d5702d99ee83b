package dev.wsclient.core.internal;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.wsclient.core.WsCloseStatus;
import dev.wsclient.core.WsMessage;
import dev.wsclient.core.WsOpcode;
import dev.wsclient.core.WsStatusCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.jspecify.annotations.Nullable;

/**
 * The client's own end of the pipeline, after Netty's frame decoder, the extension
 * decoders and UTF-8 validation: it rejects what Reactor Netty lets through (reserved
 * bits without an extension), reassembles fragments into {@link WsMessage}s within the
 * size limit, answers pings, runs the heartbeat, and owns the closing handshake so that
 * exactly one close frame is sent. Everything here runs on the channel's event loop.
 */
final class FrameHandler extends ChannelInboundHandlerAdapter {

	private static final int PING_PAYLOAD_SIZE = Long.BYTES;

	private final ConnectionEvents events;

	private final int maxMessageSize;

	private final long pingIntervalNanos;

	private final int maxMissedPings;

	private final long closeTimeoutNanos;

	private @Nullable ChannelHandlerContext context;

	private @Nullable WsOpcode fragmentedOpcode;

	private byte[] fragments = new byte[0];

	private int fragmentsLength;

	private long lastInboundNanos = System.nanoTime();

	private int unansweredPings;

	// Whether a missed ping was reported and not yet followed by a sign of life.
	private boolean missedPingReported;

	private long lastPingSentNanos;

	private @Nullable ScheduledFuture<?> heartbeat;

	private boolean closeSent;

	FrameHandler(ConnectionEvents events, int maxMessageSize, long pingIntervalNanos, int maxMissedPings,
			long closeTimeoutNanos) {
		this.events = events;
		this.maxMessageSize = maxMessageSize;
		this.pingIntervalNanos = pingIntervalNanos;
		this.maxMissedPings = maxMissedPings;
		this.closeTimeoutNanos = closeTimeoutNanos;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.context = ctx;
	}

	/** Start pinging a silent server; called once the handshake is complete. */
	void startHeartbeat() {
		ChannelHandlerContext ctx = this.context;
		if (ctx != null && this.heartbeat == null && !this.closeSent) {
			this.lastInboundNanos = System.nanoTime();
			scheduleHeartbeat(ctx, this.pingIntervalNanos);
		}
	}

	/**
	 * Start the closing handshake: send a close frame, then end the connection when the
	 * server has closed TCP or the close timeout has passed, whichever comes first.
	 * @param code the close code
	 * @param reason the close reason
	 */
	void startClose(int code, String reason) {
		ChannelHandlerContext ctx = this.context;
		if (ctx != null && !this.closeSent) {
			sendClose(ctx, new CloseWebSocketFrame(code, reason));
		}
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (!(msg instanceof WebSocketFrame frame)) {
			ctx.fireChannelRead(msg);
			return;
		}
		this.lastInboundNanos = System.nanoTime();
		this.unansweredPings = 0;
		if (this.missedPingReported) {
			this.missedPingReported = false;
			this.events.serverResponsive();
		}
		try {
			if (frame.rsv() != 0) {
				fail(ctx, WsCloseStatus.of(WsStatusCode.PROTOCOL_ERROR, 1002,
						"frame with reserved bits " + frame.rsv() + " set but no extension negotiated"), 1002);
			}
			else if (frame instanceof PingWebSocketFrame) {
				answerPing(ctx, frame);
			}
			else if (frame instanceof PongWebSocketFrame) {
				onPong(frame.content());
			}
			else if (frame instanceof CloseWebSocketFrame close) {
				onClose(ctx, close);
			}
			else if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
				onDataFrame(ctx, (frame instanceof TextWebSocketFrame) ? WsOpcode.TEXT : WsOpcode.BINARY, frame);
			}
			else if (frame instanceof ContinuationWebSocketFrame) {
				onContinuation(ctx, frame);
			}
		}
		finally {
			frame.release();
		}
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		WsCloseStatus status = FailureClassifier.classify(cause);
		Integer rfcCode = status.rfcCode();
		if (rfcCode != null) {
			// A protocol violation found by the frame decoder or the UTF-8 validator:
			// both only throw, so that the one close frame is sent from here.
			fail(ctx, status, rfcCode);
		}
		else {
			this.events.recordStatus(status);
			ctx.close();
		}
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		cancelHeartbeat();
		ctx.fireChannelInactive();
	}

	private void answerPing(ChannelHandlerContext ctx, WebSocketFrame ping) {
		if (!this.closeSent) {
			ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retainedDuplicate()));
		}
	}

	private void onPong(ByteBuf payload) {
		// Only a pong echoing our last ping measures the round trip; unsolicited pongs
		// are allowed
		// by RFC 6455 and only count as a sign of life.
		if (this.lastPingSentNanos != 0 && payload.readableBytes() == PING_PAYLOAD_SIZE
				&& payload.getLong(payload.readerIndex()) == this.lastPingSentNanos) {
			this.events.pingAnswered(System.nanoTime() - this.lastPingSentNanos);
			this.lastPingSentNanos = 0;
		}
	}

	private void onClose(ChannelHandlerContext ctx, CloseWebSocketFrame close) {
		if (this.closeSent) {
			// The answer to our own close: wait for the server to close TCP, as RFC 6455
			// asks.
			return;
		}
		String violation = closeFrameViolation(close.content());
		if (violation != null) {
			fail(ctx, WsCloseStatus.of(WsStatusCode.PROTOCOL_ERROR, 1002, violation), 1002);
			return;
		}
		int code = close.statusCode();
		String reason = (code != -1) ? close.reasonText() : "";
		this.events.recordStatus(WsCloseStatus.of(WsStatusCode.SERVER_CLOSED, (code != -1) ? code : 1005, reason));
		CloseWebSocketFrame echo = (code != -1) ? new CloseWebSocketFrame(code, null) : new CloseWebSocketFrame();
		sendClose(ctx, echo);
	}

	/**
	 * Check the body of a close frame (RFC 6455 sections 5.5.1 and 7.4): empty, or a
	 * close code an endpoint may send followed by a UTF-8 reason. Every violation is a
	 * protocol error (1002), a reason that is not UTF-8 included.
	 * @param body the body
	 * @return what is wrong, or {@code null} when the body is valid
	 */
	static @Nullable String closeFrameViolation(ByteBuf body) {
		int length = body.readableBytes();
		if (length == 0) {
			return null;
		}
		if (length == 1) {
			return "close frame with a payload of 1 byte; a close code takes 2";
		}
		int code = body.getUnsignedShort(body.readerIndex());
		if (!CloseCodes.isSendable(code)) {
			return "close frame with the invalid close code " + code;
		}
		if (length > 2) {
			try {
				StandardCharsets.UTF_8.newDecoder()
					.onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT)
					.decode(body.nioBuffer(body.readerIndex() + 2, length - 2));
			}
			catch (CharacterCodingException ex) {
				return "close frame whose reason is not valid UTF-8";
			}
		}
		return null;
	}

	private void onDataFrame(ChannelHandlerContext ctx, WsOpcode opcode, WebSocketFrame frame) {
		ByteBuf content = frame.content();
		if (frame.isFinalFragment()) {
			if (content.readableBytes() > this.maxMessageSize) {
				tooBig(ctx, content.readableBytes());
				return;
			}
			byte[] payload = new byte[content.readableBytes()];
			content.getBytes(content.readerIndex(), payload);
			ctx.fireChannelRead(WsMessage.wrap(opcode, payload));
			return;
		}
		this.fragmentedOpcode = opcode;
		this.fragmentsLength = 0;
		append(ctx, content);
	}

	private void onContinuation(ChannelHandlerContext ctx, WebSocketFrame frame) {
		WsOpcode opcode = this.fragmentedOpcode;
		if (opcode == null) {
			// Netty's decoder already rejects this; kept so the rule does not depend on
			// it.
			fail(ctx, WsCloseStatus.of(WsStatusCode.FRAGMENTATION_ERROR, 1002,
					"continuation frame without a message to continue"), 1002);
			return;
		}
		if (!append(ctx, frame.content())) {
			return;
		}
		if (frame.isFinalFragment()) {
			byte[] payload = Arrays.copyOf(this.fragments, this.fragmentsLength);
			this.fragmentedOpcode = null;
			this.fragmentsLength = 0;
			if (this.fragments.length > 64 * 1024) {
				this.fragments = new byte[0];
			}
			ctx.fireChannelRead(WsMessage.wrap(opcode, payload));
		}
	}

	private boolean append(ChannelHandlerContext ctx, ByteBuf content) {
		int length = content.readableBytes();
		long total = (long) this.fragmentsLength + length;
		if (total > this.maxMessageSize) {
			tooBig(ctx, total);
			return false;
		}
		if (total > this.fragments.length) {
			int capacity = (int) Math.min(this.maxMessageSize, Math.max(total, this.fragments.length * 2L));
			this.fragments = Arrays.copyOf(this.fragments, Math.max(capacity, 256));
		}
		content.getBytes(content.readerIndex(), this.fragments, this.fragmentsLength, length);
		this.fragmentsLength = (int) total;
		return true;
	}

	private void tooBig(ChannelHandlerContext ctx, long size) {
		this.fragmentedOpcode = null;
		this.fragments = new byte[0];
		this.fragmentsLength = 0;
		fail(ctx,
				WsCloseStatus.of(WsStatusCode.MESSAGE_TOO_BIG, 1009,
						"inbound message of at least " + size + " bytes exceeds the limit of " + this.maxMessageSize),
				1009);
	}

	private void fail(ChannelHandlerContext ctx, WsCloseStatus status, int rfcCode) {
		this.events.recordStatus(status);
		if (!this.closeSent && ctx.channel().isActive()) {
			this.closeSent = true;
			cancelHeartbeat();
			ctx.writeAndFlush(new CloseWebSocketFrame(rfcCode, null)).addListener(ChannelFutureListener.CLOSE);
		}
		else {
			ctx.close();
		}
	}

	private void sendClose(ChannelHandlerContext ctx, CloseWebSocketFrame frame) {
		this.closeSent = true;
		cancelHeartbeat();
		ctx.writeAndFlush(frame);
		ctx.executor().schedule(() -> ctx.close(), this.closeTimeoutNanos, TimeUnit.NANOSECONDS);
	}

	private void scheduleHeartbeat(ChannelHandlerContext ctx, long delayNanos) {
		this.heartbeat = ctx.executor().schedule(() -> checkHeartbeat(ctx), delayNanos, TimeUnit.NANOSECONDS);
	}

	private void checkHeartbeat(ChannelHandlerContext ctx) {
		if (this.closeSent || !ctx.channel().isActive()) {
			return;
		}
		long now = System.nanoTime();
		long silentFor = now - this.lastInboundNanos;
		if (silentFor < this.pingIntervalNanos) {
			scheduleHeartbeat(ctx, this.pingIntervalNanos - silentFor);
			return;
		}
		if (!ctx.channel().config().isAutoRead()) {
			// Our subscribers paused the reading: the silence is ours, not the server's.
			this.lastInboundNanos = now;
			scheduleHeartbeat(ctx, this.pingIntervalNanos);
			return;
		}
		if (this.unansweredPings >= this.maxMissedPings) {
			this.events.recordStatus(WsCloseStatus.of(WsStatusCode.HEARTBEAT_TIMEOUT, null,
					"the server answered none of " + this.unansweredPings + " pings and sent nothing for "
							+ TimeUnit.NANOSECONDS.toMillis(silentFor) + " ms"));
			ctx.close();
			return;
		}
		if (this.unansweredPings > 0 && !this.missedPingReported) {
			// A whole interval passed without an answer to the previous ping; a ping
			// merely in
			// flight is not a missed one.
			this.missedPingReported = true;
			this.events.pingMissed();
		}
		this.unansweredPings++;
		this.lastPingSentNanos = (now != 0) ? now : 1;
		ctx.writeAndFlush(new PingWebSocketFrame(Unpooled.copyLong(this.lastPingSentNanos)));
		scheduleHeartbeat(ctx, this.pingIntervalNanos);
	}

	private void cancelHeartbeat() {
		ScheduledFuture<?> scheduled = this.heartbeat;
		if (scheduled != null) {
			scheduled.cancel(false);
		}
	}

	/** What the handler reports to its connection. */
	interface ConnectionEvents {

		/**
		 * Record why the connection is ending; the first status recorded wins.
		 * @param status the status
		 */
		void recordStatus(WsCloseStatus status);

		/**
		 * Record the round trip of an answered ping.
		 * @param roundTripNanos the round-trip time
		 */
		void pingAnswered(long roundTripNanos);

		/** Record that a ping went a whole ping interval without an answer. */
		void pingMissed();

		/** Record that the server sent something again after a missed ping. */
		void serverResponsive();

	}

}
