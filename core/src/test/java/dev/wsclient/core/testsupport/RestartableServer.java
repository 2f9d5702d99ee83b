package dev.wsclient.core.testsupport;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRoutes;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * A Reactor Netty WebSocket server on {@code 127.0.0.1} that can be killed and restarted
 * on the same port, as a crashing and restarting server process would be: {@link #kill()}
 * stops listening and drops every connection at the TCP level (no close frame),
 * {@link #restart()} listens again. Each run of the server is a generation, counted from
 * 1.
 * <ul>
 * <li>{@code /feed?n=N}: for every text message the client sends (a subscription), the
 * server records it and answers with N text messages {@code "<generation>:<seq>"}, seq
 * counting from 0</li>
 * <li>{@code /flood?n=N&size=S}: sends N binary messages of S bytes as fast as the
 * connection takes them, each starting with its sequence number (a 4-byte int), then
 * stays open</li>
 * <li>{@code /echo}: echoes every message</li>
 * </ul>
 * It records when it accepted each connection ({@link #acceptedAtNanos()}).
 */
public final class RestartableServer implements AutoCloseable {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final int MAX_MESSAGE = 16 * 1024 * 1024;

	private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

	private final List<Long> acceptedAtNanos = new CopyOnWriteArrayList<>();

	private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

	private final AtomicInteger generation = new AtomicInteger();

	private final AtomicLong produced = new AtomicLong();

	private final int port;

	private volatile @Nullable DisposableServer server;

	private RestartableServer() {
		DisposableServer first = bind(0);
		this.server = first;
		this.port = first.port();
	}

	/**
	 * Start a server on an ephemeral port.
	 * @return the running server, generation 1
	 */
	public static RestartableServer start() {
		return new RestartableServer();
	}

	private DisposableServer bind(int port) {
		this.generation.incrementAndGet();
		return HttpServer.create()
			.host("127.0.0.1")
			.port(port)
			.channelGroup(this.connections)
			.doOnConnection((connection) -> this.acceptedAtNanos.add(System.nanoTime()))
			.route(this::routes)
			.bindNow(TIMEOUT);
	}

	private void routes(HttpServerRoutes routes) {
		routes.get("/feed", (request, response) -> {
			List<String> values = new QueryStringDecoder(request.uri()).parameters().get("n");
			int n = Integer.parseInt((values != null && !values.isEmpty()) ? values.get(0) : "10");
			return response.sendWebsocket((in, out) -> feed(in, out, n));
		}).get("/flood", (request, response) -> {
			QueryStringDecoder query = new QueryStringDecoder(request.uri());
			int n = Integer.parseInt(query.parameters().getOrDefault("n", List.of("1000")).get(0));
			int size = Integer.parseInt(query.parameters().getOrDefault("size", List.of("1024")).get(0));
			return response.sendWebsocket((in, out) -> out.sendObject(Flux.range(0, n).map((seq) -> {
				ByteBuf payload = Unpooled.buffer(size).writeInt(seq).writeZero(size - Integer.BYTES);
				return new BinaryWebSocketFrame(payload);
			}).doOnNext((frame) -> this.produced.incrementAndGet()).concatWith(Flux.never())));
		})
			.get("/echo", (request, response) -> response.sendWebsocket((in, out) -> out
				.sendObject(in.aggregateFrames(MAX_MESSAGE).receiveFrames().map(WebSocketFrame::retain))));
	}

	private Publisher<Void> feed(WebsocketInbound in, WebsocketOutbound out, int n) {
		int current = this.generation.get();
		Flux<WebSocketFrame> replies = in.aggregateFrames(MAX_MESSAGE)
			.receiveFrames()
			.filter(TextWebSocketFrame.class::isInstance)
			.concatMap((frame) -> {
				this.subscriptions.add(new Subscription(current, ((TextWebSocketFrame) frame).text()));
				return Flux.range(0, n).map((seq) -> new TextWebSocketFrame(current + ":" + seq));
			});
		return out.sendObject(replies);
	}

	/**
	 * Return the port, the same across restarts.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return a {@code ws://127.0.0.1:<port>} URI.
	 * @param pathAndQuery path and query, for example {@code "/feed?n=5"}
	 * @return the URI
	 */
	public URI uri(String pathAndQuery) {
		return LoopbackListener.uri("ws", this.port, pathAndQuery);
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
		return this.connections.size();
	}

	/**
	 * Return when each connection was accepted ({@link System#nanoTime()}), in order.
	 * @return a snapshot
	 */
	public List<Long> acceptedAtNanos() {
		return List.copyOf(this.acceptedAtNanos);
	}

	/**
	 * Return how many messages {@code /flood} has handed to the connection so far
	 * (Reactor Netty only takes the next one while the socket accepts writes).
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
		DisposableServer current = this.server;
		this.server = null;
		if (current != null) {
			// Stop accepting first, so that no client gets in before the connections
			// drop.
			current.dispose();
		}
		this.connections.close().awaitUninterruptibly(TIMEOUT.toMillis());
		if (current != null) {
			current.onDispose().block(TIMEOUT);
		}
	}

	/**
	 * Listen again on the same port, as the next generation.
	 * @throws IllegalStateException if the server is running
	 */
	public void restart() {
		if (this.server != null) {
			throw new IllegalStateException("the server is running; kill() it first");
		}
		this.server = bind(this.port);
	}

	@Override
	public void close() {
		kill();
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
