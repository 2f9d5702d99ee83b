package dev.wsclient.core;

import java.util.ArrayDeque;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import org.jspecify.annotations.Nullable;

/**
 * The client's end of the pipeline once the handshake is done, in place of Netty's frame
 * decoder: it reads frames from the socket's bytes with a {@link FrameParser}, hands
 * whole messages to {@link ClientEvents}, answers pings, and passes pongs to the
 * {@link Heartbeat} and close frames to the {@link ClosingHandshake}. Its own job is the
 * pace of reading.
 *
 * <p>
 * Backpressure: when the subscribers can take no more, reading stops mid-buffer; the rest
 * of the buffer waits here, the socket's auto-read is turned off (so TCP flow control
 * slows the server down), and both resume when capacity is freed. If the connection ends
 * while paused, what was read before the end is delivered at once, then the end: Netty
 * removes every handler from a closed channel's pipeline, so nothing read can wait here
 * for capacity after that. Everything here runs on the channel's event loop, except
 * {@link #capacityFreed()}.
 */
final class InboundHandler extends ChannelInboundHandlerAdapter implements FrameParser.Frames {

	private final Connection connection;

	private final ClientParts parts;

	private final FrameParser parser;

	private final Heartbeat heartbeat;

	private final ClosingHandshake closing;

	private @Nullable ChannelHandlerContext context;

	// Set once the connection failed, was abandoned or the server's close frame arrived:
	// whatever the server sends after that is not read.
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

	// Whether the announcements queued before this connection's first messages (its
	// Connected among them) are out, so that its messages go out at once.
	private boolean afterAnnouncements;

	InboundHandler(Connection connection, ClientParts parts, boolean compression) {
		this.connection = connection;
		this.parts = parts;
		this.parser = new FrameParser(parts.options().maxMessageSize(), compression, this);
		this.heartbeat = new Heartbeat(connection, parts);
		this.closing = new ClosingHandshake(connection, parts);
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
		if (ctx != null && !this.closing.isCloseSent()) {
			this.heartbeat.start(ctx);
		}
	}

	/** Read nothing more: the attempt was abandoned before it opened. */
	void discard() {
		this.discarding = true;
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
		if (ctx != null && this.closing.start(ctx, code, reason)) {
			this.heartbeat.stop();
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
		this.heartbeat.heard(this.parts.timers().timeOf(receivedNanos));
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
		if (this.discarding) {
			return false;
		}
		ClientEvents events = this.parts.events();
		boolean capacity;
		if (this.afterAnnouncements) {
			capacity = events.received(message);
		}
		else {
			this.afterAnnouncements = events.receivedInOrder(message);
			capacity = events.hasCapacity();
		}
		if (capacity || this.closing.isCloseSent() || this.ending) {
			return true;
		}
		ChannelHandlerContext ctx = this.context;
		if (ctx != null) {
			this.paused = true;
			ctx.channel().config().setAutoRead(false);
			this.parts.events().readPaused();
			if (hasCapacity()) {
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
			if (!this.closing.isCloseSent()) {
				ctx.writeAndFlush(new PongWebSocketFrame(Unpooled.wrappedBuffer(payload)));
			}
		}
		else if (opcode == FrameParser.PONG) {
			this.heartbeat.pong(payload);
		}
		else {
			this.heartbeat.stop();
			this.closing.closeFrame(ctx, payload);
			this.discarding = true;
			return false;
		}
		return true;
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		this.connection.recordStatus(FailureClassifier.classify(cause));
		ctx.close();
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		this.heartbeat.stop();
		// What the server sent before the end is delivered before it. It cannot wait
		// for capacity: once the channel is unregistered, Netty removes this handler
		// and the next ones, and an end passed on later would reach nobody.
		this.ending = true;
		resume();
		ctx.fireChannelInactive();
	}

	private boolean hasCapacity() {
		return this.parts.events().hasCapacity();
	}

	private void parse(ChannelHandlerContext ctx, ByteBuf in, long receivedNanos) {
		try {
			this.parser.read(in, receivedNanos);
		}
		catch (ProtocolViolation violation) {
			this.discarding = true;
			releasePending();
			this.heartbeat.stop();
			this.closing.fail(ctx, violation.status(), violation.rfcCode());
		}
	}

	private void resume() {
		ChannelHandlerContext ctx = this.context;
		if (ctx == null || !this.paused || !(this.closing.isCloseSent() || this.ending || hasCapacity())) {
			return;
		}
		this.paused = false;
		this.parts.events().readResumed();
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

	/** Bytes read while reading was paused, and when they were read. */
	private record PendingRead(ByteBuf buffer, long receivedNanos) {
	}

}
