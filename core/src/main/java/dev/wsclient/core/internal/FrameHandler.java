package dev.wsclient.core.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.wsclient.core.WsCloseStatus;
import dev.wsclient.core.WsMessage;
import dev.wsclient.core.WsStatusCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import org.jspecify.annotations.Nullable;

/**
 * The client's end of the pipeline once the handshake is done, in place of Netty's frame
 * decoder: it reads frames from the socket's bytes with a {@link FrameParser}, hands
 * whole messages straight to the connection, answers pings, runs the heartbeat, and owns
 * the closing handshake so that exactly one close frame is sent.
 *
 * <p>
 * Backpressure: when the connection says its subscribers can take no more, reading stops
 * mid-buffer; the rest of the buffer waits here, the socket's auto-read is turned off (so
 * TCP flow control slows the server down), and both resume when capacity is freed. If the
 * connection ends while paused, what was read before the end is delivered at once, then
 * the end: Netty removes every handler from a closed channel's pipeline, so nothing read
 * can wait here for capacity after that. Everything here runs on the channel's event
 * loop, except {@link #capacityFreed()}.
 */
final class FrameHandler extends ChannelInboundHandlerAdapter implements FrameParser.Frames {

	private static final int PING_PAYLOAD_SIZE = Long.BYTES;

	private final ConnectionEvents events;

	private final FrameParser parser;

	private final long pingIntervalNanos;

	private final int maxMissedPings;

	private final long closeTimeoutNanos;

	private @Nullable ChannelHandlerContext context;

	private long lastInboundNanos = System.nanoTime();

	private int unansweredPings;

	// Whether a missed ping was reported and not yet followed by a sign of life.
	private boolean missedPingReported;

	private long lastPingSentNanos;

	private @Nullable ScheduledFuture<?> heartbeat;

	private boolean closeSent;

	// Set once the connection failed or the server's close frame arrived: whatever the
	// server sends after that is not read.
	private boolean discarding;

	// Read by capacityFreed() on other threads.
	private volatile boolean paused;

	// What was read from the socket but not parsed yet, while paused, with the time it
	// was read: its messages are stamped with that time, not with when reading resumed.
	// Created when first needed: most connections never pause.
	private @Nullable ArrayDeque<PendingRead> pending;

	// The channel became inactive: what is left is delivered without waiting for
	// capacity.
	private boolean ending;

	FrameHandler(ConnectionEvents events, int maxMessageSize, boolean compression, long pingIntervalNanos,
			int maxMissedPings, long closeTimeoutNanos) {
		this.events = events;
		this.parser = new FrameParser(maxMessageSize, compression, this);
		this.pingIntervalNanos = pingIntervalNanos;
		this.maxMissedPings = maxMissedPings;
		this.closeTimeoutNanos = closeTimeoutNanos;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.context = ctx;
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		this.discarding = true;
		releasePending();
		this.parser.release();
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
	 * Messages that arrive meanwhile are still delivered, without waiting for
	 * subscribers, so that the server's answer is read.
	 * @param code the close code
	 * @param reason the close reason
	 */
	void startClose(int code, String reason) {
		ChannelHandlerContext ctx = this.context;
		if (ctx != null && !this.closeSent) {
			sendClose(ctx, new CloseWebSocketFrame(code, reason));
			resume();
		}
	}

	/**
	 * Resume reading if it was paused for lack of capacity; may be called from any
	 * thread.
	 */
	void capacityFreed() {
		ChannelHandlerContext ctx = this.context;
		if (this.paused && ctx != null) {
			ctx.executor().execute(this::resume);
		}
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (!(msg instanceof ByteBuf in)) {
			ctx.fireChannelRead(msg);
			return;
		}
		long receivedNanos = System.nanoTime();
		this.lastInboundNanos = receivedNanos;
		this.unansweredPings = 0;
		if (this.missedPingReported) {
			this.missedPingReported = false;
			this.events.serverResponsive();
		}
		if (this.discarding) {
			in.release();
		}
		else if (this.paused) {
			keep(in, receivedNanos);
		}
		else {
			boolean kept = false;
			try {
				parse(ctx, in, receivedNanos);
				if (this.paused && in.isReadable()) {
					keep(in, receivedNanos);
					kept = true;
				}
			}
			finally {
				if (!kept) {
					in.release();
				}
			}
		}
	}

	@Override
	public boolean message(WsMessage message) {
		if (this.events.messageReceived(message) || this.closeSent || this.ending) {
			return true;
		}
		ChannelHandlerContext ctx = this.context;
		if (ctx != null) {
			this.paused = true;
			ctx.channel().config().setAutoRead(false);
			if (this.events.hasCapacity()) {
				// Capacity freed between the check and the pause: capacityFreed() may
				// have seen the flag still down.
				ctx.executor().execute(this::resume);
			}
		}
		return false;
	}

	@Override
	public boolean controlFrame(int opcode, byte[] payload) {
		ChannelHandlerContext ctx = this.context;
		if (ctx == null) {
			return false;
		}
		if (opcode == FrameParser.PING) {
			if (!this.closeSent) {
				ctx.writeAndFlush(new PongWebSocketFrame(Unpooled.wrappedBuffer(payload)));
			}
		}
		else if (opcode == FrameParser.PONG) {
			onPong(payload);
		}
		else {
			onClose(ctx, payload);
			this.discarding = true;
			return false;
		}
		return true;
	}

	private void parse(ChannelHandlerContext ctx, ByteBuf in, long receivedNanos) {
		try {
			this.parser.read(in, receivedNanos);
		}
		catch (ProtocolViolation violation) {
			fail(ctx, violation.status(), violation.rfcCode());
		}
	}

	private void resume() {
		ChannelHandlerContext ctx = this.context;
		if (ctx == null || !this.paused || !(this.closeSent || this.ending || this.events.hasCapacity())) {
			return;
		}
		this.paused = false;
		PendingRead next;
		ArrayDeque<PendingRead> waiting = this.pending;
		while (waiting != null && !this.paused && !this.discarding && (next = waiting.peek()) != null) {
			parse(ctx, next.buffer(), next.receivedNanos());
			if (!this.discarding && !next.buffer().isReadable()) {
				waiting.poll();
				next.buffer().release();
			}
		}
		if (this.discarding) {
			releasePending();
		}
		if (!this.paused && !this.ending) {
			ctx.channel().config().setAutoRead(true);
		}
	}

	private void keep(ByteBuf unread, long receivedNanos) {
		ArrayDeque<PendingRead> waiting = this.pending;
		if (waiting == null) {
			waiting = new ArrayDeque<>();
			this.pending = waiting;
		}
		waiting.add(new PendingRead(unread, receivedNanos));
	}

	private void releasePending() {
		ArrayDeque<PendingRead> waiting = this.pending;
		PendingRead next;
		while (waiting != null && (next = waiting.poll()) != null) {
			next.buffer().release();
		}
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		this.events.recordStatus(FailureClassifier.classify(cause));
		ctx.close();
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		cancelHeartbeat();
		// What the server sent before the end is delivered before it. It cannot wait
		// for capacity: once the channel is unregistered, Netty removes this handler
		// and the next ones, and an end passed on later would reach nobody.
		this.ending = true;
		resume();
		ctx.fireChannelInactive();
	}

	private void onPong(byte[] payload) {
		// Only a pong echoing our last ping measures the round trip; unsolicited pongs
		// are allowed by RFC 6455 and only count as a sign of life.
		if (this.lastPingSentNanos != 0 && payload.length == PING_PAYLOAD_SIZE
				&& ByteBuffer.wrap(payload).getLong() == this.lastPingSentNanos) {
			this.events.pingAnswered(System.nanoTime() - this.lastPingSentNanos);
			this.lastPingSentNanos = 0;
		}
	}

	private void onClose(ChannelHandlerContext ctx, byte[] body) {
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
			this.events.recordStatus(WsCloseStatus.of(WsStatusCode.SERVER_CLOSED, 1005, ""));
			sendClose(ctx, new CloseWebSocketFrame());
			return;
		}
		int code = closeCode(body);
		String reason = new String(body, 2, body.length - 2, StandardCharsets.UTF_8);
		this.events.recordStatus(WsCloseStatus.of(WsStatusCode.SERVER_CLOSED, code, reason));
		sendClose(ctx, new CloseWebSocketFrame(code, null));
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

	private void fail(ChannelHandlerContext ctx, WsCloseStatus status, int rfcCode) {
		this.events.recordStatus(status);
		this.discarding = true;
		releasePending();
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
			// merely in flight is not a missed one.
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

	/** Bytes read while reading was paused, and when they were read. */
	private record PendingRead(ByteBuf buffer, long receivedNanos) {
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

		/**
		 * Deliver a message.
		 * @param message the message
		 * @return whether every subscriber can take more
		 */
		boolean messageReceived(WsMessage message);

		/**
		 * Return whether every subscriber can take more messages.
		 * @return whether there is capacity
		 */
		boolean hasCapacity();

	}

}
