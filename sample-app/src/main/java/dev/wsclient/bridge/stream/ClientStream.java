package dev.wsclient.bridge.stream;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

import dev.wsclient.core.WsMessage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * The messages of one upstream client, fanned out to its downstream subscribers.
 *
 * <p>
 * The upstream is subscribed once, with unbounded demand, for the life of the bridge,
 * whether anybody listens downstream or not: the bridge never slows an upstream down, so
 * the client keeps reading its socket at the pace of the network. Each message is handed
 * to every subscriber's own buffer on the client's thread; what a slow subscriber cannot
 * take is its own loss ({@link StreamSubscriber}).
 */
final class ClientStream implements StreamSubscriber.Listener {

	private static final Log logger = LogFactory.getLog(ClientStream.class);

	private final int bufferSize;

	private final Map<Transport, StreamMetrics.TransportMeters> meters = new EnumMap<>(Transport.class);

	private final Set<StreamSubscriber> subscribers = new CopyOnWriteArraySet<>();

	private final Disposable upstream;

	// Written by the upstream's thread only (one message at a time), read by any.
	private volatile long sequence;

	private volatile boolean completed;

	ClientStream(String client, Flux<WsMessage> upstream, int bufferSize, StreamMetrics metrics) {
		this.bufferSize = bufferSize;
		for (Transport transport : Transport.values()) {
			this.meters.put(transport, metrics.register(client, transport));
		}
		this.upstream = upstream.subscribe(this::publish,
				(ex) -> logger.error("Stream of WebSocket client '" + client + "' failed", ex));
	}

	/**
	 * Return a new subscriber's stream: every message received from the moment it
	 * subscribes.
	 * @param transport how the subscriber receives it
	 * @return the messages, empty once the subscribers were completed; see
	 * {@link StreamSubscriber#messages()}
	 */
	Flux<StreamMessage> subscribe(Transport transport) {
		return Flux.defer(() -> {
			StreamSubscriber subscriber = new StreamSubscriber(transport, this.bufferSize, this);
			this.subscribers.add(subscriber);
			meters(transport).subscribers().incrementAndGet();
			if (this.completed) {
				// Completing raced with this subscription: it may have missed the new
				// one.
				subscriber.complete();
			}
			return subscriber.messages();
		});
	}

	@Override
	public void cutOff(StreamSubscriber subscriber, int dropped) {
		meters(subscriber.transport()).cutOff(dropped);
	}

	@Override
	public void ended(StreamSubscriber subscriber) {
		if (this.subscribers.remove(subscriber)) {
			meters(subscriber.transport()).subscribers().decrementAndGet();
		}
	}

	/**
	 * Return the number of messages received so far.
	 * @return the sequence number of the last message, 0 before the first
	 */
	long sequence() {
		return this.sequence;
	}

	/**
	 * Complete every subscriber's stream, and those of subscribers still to come.
	 */
	void completeSubscribers() {
		this.completed = true;
		this.subscribers.forEach(StreamSubscriber::complete);
	}

	/**
	 * Accept subscribers again after {@link #completeSubscribers()}.
	 */
	void reopen() {
		this.completed = false;
	}

	/**
	 * Stop reading the upstream's messages.
	 */
	void dispose() {
		this.upstream.dispose();
	}

	private void publish(WsMessage message) {
		long next = this.sequence + 1;
		this.sequence = next;
		StreamMessage streamMessage = new StreamMessage(next, message);
		for (StreamSubscriber subscriber : this.subscribers) {
			subscriber.offer(streamMessage);
		}
	}

	private StreamMetrics.TransportMeters meters(Transport transport) {
		StreamMetrics.TransportMeters transportMeters = this.meters.get(transport);
		if (transportMeters == null) {
			throw new IllegalStateException("No meters for " + transport);
		}
		return transportMeters;
	}

}
