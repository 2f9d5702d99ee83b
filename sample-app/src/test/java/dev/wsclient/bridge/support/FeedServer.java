package dev.wsclient.bridge.support;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.wsclient.test.server.MockWsConnection;
import dev.wsclient.test.server.MockWsServer;
import dev.wsclient.test.server.ReceivedMessage;
import io.netty.handler.codec.http.QueryStringDecoder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The bridge's upstream on {@code 127.0.0.1}: a {@link MockWsServer} that starts a feed
 * by path on every connection, and can be stopped like a crashing server (its connections
 * end without a close frame) and started again on the same port.
 * <ul>
 * <li>{@code /ticks}: "run1-tick0", "run1-tick1", ... every 50 ms for as long as the
 * connection lasts; "run2-..." after the first restart, and so on;</li>
 * <li>{@code /paced?n=N&size=S&rate=R}: N text messages, "0", "1", ... right-padded with
 * 'x' to S characters, at R messages per second (sent every 10 ms, or one every 1000/R ms
 * below 100 per second), each written only when the socket takes it, then stays open;
 * with {@code &gated=true}, only once {@link #openGate()} was called;</li>
 * <li>{@code /record}: sends nothing, keeps every text message it receives
 * ({@link #received()}).</li>
 * </ul>
 */
public final class FeedServer implements AutoCloseable {

	private static final Duration TICK = Duration.ofMillis(50);

	private static final Duration PACE = Duration.ofMillis(10);

	private final AtomicInteger runs = new AtomicInteger(1);

	private final Sinks.Empty<Void> gate = Sinks.empty();

	private final MockWsServer server = MockWsServer.start();

	private FeedServer() {
		this.server.whenConnected(this::feed);
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
		return this.server.uri(pathAndQuery);
	}

	/**
	 * Stop accepting connections and drop every open one at the TCP level.
	 */
	public void stop() {
		this.server.stop();
	}

	/**
	 * Listen again, on the same port, as the next run.
	 */
	public void restart() {
		if (!this.server.isRunning()) {
			this.runs.incrementAndGet();
			this.server.restart();
		}
	}

	private void feed(MockWsConnection connection) {
		switch (connection.handshake().path()) {
			case "/ticks" -> {
				String run = "run" + this.runs.get();
				Flux.interval(TICK)
					.takeWhile((tick) -> connection.isOpen())
					.subscribe((tick) -> connection.send(run + "-tick" + tick));
			}
			case "/paced" -> paced(connection);
			default -> {
				// "/record" sends nothing; the server records what arrives.
			}
		}
	}

	private void paced(MockWsConnection connection) {
		Map<String, List<String>> parameters = new QueryStringDecoder(connection.handshake().target()).parameters();
		int n = Integer.parseInt(parameters.get("n").get(0));
		int size = Integer.parseInt(parameters.get("size").get(0));
		int rate = Integer.parseInt(parameters.get("rate").get(0));
		boolean gated = Boolean.parseBoolean(parameters.getOrDefault("gated", List.of("false")).get(0));
		int perPace = Math.max(1, rate / 100);
		Duration pace = (rate >= 100) ? PACE : Duration.ofMillis(1000 / rate);
		int paces = (n + perPace - 1) / perPace;
		Flux<Long> ticks = Flux.interval(pace).onBackpressureBuffer().take(paces);
		(gated ? this.gate.asMono().thenMany(ticks) : ticks).takeWhile((tick) -> connection.isOpen())
			.subscribe((tick) -> {
				int first = (int) (tick * perPace);
				// Queued on the connection and written as its socket takes them.
				connection.sendAll(Math.min(perPace, n - first), (i) -> padded(first + i, size));
			});
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
		Set<Integer> recording = this.server.connections()
			.stream()
			.filter((connection) -> "/record".equals(connection.handshake().path()))
			.map(MockWsConnection::index)
			.collect(Collectors.toSet());
		return this.server.messages()
			.stream()
			.filter((message) -> message.isText() && recording.contains(message.connectionIndex()))
			.map(ReceivedMessage::text)
			.toList();
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
		this.server.close();
	}

}
