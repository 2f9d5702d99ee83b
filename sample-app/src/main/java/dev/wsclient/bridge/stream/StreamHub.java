package dev.wsclient.bridge.stream;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.wsclient.autoconfigure.NoSuchWsClientException;
import dev.wsclient.autoconfigure.WsClients;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * The downstream side of the bridge: a stream per upstream client configured under
 * {@code wsclient.clients}, which any number of subscribers can follow.
 *
 * <p>
 * Every upstream is read once, from start-up on, however many subscribers it has (none
 * included). Each subscriber gets every message from the moment it subscribes, in order,
 * through a buffer of its own of {@code bufferSize} messages; one that falls further
 * behind is cut off with a {@link SlowSubscriberException} and never slows the upstream
 * or the other subscribers.
 *
 * <p>
 * When the application stops, every stream completes ({@link #PHASE}: after the upstream
 * clients have closed and before the web server's graceful shutdown, which would
 * otherwise wait for these endless responses), and later subscribers get an empty stream.
 */
public final class StreamHub implements SmartLifecycle, DisposableBean {

	/**
	 * Between the clients' lifecycle ({@code DEFAULT_PHASE - 512}) and the web server's
	 * graceful shutdown ({@code DEFAULT_PHASE - 1024}).
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 768;

	private final Map<String, ClientStream> streams = new LinkedHashMap<>();

	private volatile boolean running;

	/**
	 * Start reading every client's messages.
	 * @param clients the upstream clients
	 * @param bufferSize how many messages may wait for one subscriber
	 * @param meterRegistry where to register the bridge's meters
	 */
	public StreamHub(WsClients clients, int bufferSize, MeterRegistry meterRegistry) {
		if (bufferSize < 1) {
			throw new IllegalArgumentException("bufferSize must be at least 1 but was " + bufferSize);
		}
		StreamMetrics metrics = new StreamMetrics(meterRegistry);
		for (String name : clients.names()) {
			this.streams.put(name, new ClientStream(name, clients.messages(name), bufferSize, metrics));
		}
	}

	/**
	 * Return the names of the clients that have a stream: all of them.
	 * @return the client names, in configuration order
	 */
	public Set<String> clients() {
		return this.streams.keySet();
	}

	/**
	 * Subscribe to a client's stream.
	 * @param client the client name
	 * @param transport how the subscriber receives the stream, for the meters
	 * @return every message the client receives from the moment of subscription on; fails
	 * with {@link SlowSubscriberException} when the subscriber falls too far behind,
	 * completes when the application stops (at once when it has stopped)
	 * @throws NoSuchWsClientException at once when there is no such client
	 */
	public Flux<StreamMessage> subscribe(String client, Transport transport) {
		ClientStream stream = this.streams.get(client);
		if (stream == null) {
			throw new NoSuchWsClientException(client, this.streams.keySet());
		}
		return stream.subscribe(transport);
	}

	/**
	 * Return how many messages a client's stream carried so far.
	 * @param client the client name
	 * @return the sequence number of its last message, 0 before the first
	 * @throws NoSuchWsClientException when there is no such client
	 */
	public long sequence(String client) {
		ClientStream stream = this.streams.get(client);
		if (stream == null) {
			throw new NoSuchWsClientException(client, this.streams.keySet());
		}
		return stream.sequence();
	}

	@Override
	public void start() {
		this.streams.values().forEach(ClientStream::reopen);
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.streams.values().forEach(ClientStream::completeSubscribers);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	@Override
	public void destroy() {
		this.streams.values().forEach(ClientStream::dispose);
	}

}
