package dev.wsclient.core;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

/**
 * Pings a server that has been silent for a ping interval and gives the connection up
 * when {@code maxMissedPings} pings in a row went unanswered. Every inbound read counts
 * as a sign of life. Silence is measured on the client's {@link Timers} clock, round
 * trips on {@link System#nanoTime()} (they measure the network, whatever the clock). Runs
 * on the connection's event loop.
 */
final class Heartbeat {

	private static final int PING_PAYLOAD_SIZE = Long.BYTES;

	private final Connection connection;

	private final ClientEvents events;

	private final Timers timers;

	private final long pingIntervalNanos;

	private final int maxMissedPings;

	private long lastInboundNanos;

	private int unansweredPings;

	// Whether a missed ping was reported and not yet followed by a sign of life.
	private boolean missedPingReported;

	// System.nanoTime() when the last ping was sent, its payload; 0 when answered.
	private long lastPingSentNanos;

	private @Nullable Disposable scheduled;

	private boolean stopped;

	Heartbeat(Connection connection, ClientParts parts) {
		this.connection = connection;
		this.events = parts.events();
		this.timers = parts.timers();
		this.pingIntervalNanos = parts.options().pingInterval().toNanos();
		this.maxMissedPings = parts.options().maxMissedPings();
		this.lastInboundNanos = this.timers.nanoTime();
	}

	/**
	 * Start pinging once the handshake is complete.
	 * @param ctx the handler context to write pings to
	 */
	void start(ChannelHandlerContext ctx) {
		if (this.scheduled == null && !this.stopped) {
			this.lastInboundNanos = this.timers.nanoTime();
			schedule(ctx, this.pingIntervalNanos);
		}
	}

	/**
	 * Take note that the server sent something.
	 * @param nowNanos the time of the read on the clock of the client's timers
	 */
	void heard(long nowNanos) {
		this.lastInboundNanos = nowNanos;
		this.unansweredPings = 0;
		if (this.missedPingReported) {
			this.missedPingReported = false;
			this.events.serverResponsive();
		}
	}

	/**
	 * Take a pong: only one echoing the last ping measures a round trip; unsolicited
	 * pongs are allowed by RFC 6455 and only count as a sign of life.
	 * @param payload the pong's payload
	 */
	void pong(byte[] payload) {
		if (this.lastPingSentNanos != 0 && payload.length == PING_PAYLOAD_SIZE
				&& ByteBuffer.wrap(payload).getLong() == this.lastPingSentNanos) {
			this.events.pingAnswered(System.nanoTime() - this.lastPingSentNanos);
			this.lastPingSentNanos = 0;
		}
	}

	/** Stop for good: the closing handshake started or the connection ended. */
	void stop() {
		this.stopped = true;
		Disposable current = this.scheduled;
		if (current != null) {
			current.dispose();
		}
	}

	private void schedule(ChannelHandlerContext ctx, long delayNanos) {
		this.scheduled = this.timers.schedule(() -> check(ctx), delayNanos, ctx.channel().eventLoop());
	}

	private void check(ChannelHandlerContext ctx) {
		if (this.stopped || !ctx.channel().isActive()) {
			return;
		}
		long now = this.timers.nanoTime();
		long silentFor = now - this.lastInboundNanos;
		if (silentFor < this.pingIntervalNanos) {
			schedule(ctx, this.pingIntervalNanos - silentFor);
			return;
		}
		if (!ctx.channel().config().isAutoRead()) {
			// Our subscribers paused the reading: the silence is ours, not the server's.
			this.lastInboundNanos = now;
			schedule(ctx, this.pingIntervalNanos);
			return;
		}
		if (this.unansweredPings >= this.maxMissedPings) {
			this.connection.recordStatus(WsCloseStatus.of(WsStatusCode.HEARTBEAT_TIMEOUT, null,
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
		long sent = System.nanoTime();
		this.lastPingSentNanos = (sent != 0) ? sent : 1;
		ctx.writeAndFlush(new PingWebSocketFrame(Unpooled.copyLong(this.lastPingSentNanos)));
		schedule(ctx, this.pingIntervalNanos);
	}

}
