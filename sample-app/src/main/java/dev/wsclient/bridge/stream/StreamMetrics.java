package dev.wsclient.bridge.stream;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.jspecify.annotations.Nullable;

/**
 * The bridge's stream meters, registered at start-up so that they read 0 rather than
 * being absent. Tagged {@code client} and {@code transport} ({@code sse},
 * {@code websocket}):
 * <ul>
 * <li>{@value #SUBSCRIBERS}: gauge, subscribers connected now;</li>
 * <li>{@value #DISCONNECTED}: counter, subscribers the bridge disconnected, tagged
 * {@code reason} ({@code slow}: fell behind the messages kept; {@code unresponsive}: a
 * WebSocket subscriber answered no ping);</li>
 * <li>{@value #DROPPED}: counter, messages those subscribers did not get;</li>
 * <li>{@value #REPLAYED}: counter, messages replayed from the ring to subscribers that
 * resumed after an id;</li>
 * <li>{@value #GAPS}: counter, subscribers that resumed after an id and got a gap,
 * because the ring no longer held what they missed;</li>
 * <li>{@value #MISSED}: counter, messages of the current epoch in those gaps.</li>
 * </ul>
 * Tagged {@code client}: {@value #BUFFER_MESSAGES} and {@value #BUFFER_BYTES}, gauges of
 * the messages kept in the client's ring and of their payload bytes. And without tags:
 * {@value #MEMORY_USED} and {@value #MEMORY_BUDGET} (bytes of encoded messages held for
 * subscribers, and the budget for them), {@value #REJECTED} (subscribers refused because
 * the bridge had as many as it accepts).
 */
final class StreamMetrics {

	static final String SUBSCRIBERS = "wsclient.bridge.subscribers";

	static final String DISCONNECTED = "wsclient.bridge.subscribers.disconnected";

	static final String DROPPED = "wsclient.bridge.messages.dropped";

	static final String REPLAYED = "wsclient.bridge.messages.replayed";

	static final String GAPS = "wsclient.bridge.subscribers.gaps";

	static final String MISSED = "wsclient.bridge.messages.missed";

	static final String BUFFER_MESSAGES = "wsclient.bridge.buffer.messages";

	static final String BUFFER_BYTES = "wsclient.bridge.buffer.bytes";

	static final String REJECTED = "wsclient.bridge.subscribers.rejected";

	static final String MEMORY_USED = "wsclient.bridge.memory.used";

	static final String MEMORY_BUDGET = "wsclient.bridge.memory.budget";

	private final MeterRegistry registry;

	private final Counter rejected;

	StreamMetrics(MeterRegistry registry, DownstreamMemory memory) {
		this.registry = registry;
		this.rejected = Counter.builder(REJECTED)
			.description("Downstream subscribers refused because the bridge had as many as it accepts")
			.register(registry);
		Gauge.builder(MEMORY_USED, memory, DownstreamMemory::used)
			.baseUnit("bytes")
			.description("Direct memory held by encoded messages for downstream subscribers")
			.register(registry);
		Gauge.builder(MEMORY_BUDGET, memory, DownstreamMemory::budget)
			.baseUnit("bytes")
			.description("Direct memory encoded messages for downstream subscribers may hold")
			.register(registry);
	}

	/**
	 * Register the meters of one client and transport.
	 * @param client the client name
	 * @param transport the transport
	 * @return the meters
	 */
	TransportMeters register(String client, Transport transport) {
		Tags tags = Tags.of("client", client, "transport", transport.tag());
		AtomicInteger subscribers = new AtomicInteger();
		Gauge.builder(SUBSCRIBERS, subscribers, AtomicInteger::get)
			.tags(tags)
			.description("Downstream subscribers connected")
			.register(this.registry);
		Map<Ending.Reason, Counter> disconnected = new EnumMap<>(Ending.Reason.class);
		for (Ending.Reason reason : Ending.Reason.values()) {
			if (reason != Ending.Reason.SHUTDOWN) {
				disconnected.put(reason,
						Counter.builder(DISCONNECTED)
							.tags(tags)
							.tag("reason", reason.tag())
							.description("Downstream subscribers disconnected by the bridge")
							.register(this.registry));
			}
		}
		Counter dropped = Counter.builder(DROPPED)
			.tags(tags)
			.description("Messages that disconnected subscribers did not get")
			.register(this.registry);
		Counter replayed = Counter.builder(REPLAYED)
			.tags(tags)
			.description("Messages replayed to subscribers that resumed after an event id")
			.register(this.registry);
		Counter gaps = Counter.builder(GAPS)
			.tags(tags)
			.description("Resuming subscribers told of a gap: messages they missed that were no longer kept")
			.register(this.registry);
		Counter missed = Counter.builder(MISSED)
			.tags(tags)
			.description("Messages in the gaps of resuming subscribers")
			.register(this.registry);
		return new TransportMeters(subscribers, disconnected, dropped, replayed, gaps, missed);
	}

	/**
	 * Register the gauges of a client's ring.
	 * @param client the client name
	 * @param ring its ring
	 */
	void registerRing(String client, MessageRing ring) {
		Gauge.builder(BUFFER_MESSAGES, ring, MessageRing::size)
			.tag("client", client)
			.description("Latest messages of the client kept for its subscribers")
			.register(this.registry);
		Gauge.builder(BUFFER_BYTES, ring, MessageRing::bytes)
			.tag("client", client)
			.baseUnit("bytes")
			.description("Payload bytes of the latest messages of the client kept for its subscribers")
			.register(this.registry);
	}

	/**
	 * Count a subscriber refused for lack of a slot.
	 */
	void rejected() {
		this.rejected.increment();
	}

	/**
	 * The meters of one client and transport.
	 *
	 * @param subscribers the number of subscribers connected now, read by the gauge
	 * @param disconnected subscribers disconnected, by reason
	 * @param dropped messages they did not get
	 * @param replayed messages replayed to resuming subscribers
	 * @param gaps resuming subscribers told of a gap
	 * @param missed messages in those gaps
	 */
	record TransportMeters(AtomicInteger subscribers, Map<Ending.Reason, Counter> disconnected, Counter dropped,
			Counter replayed, Counter gaps, Counter missed) {

		void resumed(long replayedMessages, StreamStart.@Nullable Gap gap) {
			this.replayed.increment((double) replayedMessages);
			if (gap != null) {
				this.gaps.increment();
				this.missed.increment((double) gap.missed());
			}
		}

		void disconnected(Ending.Reason reason, long droppedMessages) {
			Counter counter = this.disconnected.get(reason);
			if (counter != null) {
				counter.increment();
			}
			this.dropped.increment((double) droppedMessages);
		}

	}

}
