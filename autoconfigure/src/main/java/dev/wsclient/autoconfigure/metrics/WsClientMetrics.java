package dev.wsclient.autoconfigure.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import dev.wsclient.autoconfigure.WsClients;
import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsClientStats;
import dev.wsclient.core.WsEvent;
import dev.wsclient.core.WsState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Micrometer meters of every configured client, prefixed {@code wsclient.} and tagged
 * {@code client} with the client's name.
 *
 * <ul>
 * <li>{@code wsclient.messages.received}, {@code wsclient.messages.sent}: counters tagged
 * {@code type} ({@code text} or {@code binary})</li>
 * <li>{@code wsclient.bytes.received}, {@code wsclient.bytes.sent}: payload bytes</li>
 * <li>{@code wsclient.connection.attempts}: connection attempts that ended, tagged
 * {@code outcome} with the close status code ({@code 0} normal, {@code -111} refused,
 * ...)</li>
 * <li>{@code wsclient.reconnects}: reconnection attempts scheduled</li>
 * <li>{@code wsclient.messages.undelivered}: messages dropped because nobody listened (no
 * subscriber and no receive handler)</li>
 * <li>{@code wsclient.ping.rtt}: timer of ping round-trip times</li>
 * <li>{@code wsclient.state}: gauge per {@code state} tag, 1 for the client's current
 * state and 0 for the others</li>
 * </ul>
 *
 * <p>
 * Counters read the client's own statistics when scraped. Attempt outcomes are counted
 * from the client's events from the moment this binder exists, and ping round trips are
 * sampled every second (the client reports only the latest one).
 */
public class WsClientMetrics implements MeterBinder, AutoCloseable {

	private static final Duration PING_SAMPLE_INTERVAL = Duration.ofSeconds(1);

	private final WsClients clients;

	private final Duration pingSampleInterval;

	private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

	private final Map<Tags, LongAdder> attempts = new ConcurrentHashMap<>();

	private final Map<String, Duration> lastPingRoundTrips = new ConcurrentHashMap<>();

	private final Disposable.Composite subscriptions = Disposables.composite();

	private final AtomicBoolean sampling = new AtomicBoolean();

	/**
	 * Create the meters of the given clients and start counting their connection
	 * attempts.
	 * @param clients the clients
	 */
	public WsClientMetrics(WsClients clients) {
		this(clients, PING_SAMPLE_INTERVAL);
	}

	WsClientMetrics(WsClients clients, Duration pingSampleInterval) {
		this.clients = clients;
		this.pingSampleInterval = pingSampleInterval;
		for (String name : clients.names()) {
			// Unbounded demand: counting must never pause the socket.
			this.subscriptions.add(clients.events(name).subscribe((event) -> onEvent(name, event)));
		}
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.registries.add(registry);
		for (String name : this.clients.names()) {
			bindClient(registry, name, this.clients.get(name));
		}
		this.attempts.forEach((tags, count) -> registerAttempts(registry, tags, count));
		if (this.sampling.compareAndSet(false, true)) {
			this.subscriptions.add(Flux.interval(this.pingSampleInterval, Schedulers.parallel())
				.subscribe((tick) -> samplePingRoundTrips()));
		}
	}

	@Override
	public void close() {
		this.subscriptions.dispose();
	}

	private void bindClient(MeterRegistry registry, String name, WsClient client) {
		Tags tags = Tags.of("client", name);
		counter(registry, "wsclient.messages.received", "Messages received", tags.and("type", "text"), client,
				WsClientStats::textMessagesReceived, null);
		counter(registry, "wsclient.messages.received", "Messages received", tags.and("type", "binary"), client,
				(stats) -> stats.messagesReceived() - stats.textMessagesReceived(), null);
		counter(registry, "wsclient.messages.sent", "Messages written to the socket", tags.and("type", "text"), client,
				WsClientStats::textMessagesSent, null);
		counter(registry, "wsclient.messages.sent", "Messages written to the socket", tags.and("type", "binary"),
				client, (stats) -> stats.messagesSent() - stats.textMessagesSent(), null);
		counter(registry, "wsclient.bytes.received", "Payload bytes received", tags, client,
				WsClientStats::bytesReceived, BaseUnits.BYTES);
		counter(registry, "wsclient.bytes.sent", "Payload bytes written to the socket", tags, client,
				WsClientStats::bytesSent, BaseUnits.BYTES);
		counter(registry, "wsclient.reconnects", "Reconnection attempts scheduled", tags, client,
				WsClientStats::reconnectAttempts, null);
		counter(registry, "wsclient.messages.undelivered",
				"Messages dropped because there was no subscriber and no receive handler", tags, client,
				WsClientStats::messagesUndelivered, null);
		for (WsState state : WsState.values()) {
			Gauge.builder("wsclient.state", client, (current) -> (current.state() == state) ? 1 : 0)
				.description("1 when the client is in the state of the state tag, else 0")
				.tags(tags.and("state", state.name().toLowerCase(Locale.ROOT)))
				.register(registry);
		}
	}

	private static void counter(MeterRegistry registry, String name, String description, Tags tags, WsClient client,
			ToLongFunction<WsClientStats> statistic, @Nullable String baseUnit) {
		ToDoubleFunction<WsClient> value = (current) -> statistic.applyAsLong(current.stats());
		FunctionCounter.builder(name, client, value)
			.description(description)
			.baseUnit(baseUnit)
			.tags(tags)
			.register(registry);
	}

	private void onEvent(String name, WsEvent event) {
		if (event instanceof WsEvent.Closed closed) {
			Tags tags = Tags.of(Tag.of("client", name), Tag.of("outcome", Integer.toString(closed.status().code())));
			LongAdder count = this.attempts.get(tags);
			if (count == null) {
				LongAdder created = new LongAdder();
				count = this.attempts.putIfAbsent(tags, created);
				if (count == null) {
					count = created;
					for (MeterRegistry registry : this.registries) {
						registerAttempts(registry, tags, created);
					}
				}
			}
			count.increment();
		}
	}

	private static void registerAttempts(MeterRegistry registry, Tags tags, LongAdder count) {
		FunctionCounter.builder("wsclient.connection.attempts", count, LongAdder::doubleValue)
			.description("Connection attempts that ended, by close status code")
			.tags(tags)
			.register(registry);
	}

	private void samplePingRoundTrips() {
		for (String name : this.clients.names()) {
			Duration roundTrip = this.clients.get(name).stats().pingRoundTrip();
			if (roundTrip != null && !roundTrip.equals(this.lastPingRoundTrips.put(name, roundTrip))) {
				for (MeterRegistry registry : this.registries) {
					Timer.builder("wsclient.ping.rtt")
						.description("Round-trip time of answered pings")
						.tags("client", name)
						.register(registry)
						.record(roundTrip);
				}
			}
		}
	}

}
