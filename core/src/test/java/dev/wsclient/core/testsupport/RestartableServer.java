package dev.wsclient.core.testsupport;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.wsclient.test.server.MockWsConnection;
import dev.wsclient.test.server.MockWsServer;
import dev.wsclient.test.server.ReceivedMessage;
import org.jspecify.annotations.Nullable;

/**
 * A {@link MockWsServer} with the routes of the fault-tolerance tests, counting the runs
 * of the server between {@link #kill()} (which is {@link MockWsServer#stop()}: no close
 * frames, then "connection refused") and {@link #restart()} as generations, from 1.
 * <ul>
 * <li>{@code /feed?n=N}: for every text message the client sends (a subscription), the
 * server records it and answers with N text messages {@code "<generation>:<seq>"}, seq
 * counting from 0 (10 by default)</li>
 * <li>{@code /flood?n=N&size=S}: sends N binary messages of S bytes as fast as the
 * connection takes them ({@link MockWsConnection#sendAllBinary}), each starting with its
 * sequence number (a 4-byte int), then stays open</li>
 * <li>{@code /echo} (and any other path): echoes every message</li>
 * </ul>
 * It records when it accepted each connection ({@link #acceptedAtNanos()}).
 */
public final class RestartableServer implements AutoCloseable {

	private final MockWsServer server = MockWsServer.start();

	private final List<Long> acceptedAtNanos = new CopyOnWriteArrayList<>();

	private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

	/** The generation each connection was opened by, by connection index. */
	private final Map<Integer, Integer> generations = new ConcurrentHashMap<>();

	private final AtomicInteger generation = new AtomicInteger(1);

	private final AtomicLong produced = new AtomicLong();

	private RestartableServer() {
		this.server.whenConnected(this::connected).replyWith(this::reply);
	}

	/**
	 * Start a server on an ephemeral port.
	 * @return the running server, generation 1
	 */
	public static RestartableServer start() {
		return new RestartableServer();
	}

	private void connected(MockWsConnection connection) {
		this.acceptedAtNanos.add(System.nanoTime());
		this.generations.put(connection.index(), this.generation.get());
		if ("/flood".equals(connection.handshake().path())) {
			int n = parameter(connection, "n", 1000);
			int size = parameter(connection, "size", 1024);
			connection.sendAllBinary(n, (seq) -> {
				this.produced.incrementAndGet();
				byte[] payload = new byte[size];
				ByteBuffer.wrap(payload).putInt(seq);
				return payload;
			});
		}
	}

	private void reply(ReceivedMessage message, MockWsConnection connection) {
		switch (connection.handshake().path()) {
			case "/feed" -> {
				if (message.isText()) {
					int current = this.generations.getOrDefault(connection.index(), this.generation.get());
					this.subscriptions.add(new Subscription(current, message.text()));
					connection.sendAll(parameter(connection, "n", 10), (seq) -> current + ":" + seq);
				}
			}
			case "/flood" -> {
			}
			default -> {
				if (message.isText()) {
					connection.send(message.text());
				}
				else {
					connection.send(message.bytes());
				}
			}
		}
	}

	private static int parameter(MockWsConnection connection, String name, int fallback) {
		@Nullable String value = connection.handshake().queryParameter(name);
		return (value != null) ? Integer.parseInt(value) : fallback;
	}

	/**
	 * Return the underlying server, for what this class does not wrap.
	 * @return the server
	 */
	public MockWsServer server() {
		return this.server;
	}

	/**
	 * Return the port, the same across restarts.
	 * @return the port
	 */
	public int port() {
		return this.server.port();
	}

	/**
	 * Return a {@code ws://127.0.0.1:<port>} URI.
	 * @param pathAndQuery path and query, for example {@code "/feed?n=5"}
	 * @return the URI
	 */
	public URI uri(String pathAndQuery) {
		return this.server.uri(pathAndQuery);
	}

	/**
	 * Return the current generation: 1 for the first run, one more after each restart.
	 * @return the generation
	 */
	public int generation() {
		return this.generation.get();
	}

	/**
	 * Return how many connections are open now.
	 * @return the count
	 */
	public int openConnections() {
		return this.server.openConnections();
	}

	/**
	 * Return when each connection was accepted ({@link System#nanoTime()} right after its
	 * handshake), in order.
	 * @return a snapshot
	 */
	public List<Long> acceptedAtNanos() {
		return List.copyOf(this.acceptedAtNanos);
	}

	/**
	 * Return how many messages {@code /flood} has made so far: each one is made when the
	 * socket can take it.
	 * @return the count
	 */
	public long floodProduced() {
		return this.produced.get();
	}

	/**
	 * Return every subscription the feed received, in order.
	 * @return a snapshot
	 */
	public List<Subscription> subscriptions() {
		return List.copyOf(this.subscriptions);
	}

	/**
	 * Stop listening and drop every connection at the TCP level, without a close frame.
	 */
	public void kill() {
		this.server.stop();
	}

	/**
	 * Listen again on the same port, as the next generation.
	 * @throws IllegalStateException if the server is running
	 */
	public void restart() {
		if (this.server.isRunning()) {
			throw new IllegalStateException("the server is running; kill() it first");
		}
		this.generation.incrementAndGet();
		this.server.restart();
	}

	@Override
	public void close() {
		this.server.close();
	}

	/**
	 * A subscription message the feed received.
	 *
	 * @param generation the generation of the server that received it
	 * @param text the message
	 */
	public record Subscription(int generation, String text) {
	}

}
