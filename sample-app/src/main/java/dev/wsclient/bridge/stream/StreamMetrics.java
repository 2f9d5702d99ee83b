package dev.wsclient.bridge.stream;

import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * The bridge's meters, tagged {@code client} and {@code transport} ({@code sse},
 * {@code websocket}), registered for every client and transport at start-up so that they
 * read 0 rather than being absent:
 * <ul>
 * <li>{@value #SUBSCRIBERS}: gauge, subscribers connected now;</li>
 * <li>{@value #DISCONNECTED}: counter, subscribers the bridge disconnected, tagged
 * {@code reason} ({@code slow}: their buffer overflowed);</li>
 * <li>{@value #DROPPED}: counter, messages those subscribers did not get.</li>
 * </ul>
 */
final class StreamMetrics {

	static final String SUBSCRIBERS = "wsclient.bridge.subscribers";

	static final String DISCONNECTED = "wsclient.bridge.subscribers.disconnected";

	static final String DROPPED = "wsclient.bridge.messages.dropped";

	private final MeterRegistry registry;

	StreamMetrics(MeterRegistry registry) {
		this.registry = registry;
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
		Counter disconnected = Counter.builder(DISCONNECTED)
			.tags(tags)
			.tag("reason", "slow")
			.description("Downstream subscribers disconnected by the bridge")
			.register(this.registry);
		Counter dropped = Counter.builder(DROPPED)
			.tags(tags)
			.description("Messages that disconnected subscribers did not get")
			.register(this.registry);
		return new TransportMeters(subscribers, disconnected, dropped);
	}

	/**
	 * The meters of one client and transport.
	 *
	 * @param subscribers the number of subscribers connected now, read by the gauge
	 * @param disconnected slow subscribers disconnected
	 * @param dropped messages they did not get
	 */
	record TransportMeters(AtomicInteger subscribers, Counter disconnected, Counter dropped) {

		void cutOff(int droppedMessages) {
			this.disconnected.increment();
			this.dropped.increment(droppedMessages);
		}

	}

}
