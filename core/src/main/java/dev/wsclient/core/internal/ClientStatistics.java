package dev.wsclient.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

import dev.wsclient.core.WsClientStats;
import dev.wsclient.core.WsCloseStatus;
import dev.wsclient.core.WsMessage;
import dev.wsclient.core.WsState;
import org.jspecify.annotations.Nullable;

/** The counters and timings of one client, updated from any thread. */
final class ClientStatistics {

	private final LongAdder messagesReceived = new LongAdder();

	private final LongAdder textMessagesReceived = new LongAdder();

	private final LongAdder bytesReceived = new LongAdder();

	private final LongAdder messagesSent = new LongAdder();

	private final LongAdder textMessagesSent = new LongAdder();

	private final LongAdder bytesSent = new LongAdder();

	private final LongAdder connectAttempts = new LongAdder();

	private final LongAdder reconnectAttempts = new LongAdder();

	private final LongAdder messagesUndelivered = new LongAdder();

	private volatile @Nullable String url;

	private volatile @Nullable Instant connectedSince;

	// Epoch millis, 0 before the first message: set on every message, so kept cheaper
	// than an
	// Instant and converted only when a snapshot is taken.
	private volatile long lastMessageAtMillis;

	private volatile @Nullable WsCloseStatus lastClose;

	private volatile @Nullable Duration pingRoundTrip;

	private volatile boolean lastPingAnswered = true;

	void received(WsMessage message) {
		this.messagesReceived.increment();
		if (message.isText()) {
			this.textMessagesReceived.increment();
		}
		this.bytesReceived.add(message.size());
		this.lastMessageAtMillis = System.currentTimeMillis();
	}

	void sent(boolean text, int size) {
		this.messagesSent.increment();
		if (text) {
			this.textMessagesSent.increment();
		}
		this.bytesSent.add(size);
	}

	void undelivered() {
		this.messagesUndelivered.increment();
	}

	void connecting(String redactedUrl) {
		this.url = redactedUrl;
		this.connectAttempts.increment();
	}

	void reconnecting() {
		this.reconnectAttempts.increment();
	}

	void opened() {
		this.connectedSince = Instant.now();
		this.lastPingAnswered = true;
	}

	void closed(WsCloseStatus status) {
		this.connectedSince = null;
		this.lastClose = status;
	}

	void heartbeat(boolean serverResponsive) {
		this.lastPingAnswered = serverResponsive;
	}

	void pingAnswered(Duration roundTrip) {
		this.pingRoundTrip = roundTrip;
		this.lastPingAnswered = true;
	}

	WsClientStats snapshot(WsState state) {
		long lastMessageMillis = this.lastMessageAtMillis;
		Instant lastMessageAt = (lastMessageMillis != 0) ? Instant.ofEpochMilli(lastMessageMillis) : null;
		return new WsClientStats(state, this.url, this.connectedSince, lastMessageAt, this.lastClose,
				this.pingRoundTrip, this.lastPingAnswered, this.messagesReceived.sum(), this.messagesSent.sum(),
				this.textMessagesReceived.sum(), this.textMessagesSent.sum(), this.bytesReceived.sum(),
				this.bytesSent.sum(), this.connectAttempts.sum(), this.reconnectAttempts.sum(),
				this.messagesUndelivered.sum());
	}

}
