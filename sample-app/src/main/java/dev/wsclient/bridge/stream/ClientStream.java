package dev.wsclient.bridge.stream;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

import dev.wsclient.core.WsMessage;
import io.netty.channel.Channel;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * The messages of one upstream client, kept in a {@link MessageRing} that all its
 * downstream subscribers read.
 *
 * <p>
 * The upstream is subscribed once, with unbounded demand, for the life of the bridge,
 * whether anybody listens downstream or not: the bridge never slows an upstream down, so
 * the client keeps reading its socket at the pace of the network. Each message is added
 * to the ring on the client's thread, and every subscriber is then either woken up to
 * write it or, when its position has fallen out of the ring, ended as too slow. What a
 * slow subscriber cannot take is its own loss; the others are not affected.
 */
final class ClientStream {

	private static final Log logger = LogFactory.getLog(ClientStream.class);

	private final String client;

	private final StreamSettings settings;

	private final MessageRing ring;

	private final DownstreamMemory memory;

	private final SubscriberSlots slots;

	private final Map<Transport, StreamMetrics.TransportMeters> meters = new EnumMap<>(Transport.class);

	private final List<StreamSubscriber> subscribers = new CopyOnWriteArrayList<>();

	private final String slowDescription;

	private final Disposable upstream;

	private volatile boolean completed;

	ClientStream(String client, Flux<WsMessage> upstream, StreamSettings settings, long epoch, DownstreamMemory memory,
			SubscriberSlots slots, StreamMetrics metrics) {
		this(client, upstream, settings, epoch, memory, slots, metrics, System::nanoTime);
	}

	ClientStream(String client, Flux<WsMessage> upstream, StreamSettings settings, long epoch, DownstreamMemory memory,
			SubscriberSlots slots, StreamMetrics metrics, LongSupplier nanoClock) {
		this.client = client;
		this.settings = settings;
		this.ring = new MessageRing(settings.bufferSize(), settings.bufferBytes(), memory, epoch, nanoClock);
		this.memory = memory;
		this.slots = slots;
		for (Transport transport : Transport.values()) {
			this.meters.put(transport, metrics.register(client, transport));
		}
		metrics.registerRing(client, this.ring);
		this.slowDescription = "too slow: more than " + settings.bufferSize() + " messages or "
				+ StreamSettings.describe(settings.bufferBytes()) + " behind";
		this.upstream = upstream.subscribe(this::publish,
				(ex) -> logger.error("Stream of WebSocket client '" + client + "' failed", ex));
	}

	String client() {
		return this.client;
	}

	/**
	 * Check that a subscriber can resume after an id: one of this stream's epoch must
	 * have been sent. Ids of other epochs are not checked: they resume with a gap.
	 * @param after the id, or {@code null} for a live start
	 * @throws UnknownEventIdException when the id is of this epoch and not sent yet
	 */
	void checkResumable(@Nullable EventId after) {
		if (after != null && after.epoch() == this.ring.epoch()) {
			long latest = this.ring.next() - 1;
			if (after.sequence() > latest) {
				throw new UnknownEventIdException(after, new EventId(this.ring.epoch(), latest));
			}
		}
	}

	/**
	 * Add a subscriber, positioned at the next message the client receives, or right
	 * after a message it received before. The caller holds one of the hub's subscriber
	 * slots for it; removing the subscriber frees it.
	 * @param transport how it receives the stream
	 * @param channel its connection
	 * @param after the id of the last message it received, or {@code null} for a live
	 * start; it then gets the messages the ring still holds after it, and a gap for those
	 * it no longer holds
	 * @param announce whether a WebSocket subscriber's stream opens with a frame telling
	 * where it starts
	 * @return the subscriber; its stream is ended at once when the bridge is stopping
	 * @throws UnknownEventIdException when the id is of this epoch and not sent yet
	 */
	StreamSubscriber subscribe(Transport transport, Channel channel, @Nullable EventId after, boolean announce) {
		StreamStart start = start(after, announce);
		StreamMetrics.TransportMeters transportMeters = meters(transport);
		if (after != null) {
			// Replayed from the ring: what came before the live edge when it subscribed.
			transportMeters.resumed(Math.max(0, this.ring.next() - start.next().sequence()), start.gap());
		}
		StreamSubscriber subscriber = new StreamSubscriber(this, transport, channel, start);
		this.subscribers.add(subscriber);
		transportMeters.subscribers().incrementAndGet();
		if (this.completed) {
			// Completing raced with this subscription: it may have missed the new one.
			end(subscriber, Ending.Reason.SHUTDOWN, shutdownDescription());
		}
		return subscriber;
	}

	/**
	 * Work out where a subscriber starts. The ring moves meanwhile: a subscriber that
	 * starts at a message the ring evicts before the subscriber gets it is ended as too
	 * slow, like any subscriber that falls out of the ring.
	 */
	private StreamStart start(@Nullable EventId after, boolean announce) {
		long epoch = this.ring.epoch();
		if (after == null) {
			return new StreamStart(new EventId(epoch, this.ring.next()), null, announce);
		}
		checkResumable(after);
		long available = this.ring.firstWithin(this.settings.bufferMaxAge().toNanos());
		if (after.epoch() != epoch) {
			// What followed it in its own epoch is unknown; every message of this one is
			// missed, and the ring holds those from 'available' on.
			return new StreamStart(new EventId(epoch, available), new StreamStart.Gap(1, available - 1, true),
					announce);
		}
		long position = after.sequence() + 1;
		if (position < available) {
			return new StreamStart(new EventId(epoch, available), new StreamStart.Gap(position, available - 1, false),
					announce);
		}
		return new StreamStart(new EventId(epoch, position), null, announce);
	}

	/**
	 * Remove a subscriber whose stream ended or whose connection closed; called once or
	 * more per subscriber.
	 * @param subscriber the subscriber
	 */
	void remove(StreamSubscriber subscriber) {
		if (this.subscribers.remove(subscriber)) {
			meters(subscriber.transport()).subscribers().decrementAndGet();
			this.slots.release();
		}
	}

	/**
	 * End a subscriber's stream, counting it unless the bridge is shutting down.
	 * @param subscriber the subscriber
	 * @param reason why
	 * @param description the same in words
	 */
	void end(StreamSubscriber subscriber, Ending.Reason reason, String description) {
		long dropped = (reason != Ending.Reason.SHUTDOWN) ? Math.max(0, this.ring.next() - subscriber.position()) : 0;
		if (!subscriber.end(new Ending(reason, description, dropped), this.settings.closeTimeout())) {
			return;
		}
		this.memory.ending(subscriber);
		subscriber.channel().closeFuture().addListener((future) -> this.memory.closed(subscriber));
		if (reason != Ending.Reason.SHUTDOWN) {
			meters(subscriber.transport()).disconnected(reason, dropped);
			if (logger.isDebugEnabled()) {
				logger.debug("Disconnecting a " + subscriber.transport().tag() + " subscriber of client '" + this.client
						+ "' (" + subscriber.channel().remoteAddress() + "): " + description + "; " + dropped
						+ " messages not delivered");
			}
		}
	}

	/**
	 * Return the sequence number the client's next message gets.
	 * @return the sequence number; the number of messages received so far plus one
	 */
	long nextSequence() {
		return this.ring.next();
	}

	/**
	 * Return a message the ring still keeps.
	 * @param sequence its sequence number
	 * @return its entry, or {@code null} when it is no longer kept
	 */
	@Nullable StreamEntry entry(long sequence) {
		return this.ring.get(sequence);
	}

	/**
	 * Return why a subscriber that fell behind is ended, short enough for a WebSocket
	 * close reason.
	 * @return the description
	 */
	String slowDescription() {
		return this.slowDescription;
	}

	/**
	 * Send what keeps idle streams alive to every subscriber of a transport.
	 * @param transport the transport
	 */
	void keepAlive(Transport transport) {
		for (StreamSubscriber subscriber : this.subscribers) {
			if (subscriber.transport() == transport) {
				subscriber.keepAlive();
			}
		}
	}

	/**
	 * End every subscriber's stream, and those of subscribers still to come.
	 * @param webSockets where to add the connections of the WebSocket subscribers, which
	 * close when their closing handshake is done or the close timeout has passed
	 */
	void completeSubscribers(List<Channel> webSockets) {
		this.completed = true;
		this.subscribers.forEach((subscriber) -> {
			end(subscriber, Ending.Reason.SHUTDOWN, shutdownDescription());
			if (subscriber.transport() == Transport.WEBSOCKET) {
				webSockets.add(subscriber.channel());
			}
		});
	}

	/**
	 * Accept subscribers again after {@link #completeSubscribers(List)}.
	 */
	void reopen() {
		this.completed = false;
	}

	/**
	 * Stop reading the upstream's messages and release what the ring keeps.
	 */
	void dispose() {
		this.upstream.dispose();
		this.ring.clear();
	}

	private void publish(WsMessage message) {
		this.ring.append(message);
		this.memory.reclaim(false);
		if (this.memory.overBudget()) {
			relieveMemory();
		}
		long first = this.ring.first();
		for (StreamSubscriber subscriber : this.subscribers) {
			if (subscriber.position() < first) {
				end(subscriber, Ending.Reason.SLOW, this.slowDescription);
			}
			else {
				subscriber.drain();
			}
		}
	}

	/**
	 * Get back under the memory budget: drop the connections of ended subscribers, which
	 * hold buffers they will not read, and keep fewer of this client's messages, which
	 * ends the subscribers that were furthest behind.
	 */
	private void relieveMemory() {
		this.memory.dropEnded();
		long excess = this.memory.used() - this.memory.budget();
		long evicted = 0;
		while (evicted < excess) {
			StreamEntry oldest = this.ring.get(this.ring.first());
			if (oldest == null || !this.ring.evictOldest()) {
				break;
			}
			evicted += oldest.size();
		}
	}

	private static String shutdownDescription() {
		return "going away: the bridge is shutting down";
	}

	private StreamMetrics.TransportMeters meters(Transport transport) {
		StreamMetrics.TransportMeters transportMeters = this.meters.get(transport);
		if (transportMeters == null) {
			throw new IllegalStateException("No meters for " + transport);
		}
		return transportMeters;
	}

}
