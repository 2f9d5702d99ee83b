package dev.wsclient.bridge.support;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;

/**
 * An upstream WebSocket server on {@code 127.0.0.1} that can be stopped like a crashing
 * server (its connections end without a close frame) and started again on the same port.
 * <ul>
 * <li>{@code /ticks}: "run1-tick0", "run1-tick1", ... every 50 ms for as long as the
 * connection lasts; "run2-..." after the first restart, and so on;</li>
 * <li>{@code /paced?n=N&size=S&rate=R}: N text messages, "0", "1", ... right-padded with
 * 'x' to S characters, at R messages per second (sent every 10 ms, or one every 1000/R ms
 * below 100 per second), then stays open; with {@code &gated=true}, only once
 * {@link #openGate()} was called;</li>
 * <li>{@code /record}: sends nothing, keeps every text message it receives
 * ({@link #received()}).</li>
 * </ul>
 */
public final class FeedServer implements AutoCloseable {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final Duration PACE = Duration.ofMillis(10);

	private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

	private final AtomicInteger runs = new AtomicInteger();

	private final Sinks.Empty<Void> gate = Sinks.empty();

	private final List<String> received = new CopyOnWriteArrayList<>();

	private final int port;

	private volatile @Nullable DisposableServer server;

	private FeedServer() {
		DisposableServer bound = bind(0);
		this.server = bound;
		this.port = bound.port();
	}

	/**
	 * Start on an ephemeral port.
	 * @return the running server
	 */
	public static FeedServer start() {
		return new FeedServer();
	}

	/**
	 * Return a URL of this server.
	 * @param pathAndQuery for example {@code "/ticks"}
	 * @return {@code ws://127.0.0.1:<port><pathAndQuery>}
	 */
	public URI uri(String pathAndQuery) {
		return URI.create("ws://127.0.0.1:" + this.port + pathAndQuery);
	}

	/**
	 * Stop accepting connections and drop every open one at the TCP level.
	 */
	public void stop() {
		DisposableServer running = this.server;
		if (running != null) {
			this.server = null;
			// Stop accepting first, so that nothing reconnects while the rest goes.
			running.dispose();
			this.connections.close().awaitUninterruptibly(TIMEOUT.toMillis());
			running.onDispose().block(TIMEOUT);
		}
	}

	/**
	 * Listen again, on the same port.
	 */
	public void restart() {
		if (this.server == null) {
			this.server = bind(this.port);
		}
	}

	private DisposableServer bind(int port) {
		String run = "run" + this.runs.incrementAndGet();
		return HttpServer.create()
			.host("127.0.0.1")
			.port(port)
			.channelGroup(this.connections)
			.route((routes) -> routes
				.ws("/ticks",
						(in, out) -> out
							.sendString(Flux.interval(Duration.ofMillis(50)).map((tick) -> run + "-tick" + tick))
							.then()
							.and(in.receive().then()))
				.ws("/record",
						(in, out) -> in.aggregateFrames()
							.receiveFrames()
							.filter(TextWebSocketFrame.class::isInstance)
							.map((frame) -> ((TextWebSocketFrame) frame).text())
							.doOnNext(this.received::add)
							.then())
				.get("/paced", (request, response) -> {
					Flux<String> messages = paced(request);
					return response
						.sendWebsocket((in, out) -> out.sendString(messages).then().and(in.receive().then()));
				}))
			.bindNow(TIMEOUT);
	}

	private Flux<String> paced(HttpServerRequest request) {
		Map<String, List<String>> parameters = new QueryStringDecoder(request.uri()).parameters();
		int n = Integer.parseInt(parameters.get("n").get(0));
		int size = Integer.parseInt(parameters.get("size").get(0));
		int rate = Integer.parseInt(parameters.get("rate").get(0));
		boolean gated = Boolean.parseBoolean(parameters.getOrDefault("gated", List.of("false")).get(0));
		int perPace = Math.max(1, rate / 100);
		Duration pace = (rate >= 100) ? PACE : Duration.ofMillis(1000 / rate);
		int paces = (n + perPace - 1) / perPace;
		Flux<String> messages = Flux.interval(pace).onBackpressureBuffer().take(paces).concatMap((tick) -> {
			int first = (int) (tick * perPace);
			return Flux.range(first, Math.min(perPace, n - first));
		}).map((index) -> padded(index, size));
		return gated ? this.gate.asMono().thenMany(messages) : messages;
	}

	/**
	 * Let the gated {@code /paced} connections start sending.
	 */
	public void openGate() {
		this.gate.tryEmitEmpty();
	}

	/**
	 * Return the text messages {@code /record} received so far.
	 * @return the messages, in order
	 */
	public List<String> received() {
		return List.copyOf(this.received);
	}

	/**
	 * Return the text of a {@code /paced} message.
	 * @param index the message index
	 * @param size the message size
	 * @return the index, right-padded with 'x'
	 */
	public static String padded(int index, int size) {
		StringBuilder text = new StringBuilder(Integer.toString(index));
		while (text.length() < size) {
			text.append('x');
		}
		return text.toString();
	}

	@Override
	public void close() {
		stop();
	}

}
