package dev.wsclient.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;

import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsCloseStatus;
import dev.wsclient.core.WsEvent;
import dev.wsclient.core.WsMessage;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

/**
 * Records what a {@link WsClient} receives, from the moment it is attached: messages,
 * connects and close statuses, in order, so that a test can wait for them with a timeout
 * and lose none (a subscriber that comes after the connect misses what the server sends
 * right away). Attach it before connecting:
 *
 * <pre class="code">
 * WsClient client = WsClient.create();
 * WsClientCapture.attach(client);
 * client.connect(server.uri("/feed"));
 * List&lt;WsMessage&gt; first = awaitMessages(client, 3, Duration.ofSeconds(5));
 * </pre>
 *
 * The capture subscribes to {@link WsClient#events()} and takes everything at once, so it
 * never slows the client down. It keeps the first 10 000 messages ({@link #CAPACITY}) and
 * counts the rest: waiting for more than that fails. It lasts until {@link #detach()} or
 * until the client is garbage.
 *
 * @since 0.1.0
 */
public final class WsClientCapture {

	/** How many messages, and how many close statuses, a capture keeps. */
	public static final int CAPACITY = 10_000;

	private static final Map<WsClient, WsClientCapture> captures = Collections.synchronizedMap(new WeakHashMap<>());

	private final List<WsMessage> messages = new ArrayList<>();

	private final List<WsCloseStatus> closes = new ArrayList<>();

	private final Disposable subscription;

	private int connects;

	private long messagesNotKept;

	private WsClientCapture(WsClient client) {
		this.subscription = client.events().subscribe(this::record);
	}

	/**
	 * Start capturing a client's events, unless a capture is attached already.
	 * @param client the client, best before it connects
	 * @return the client's capture
	 */
	public static WsClientCapture attach(WsClient client) {
		Objects.requireNonNull(client, "client must not be null");
		return captures.computeIfAbsent(client, WsClientCapture::new);
	}

	/**
	 * Return the capture attached to a client.
	 * @param client the client
	 * @return its capture
	 * @throws IllegalStateException if none is attached
	 */
	public static WsClientCapture of(WsClient client) {
		WsClientCapture capture = captures.get(client);
		if (capture == null) {
			throw new IllegalStateException(
					"no capture is attached to this client: call WsClientCapture.attach(client) "
							+ "before it connects (a @SpringBootTest with @MockWsServerUrl attaches one to every client)");
		}
		return capture;
	}

	/**
	 * Wait until the client's capture holds {@code count} messages.
	 * @param client a client with a capture attached
	 * @param count how many
	 * @param timeout how long to wait at most
	 * @return the first {@code count} messages since the capture was attached
	 * @throws AssertionError if fewer arrived in time
	 */
	public static List<WsMessage> awaitMessages(WsClient client, int count, Duration timeout) {
		return of(client).awaitMessages(count, timeout);
	}

	/**
	 * Wait until the client's capture holds a close status.
	 * @param client a client with a capture attached
	 * @param timeout how long to wait at most
	 * @return the first close status since the capture was attached
	 * @throws AssertionError if no connection attempt ended in time
	 */
	public static WsCloseStatus awaitClose(WsClient client, Duration timeout) {
		return of(client).awaitCloses(1, timeout).get(0);
	}

	/**
	 * Wait for {@code count} messages.
	 * @param count how many, at most {@link #CAPACITY}
	 * @param timeout how long to wait at most
	 * @return the first {@code count} messages
	 * @throws AssertionError if fewer arrived in time
	 */
	public List<WsMessage> awaitMessages(int count, Duration timeout) {
		requireWithinCapacity(count);
		return await(timeout, count + " message(s)", (capture) -> (capture.messages.size() >= count)
				? List.copyOf(capture.messages.subList(0, count)) : null);
	}

	/**
	 * Wait for {@code count} ended connection attempts.
	 * @param count how many, at most {@link #CAPACITY}
	 * @param timeout how long to wait at most
	 * @return the first {@code count} close statuses
	 * @throws AssertionError if fewer arrived in time
	 */
	public List<WsCloseStatus> awaitCloses(int count, Duration timeout) {
		requireWithinCapacity(count);
		return await(timeout, count + " close status(es)",
				(capture) -> (capture.closes.size() >= count) ? List.copyOf(capture.closes.subList(0, count)) : null);
	}

	/**
	 * Wait for {@code count} opened connections.
	 * @param count how many
	 * @param timeout how long to wait at most
	 * @throws AssertionError if fewer opened in time
	 */
	public void awaitConnects(int count, Duration timeout) {
		await(timeout, count + " connect(s)", (capture) -> (capture.connects >= count) ? Boolean.TRUE : null);
	}

	/**
	 * Return the messages captured so far.
	 * @return a snapshot, oldest first
	 */
	public synchronized List<WsMessage> messages() {
		return List.copyOf(this.messages);
	}

	/**
	 * Return the close statuses captured so far.
	 * @return a snapshot, oldest first
	 */
	public synchronized List<WsCloseStatus> closes() {
		return List.copyOf(this.closes);
	}

	/**
	 * Return how many connections opened since the capture was attached.
	 * @return the count
	 */
	public synchronized int connects() {
		return this.connects;
	}

	/**
	 * Stop capturing and forget the capture.
	 */
	public void detach() {
		this.subscription.dispose();
		captures.values().remove(this);
	}

	private synchronized void record(WsEvent event) {
		if (event instanceof WsEvent.Received received) {
			if (this.messages.size() < CAPACITY) {
				this.messages.add(received.message());
			}
			else {
				this.messagesNotKept++;
			}
		}
		else if (event instanceof WsEvent.Closed closed && this.closes.size() < CAPACITY) {
			this.closes.add(closed.status());
		}
		else if (event instanceof WsEvent.Connected) {
			this.connects++;
		}
		notifyAll();
	}

	private synchronized <T> T await(Duration timeout, String what, Condition<T> condition) {
		long deadline = System.nanoTime() + timeout.toNanos();
		@Nullable T result = condition.check(this);
		while (result == null) {
			long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
			if (remaining <= 0) {
				throw new AssertionError("expected " + what + " within " + timeout + " but captured " + describe());
			}
			try {
				wait(remaining);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while waiting for " + what, ex);
			}
			result = condition.check(this);
		}
		return result;
	}

	private String describe() {
		return this.messages.size() + " message(s)"
				+ ((this.messagesNotKept > 0) ? " (and " + this.messagesNotKept + " not kept)" : "") + ", "
				+ this.connects + " connect(s) and close statuses " + this.closes;
	}

	/**
	 * What a wait waits for: its result, or {@code null} while it is not there.
	 */
	@FunctionalInterface
	private interface Condition<T> {

		@Nullable T check(WsClientCapture capture);

	}

	private static void requireWithinCapacity(int count) {
		if (count < 1 || count > CAPACITY) {
			throw new IllegalArgumentException("count must be 1 to " + CAPACITY + " but was " + count);
		}
	}

}
