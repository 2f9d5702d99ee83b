package dev.wsclient.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The counters and timings of one client, read from any thread by {@link #snapshot}.
 * <p>
 * Every client has one, so the counters are {@code long} fields of this object rather
 * than one {@code LongAdder} (with its own header and cells) each, and the cost per
 * received message is a few plain stores:
 * <ul>
 * <li>The receive counters have a single writer. {@link #received} is called by the
 * connection's channel, which Netty binds to one event loop; a client has one connection
 * at a time, and the next one (a reconnection, or a {@code connect()} after the last
 * connection ended) is created only after the previous one ended, a hand-off that
 * happens-before the new connection's first message. The writer therefore reads its
 * fields plainly and publishes them with release stores; {@link #snapshot} reads them
 * with acquire loads, in the reverse order of the stores, so a snapshot never counts the
 * bytes or the text of a message that it does not count.</li>
 * <li>The send and connection counters are added to atomically
 * ({@code VarHandle.getAndAdd}): writes complete on the event loop too, but nothing is
 * lost even if callers ever overlap, and an uncontended atomic add is small beside the
 * frame and promise every send allocates.</li>
 * </ul>
 * Timestamps and durations are kept as {@code long}s as well and become an
 * {@link Instant} or a {@link Duration} only in a snapshot.
 */
final class ClientStatistics {

	// The stored value of a timestamp or duration that is not set.
	private static final long NONE = Long.MIN_VALUE;

	private static final VarHandle MESSAGES_RECEIVED;

	private static final VarHandle TEXT_MESSAGES_RECEIVED;

	private static final VarHandle BYTES_RECEIVED;

	private static final VarHandle LAST_MESSAGE_AT_MILLIS;

	private static final VarHandle MESSAGES_SENT;

	private static final VarHandle TEXT_MESSAGES_SENT;

	private static final VarHandle BYTES_SENT;

	private static final VarHandle CONNECT_ATTEMPTS;

	private static final VarHandle RECONNECT_ATTEMPTS;

	private static final VarHandle MESSAGES_UNDELIVERED;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			MESSAGES_RECEIVED = lookup.findVarHandle(ClientStatistics.class, "messagesReceived", long.class);
			TEXT_MESSAGES_RECEIVED = lookup.findVarHandle(ClientStatistics.class, "textMessagesReceived", long.class);
			BYTES_RECEIVED = lookup.findVarHandle(ClientStatistics.class, "bytesReceived", long.class);
			LAST_MESSAGE_AT_MILLIS = lookup.findVarHandle(ClientStatistics.class, "lastMessageAtMillis", long.class);
			MESSAGES_SENT = lookup.findVarHandle(ClientStatistics.class, "messagesSent", long.class);
			TEXT_MESSAGES_SENT = lookup.findVarHandle(ClientStatistics.class, "textMessagesSent", long.class);
			BYTES_SENT = lookup.findVarHandle(ClientStatistics.class, "bytesSent", long.class);
			CONNECT_ATTEMPTS = lookup.findVarHandle(ClientStatistics.class, "connectAttempts", long.class);
			RECONNECT_ATTEMPTS = lookup.findVarHandle(ClientStatistics.class, "reconnectAttempts", long.class);
			MESSAGES_UNDELIVERED = lookup.findVarHandle(ClientStatistics.class, "messagesUndelivered", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	// Single writer (the connection's event loop): plain reads there, release stores.

	private long messagesReceived;

	private long textMessagesReceived;

	private long bytesReceived;

	// Epoch millis, 0 before the first message: System.currentTimeMillis() is cheaper
	// than Instant.now() on every message.
	@SuppressWarnings("unused") // Through LAST_MESSAGE_AT_MILLIS
	private long lastMessageAtMillis;

	// Atomic adds from any thread, and every read, through the VarHandles.

	@SuppressWarnings("unused") // Through MESSAGES_SENT
	private long messagesSent;

	@SuppressWarnings("unused") // Through TEXT_MESSAGES_SENT
	private long textMessagesSent;

	@SuppressWarnings("unused") // Through BYTES_SENT
	private long bytesSent;

	@SuppressWarnings("unused") // Through CONNECT_ATTEMPTS
	private long connectAttempts;

	@SuppressWarnings("unused") // Through RECONNECT_ATTEMPTS
	private long reconnectAttempts;

	@SuppressWarnings("unused") // Through MESSAGES_UNDELIVERED
	private long messagesUndelivered;

	// Set once per connection or ping.

	// Kept as given and redacted only for a snapshot: the URI is held by the session
	// anyway, a redacted copy would cost every idle client a string.
	private volatile @Nullable URI url;

	// Epoch nanos (fits a long until 2262), NONE when not open.
	private volatile long connectedSinceNanos = NONE;

	private volatile @Nullable WsCloseStatus lastClose;

	private volatile long pingRoundTripNanos = NONE;

	private volatile boolean lastPingAnswered = true;

	void received(WsMessage message) {
		// Single writer, stored in this order and loaded in the reverse one by
		// snapshot().
		MESSAGES_RECEIVED.setRelease(this, this.messagesReceived + 1);
		if (message.isText()) {
			TEXT_MESSAGES_RECEIVED.setRelease(this, this.textMessagesReceived + 1);
		}
		BYTES_RECEIVED.setRelease(this, this.bytesReceived + message.size());
		LAST_MESSAGE_AT_MILLIS.setRelease(this, System.currentTimeMillis());
	}

	void sent(boolean text, int size) {
		MESSAGES_SENT.getAndAdd(this, 1L);
		if (text) {
			TEXT_MESSAGES_SENT.getAndAdd(this, 1L);
		}
		BYTES_SENT.getAndAdd(this, (long) size);
	}

	void undelivered() {
		MESSAGES_UNDELIVERED.getAndAdd(this, 1L);
	}

	void connecting(URI url) {
		this.url = url;
		CONNECT_ATTEMPTS.getAndAdd(this, 1L);
	}

	void reconnecting() {
		RECONNECT_ATTEMPTS.getAndAdd(this, 1L);
	}

	void opened() {
		Instant now = Instant.now();
		this.connectedSinceNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
		this.lastPingAnswered = true;
	}

	void closed(WsCloseStatus status) {
		this.connectedSinceNanos = NONE;
		this.lastClose = status;
	}

	void heartbeat(boolean serverResponsive) {
		this.lastPingAnswered = serverResponsive;
	}

	void pingAnswered(Duration roundTrip) {
		this.pingRoundTripNanos = roundTrip.toNanos();
		this.lastPingAnswered = true;
	}

	WsClientStats snapshot(WsState state) {
		return snapshot(state, WsRedaction.defaults());
	}

	WsClientStats snapshot(WsState state, WsRedaction redaction) {
		// The reverse order of the stores in received(): see the class comment.
		long lastMessageMillis = (long) LAST_MESSAGE_AT_MILLIS.getAcquire(this);
		long bytesReceived = (long) BYTES_RECEIVED.getAcquire(this);
		long textMessagesReceived = (long) TEXT_MESSAGES_RECEIVED.getAcquire(this);
		long messagesReceived = (long) MESSAGES_RECEIVED.getAcquire(this);
		long connectedSince = this.connectedSinceNanos;
		long pingRoundTrip = this.pingRoundTripNanos;
		URI current = this.url;
		return new WsClientStats(state, (current != null) ? redaction.redact(current) : null,
				(connectedSince != NONE) ? Instant.ofEpochSecond(0, connectedSince) : null,
				(lastMessageMillis != 0) ? Instant.ofEpochMilli(lastMessageMillis) : null, this.lastClose,
				(pingRoundTrip != NONE) ? Duration.ofNanos(pingRoundTrip) : null, this.lastPingAnswered,
				messagesReceived, (long) MESSAGES_SENT.getAcquire(this), textMessagesReceived,
				(long) TEXT_MESSAGES_SENT.getAcquire(this), bytesReceived, (long) BYTES_SENT.getAcquire(this),
				(long) CONNECT_ATTEMPTS.getAcquire(this), (long) RECONNECT_ATTEMPTS.getAcquire(this),
				(long) MESSAGES_UNDELIVERED.getAcquire(this));
	}

}
