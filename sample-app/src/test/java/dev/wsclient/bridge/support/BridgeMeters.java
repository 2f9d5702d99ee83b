package dev.wsclient.bridge.support;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Reads the bridge's meters.
 */
public final class BridgeMeters {

	private final MeterRegistry registry;

	public BridgeMeters(MeterRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Return the number of subscribers of a client's stream.
	 * @param client the client name
	 * @param transport {@code sse} or {@code websocket}
	 * @return the gauge's value
	 */
	public int subscribers(String client, String transport) {
		Gauge gauge = this.registry.get("wsclient.bridge.subscribers")
			.tag("client", client)
			.tag("transport", transport)
			.gauge();
		return (int) gauge.value();
	}

	/**
	 * Return how many slow subscribers of a client the bridge disconnected.
	 * @param client the client name
	 * @param transport {@code sse} or {@code websocket}
	 * @return the counter's value
	 */
	public long disconnected(String client, String transport) {
		Counter counter = this.registry.get("wsclient.bridge.subscribers.disconnected")
			.tag("client", client)
			.tag("transport", transport)
			.tag("reason", "slow")
			.counter();
		return (long) counter.count();
	}

	/**
	 * Return how many messages the disconnected subscribers of a client did not get.
	 * @param client the client name
	 * @param transport {@code sse} or {@code websocket}
	 * @return the counter's value
	 */
	public long dropped(String client, String transport) {
		return (long) this.registry.get("wsclient.bridge.messages.dropped")
			.tag("client", client)
			.tag("transport", transport)
			.counter()
			.count();
	}

	/**
	 * Return how many messages were replayed to resuming subscribers of a client.
	 * @param client the client name
	 * @param transport {@code sse} or {@code websocket}
	 * @return the counter's value
	 */
	public long replayed(String client, String transport) {
		return count("wsclient.bridge.messages.replayed", client, transport);
	}

	/**
	 * Return how many resuming subscribers of a client were told of a gap.
	 * @param client the client name
	 * @param transport {@code sse} or {@code websocket}
	 * @return the counter's value
	 */
	public long gaps(String client, String transport) {
		return count("wsclient.bridge.subscribers.gaps", client, transport);
	}

	/**
	 * Return how many messages the gaps of a client's resuming subscribers held.
	 * @param client the client name
	 * @param transport {@code sse} or {@code websocket}
	 * @return the counter's value
	 */
	public long missed(String client, String transport) {
		return count("wsclient.bridge.messages.missed", client, transport);
	}

	/**
	 * Return how many messages a client's ring keeps.
	 * @param client the client name
	 * @return the gauge's value
	 */
	public long buffered(String client) {
		return (long) this.registry.get("wsclient.bridge.buffer.messages").tag("client", client).gauge().value();
	}

	private long count(String name, String client, String transport) {
		return (long) this.registry.get(name).tag("client", client).tag("transport", transport).counter().count();
	}

}
