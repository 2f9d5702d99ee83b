package dev.wsclient.autoconfigure.metrics;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import dev.wsclient.autoconfigure.WsClients;
import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsClientInstrumentation;
import dev.wsclient.core.WsState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Micrometer meters of every configured client, prefixed {@code wsclient.} and tagged
 * {@code client} with the client's name. Every meter is registered when the meters are
 * bound, before any client connects: the counters read zero and the timer has no sample
 * until something happens. Only {@code wsclient.connection.attempts} gains a series
 * later, one per close status code as it first appears ({@code outcome="0"} is there from
 * the start).
 *
 * <ul>
 * <li>{@code wsclient.messages.received}, {@code wsclient.messages.sent}: counters tagged
 * {@code type} ({@code text} or {@code binary})</li>
 * <li>{@code wsclient.bytes.received}, {@code wsclient.bytes.sent}: payload bytes, base
 * unit {@code bytes} (in Prometheus {@code wsclient_bytes_received_bytes_total})</li>
 * <li>{@code wsclient.connection.attempts}: connection attempts that ended, tagged
 * {@code outcome} with the close status code ({@code 0} normal, {@code -111} refused,
 * ...); the {@code 0} series from the start</li>
 * <li>{@code wsclient.reconnects}: reconnection attempts scheduled</li>
 * <li>{@code wsclient.messages.undelivered}: messages dropped because nobody listened (no
 * subscriber and no receive handler)</li>
 * <li>{@code wsclient.ping.rtt}: timer of the round trip of every answered ping</li>
 * <li>{@code wsclient.state}: gauge per {@code state} tag, 1 for the client's current
 * state and 0 for the others</li>
 * </ul>
 *
 * <p>
 * The README's Metrics section lists their Prometheus names, types and tags, and a test
 * holds it to what {@code /actuator/prometheus} exports.
 *
 * <p>
 * The counts come from each client's {@link WsClientInstrumentation},
 * {@link #instrumentation(String)}, which the auto-configuration adds to the options of
 * every client it creates: nothing polls the clients' statistics, samples them or
 * subscribes to their events. A client bean the application defines itself is counted
 * only if its options carry that listener.
 */
public class WsClientMetrics implements MeterBinder {

	private final ObjectProvider<WsClients> clients;

	private final Map<String, ClientMeters> meters = new ConcurrentHashMap<>();

	/**
	 * Create the meters of the clients of the given registry.
	 * @param clients the registry of clients, looked up when the meters are bound
	 */
	public WsClientMetrics(ObjectProvider<WsClients> clients) {
		this.clients = clients;
	}

	/**
	 * Return the listener that counts for a client.
	 * @param clientName the client name
	 * @return the listener to add to the client's options
	 */
	public WsClientInstrumentation instrumentation(String clientName) {
		return meters(clientName);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		WsClients registered = this.clients.getObject();
		for (String name : registered.names()) {
			bindClient(registry, name, registered.get(name), meters(name));
		}
	}

	private ClientMeters meters(String clientName) {
		return this.meters.computeIfAbsent(clientName, (name) -> new ClientMeters());
	}

	private static void bindClient(MeterRegistry registry, String name, WsClient client, ClientMeters meters) {
		Tags tags = Tags.of("client", name);
		counter(registry, "wsclient.messages.received", "Messages received", tags.and("type", "text"),
				meters.textReceived, null);
		counter(registry, "wsclient.messages.received", "Messages received", tags.and("type", "binary"),
				meters.binaryReceived, null);
		counter(registry, "wsclient.messages.sent", "Messages written to the socket", tags.and("type", "text"),
				meters.textSent, null);
		counter(registry, "wsclient.messages.sent", "Messages written to the socket", tags.and("type", "binary"),
				meters.binarySent, null);
		counter(registry, "wsclient.bytes.received", "Payload bytes received", tags, meters.bytesReceived,
				BaseUnits.BYTES);
		counter(registry, "wsclient.bytes.sent", "Payload bytes written to the socket", tags, meters.bytesSent,
				BaseUnits.BYTES);
		counter(registry, "wsclient.reconnects", "Reconnection attempts scheduled", tags, meters.reconnects, null);
		counter(registry, "wsclient.messages.undelivered",
				"Messages dropped because there was no subscriber and no receive handler", tags, meters.undelivered,
				null);
		meters.onOutcome((code, count) -> counter(registry, "wsclient.connection.attempts",
				"Connection attempts that ended, by close status code", tags.and("outcome", Integer.toString(code)),
				count, null));
		meters.recordPingRoundTripsIn(Timer.builder("wsclient.ping.rtt")
			.description("Round-trip time of answered pings")
			.tags(tags)
			.register(registry));
		for (WsState state : WsState.values()) {
			Gauge.builder("wsclient.state", client, (current) -> (current.state() == state) ? 1 : 0)
				.description("1 when the client is in the state of the state tag, else 0")
				.tags(tags.and("state", state.name().toLowerCase(Locale.ROOT)))
				.register(registry);
		}
	}

	private static void counter(MeterRegistry registry, String name, String description, Tags tags, LongAdder count,
			@Nullable String baseUnit) {
		FunctionCounter.builder(name, count, LongAdder::doubleValue)
			.description(description)
			.baseUnit(baseUnit)
			.tags(tags)
			.register(registry);
	}

}
