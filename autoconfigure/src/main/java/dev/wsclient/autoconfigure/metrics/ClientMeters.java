package dev.wsclient.autoconfigure.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsClientInstrumentation;
import dev.wsclient.core.WsCloseStatus;
import dev.wsclient.core.WsMessage;
import io.micrometer.core.instrument.Timer;

/**
 * The counts of one client, kept as the client reports its facts through
 * {@link WsClientInstrumentation}: one or two uncontended adds per message, nothing read
 * from the client. {@link WsClientMetrics} registers meters that read them.
 */
final class ClientMeters implements WsClientInstrumentation {

	final LongAdder textReceived = new LongAdder();

	final LongAdder binaryReceived = new LongAdder();

	final LongAdder textSent = new LongAdder();

	final LongAdder binarySent = new LongAdder();

	final LongAdder bytesReceived = new LongAdder();

	final LongAdder bytesSent = new LongAdder();

	final LongAdder reconnects = new LongAdder();

	final LongAdder undelivered = new LongAdder();

	// Ended attempts by close status code. Code 0 (opened, or closed by the user) is
	// there from the start, so wsclient.connection.attempts exists before the first
	// attempt ends; the other codes are added as they first appear.
	private final Map<Integer, LongAdder> attempts = new ConcurrentHashMap<>(Map.of(0, new LongAdder()));

	// One timer per registry this client's meters are bound to.
	private final List<Timer> pingRoundTrips = new CopyOnWriteArrayList<>();

	private final List<BiConsumer<Integer, LongAdder>> newOutcomeListeners = new CopyOnWriteArrayList<>();

	@Override
	public void messageReceived(WsClient client, WsMessage message) {
		(message.isText() ? this.textReceived : this.binaryReceived).increment();
		this.bytesReceived.add(message.size());
	}

	@Override
	public void messageUndelivered(WsClient client, WsMessage message) {
		this.undelivered.increment();
	}

	@Override
	public void messageSent(WsClient client, WsMessage message) {
		(message.isText() ? this.textSent : this.binarySent).increment();
		this.bytesSent.add(message.size());
	}

	@Override
	public void pingAnswered(WsClient client, Duration roundTrip) {
		for (Timer timer : this.pingRoundTrips) {
			timer.record(roundTrip);
		}
	}

	@Override
	public void closed(WsClient client, WsCloseStatus status) {
		LongAdder count = this.attempts.get(status.code());
		if (count == null) {
			LongAdder created = new LongAdder();
			count = this.attempts.putIfAbsent(status.code(), created);
			if (count == null) {
				count = created;
				for (BiConsumer<Integer, LongAdder> listener : this.newOutcomeListeners) {
					listener.accept(status.code(), created);
				}
			}
		}
		count.increment();
	}

	@Override
	public void reconnecting(WsClient client, long attempt, Duration delay) {
		this.reconnects.increment();
	}

	/**
	 * Call back for every outcome counted so far and every new one from now on.
	 * @param listener takes the close status code and its count
	 */
	void onOutcome(BiConsumer<Integer, LongAdder> listener) {
		this.newOutcomeListeners.add(listener);
		this.attempts.forEach(listener);
	}

	void recordPingRoundTripsIn(Timer timer) {
		this.pingRoundTrips.add(timer);
	}

}
