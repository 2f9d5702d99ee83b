package dev.wsclient.bridge.stream;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.wsclient.autoconfigure.NoSuchWsClientException;
import dev.wsclient.autoconfigure.WsClients;
import dev.wsclient.bridge.server.ConnectionFlowControl;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * The downstream side of the bridge: a stream per upstream client configured under
 * {@code wsclient.clients}, which any number of subscribers can follow.
 *
 * <p>
 * Every upstream is read once, from start-up on, however many subscribers it has (none
 * included), into a ring of its latest messages ({@link StreamSettings}). Each message is
 * encoded once per transport and the same bytes are written to every subscriber, so the
 * memory the bridge holds for its subscribers does not grow with their number: per
 * client, the ring; per subscriber, what its connection has queued, at most about Netty's
 * high water mark plus one message; in all, no more than the {@link DownstreamMemory}
 * budget. A subscriber that falls out of the ring is ended and never slows the upstream
 * or the other subscribers.
 *
 * <p>
 * When the application stops, every stream ends ({@link #PHASE}: after the upstream
 * clients have closed and before the web server's graceful shutdown, which would
 * otherwise wait for these endless responses), and later subscribers end at once.
 */
public final class StreamHub implements SmartLifecycle, DisposableBean {

	/**
	 * Between the clients' lifecycle ({@code DEFAULT_PHASE - 512}) and the web server's
	 * graceful shutdown ({@code DEFAULT_PHASE - 1024}).
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 768;

	private final Map<String, ClientStream> streams = new LinkedHashMap<>();

	private final SubscriberSlots slots;

	private final StreamMetrics metrics;

	private final Duration sseKeepAlive;

	private final Duration webSocketPing;

	private final int sendBuffer;

	private final long epoch;

	private volatile @Nullable Disposable keepAlive;

	/**
	 * Start reading every client's messages.
	 * @param clients the upstream clients
	 * @param settings what bounds every client's stream
	 * @param limits how many subscribers, how much memory and how often to keep them
	 * alive
	 * @param meterRegistry where to register the bridge's meters
	 */
	public StreamHub(WsClients clients, StreamSettings settings, Limits limits, MeterRegistry meterRegistry) {
		this(clients, settings, limits, meterRegistry, randomEpoch());
	}

	/**
	 * Start reading every client's messages, numbering them in a given epoch.
	 * @param clients the upstream clients
	 * @param settings what bounds every client's stream
	 * @param limits how many subscribers, how much memory and how often to keep them
	 * alive
	 * @param meterRegistry where to register the bridge's meters
	 * @param epoch the epoch of the ids of every client's messages ({@link EventId})
	 */
	public StreamHub(WsClients clients, StreamSettings settings, Limits limits, MeterRegistry meterRegistry,
			long epoch) {
		if (epoch <= EventId.NO_EPOCH || epoch >= EventId.EPOCH_BOUND) {
			throw new IllegalArgumentException("epoch must be between 1 and 2^53 - 1 but was " + epoch);
		}
		this.epoch = epoch;
		DownstreamMemory memory = new DownstreamMemory(limits.memoryBudget());
		this.slots = new SubscriberSlots(limits.maxSubscribers());
		this.metrics = new StreamMetrics(meterRegistry, memory);
		this.sseKeepAlive = limits.sseKeepAlive();
		this.webSocketPing = limits.webSocketPing();
		this.sendBuffer = limits.sendBuffer();
		for (String name : clients.names()) {
			this.streams.put(name,
					new ClientStream(name, clients.messages(name), settings, epoch, memory, this.slots, this.metrics));
		}
	}

	/**
	 * Return the epoch of the ids of every client's messages, drawn at random when the
	 * hub was created unless given.
	 * @return the epoch
	 */
	public long epoch() {
		return this.epoch;
	}

	/**
	 * Check that a client has a stream.
	 * @param client the client name
	 * @throws NoSuchWsClientException when there is no such client
	 */
	public void requireClient(String client) {
		stream(client);
	}

	/**
	 * Subscribe a connection to a client's stream, from the client's next message on.
	 * @param client the client name
	 * @param transport how the connection receives the stream
	 * @param channel the connection, which must have been accepted with
	 * {@link ConnectionFlowControl}
	 * @return what to write to the connection: every message from now on, in order, until
	 * the bridge ends the stream ({@link StreamSubscriber#ending()} then says why)
	 * @throws NoSuchWsClientException when there is no such client
	 * @throws TooManySubscribersException when the bridge has as many subscribers as it
	 * accepts
	 */
	public StreamSubscriber subscribe(String client, Transport transport, Channel channel) {
		return subscribe(client, transport, channel, null, false);
	}

	/**
	 * Subscribe a connection to a client's stream, right after a message it received
	 * before: it first gets the messages the bridge still holds after that one, preceded
	 * by a gap for those it no longer holds, then every message from now on.
	 * @param client the client name
	 * @param transport how the connection receives the stream
	 * @param channel the connection, which must have been accepted with
	 * {@link ConnectionFlowControl}
	 * @param after the id of the last message the subscriber received, or {@code null} to
	 * start with the client's next message
	 * @param announce whether a WebSocket stream opens with a frame telling the id of its
	 * first message, and the gap if any (SSE streams always tell ids)
	 * @return what to write to the connection
	 * @throws NoSuchWsClientException when there is no such client
	 * @throws UnknownEventIdException when the id is of the stream's epoch but not sent
	 * yet
	 * @throws TooManySubscribersException when the bridge has as many subscribers as it
	 * accepts
	 */
	public StreamSubscriber subscribe(String client, Transport transport, Channel channel, @Nullable EventId after,
			boolean announce) {
		ClientStream stream = stream(client);
		stream.checkResumable(after);
		if (!this.slots.tryAcquire()) {
			this.metrics.rejected();
			throw new TooManySubscribersException(this.slots.max());
		}
		StreamSubscriber subscriber;
		try {
			subscriber = stream.subscribe(transport, channel, after, announce);
		}
		catch (RuntimeException ex) {
			this.slots.release();
			throw ex;
		}
		// Bounds what the operating system takes of the stream beyond the bridge's own
		// bound (Linux would grow the buffer to megabytes), so that a subscriber that
		// stopped reading is seen to be one soon, and costs little until it is.
		channel.config().setOption(ChannelOption.SO_SNDBUF, this.sendBuffer);
		ConnectionFlowControl.onWritable(channel, subscriber::drain);
		channel.closeFuture().addListener((future) -> stream.remove(subscriber));
		return subscriber;
	}

	@Override
	public void start() {
		this.streams.values().forEach(ClientStream::reopen);
		this.keepAlive = Disposables.composite(keepAlive(this.sseKeepAlive, Transport.SSE),
				keepAlive(this.webSocketPing, Transport.WEBSOCKET));
	}

	@Override
	public void stop() {
		stop(() -> {
		});
	}

	/**
	 * End every stream, and report stopped once the WebSocket subscribers' connections
	 * have closed: the web server's graceful shutdown, which comes next, waits for HTTP
	 * responses such as the SSE streams but not for upgraded connections, and would cut
	 * off a close frame not yet written. Each connection closes within the close timeout.
	 * @param callback what to run once stopped
	 */
	@Override
	public void stop(Runnable callback) {
		Disposable running = this.keepAlive;
		this.keepAlive = null;
		if (running != null) {
			running.dispose();
		}
		List<Channel> webSockets = new ArrayList<>();
		this.streams.values().forEach((stream) -> stream.completeSubscribers(webSockets));
		AtomicInteger open = new AtomicInteger(webSockets.size() + 1);
		Runnable closed = () -> {
			if (open.decrementAndGet() == 0) {
				callback.run();
			}
		};
		webSockets.forEach((channel) -> channel.closeFuture().addListener((future) -> closed.run()));
		closed.run();
	}

	@Override
	public boolean isRunning() {
		return this.keepAlive != null;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	@Override
	public void destroy() {
		this.streams.values().forEach(ClientStream::dispose);
	}

	private static long randomEpoch() {
		return 1 + new SecureRandom().nextLong(EventId.EPOCH_BOUND - 1);
	}

	private Disposable keepAlive(Duration interval, Transport transport) {
		return Flux.interval(interval)
			.onBackpressureDrop()
			.subscribe((tick) -> this.streams.values().forEach((stream) -> stream.keepAlive(transport)));
	}

	private ClientStream stream(String client) {
		ClientStream stream = this.streams.get(client);
		if (stream == null) {
			throw new NoSuchWsClientException(client, this.streams.keySet());
		}
		return stream;
	}

	/**
	 * What bounds the downstream side as a whole.
	 *
	 * @param maxSubscribers subscribers of all clients together
	 * @param memoryBudget bytes the encoded messages held for subscribers may take
	 * @param sseKeepAlive time between two comments on every SSE stream
	 * @param webSocketPing time between two pings to every WebSocket subscriber
	 * @param sendBuffer the socket send buffer of every subscriber's connection, in bytes
	 */
	public record Limits(int maxSubscribers, long memoryBudget, Duration sseKeepAlive, Duration webSocketPing,
			int sendBuffer) {

	}

}
