package dev.wsclient.core.testsupport;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

import dev.wsclient.test.server.SelfSignedTls;
import io.netty.buffer.Unpooled;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * An in-process Reactor Netty WebSocket server on {@code 127.0.0.1} and an ephemeral
 * port, with the routes of the Node.js peer ({@link NodeWsServer}) plus a few of its own:
 * <ul>
 * <li>{@code /echo}: echoes every (aggregated) message with its opcode</li>
 * <li>{@code /count?n=N&size=S&type=text|binary}: sends N messages and stays open; text
 * messages are "0", "1", ... right-padded with 'x' to S characters, binary ones are S
 * bytes all equal to {@code index & 0xff}</li>
 * <li>{@code /fragments?parts=P}: one text message "part0part1..." in P fragments, then
 * "done"</li>
 * <li>{@code /close?code=C&reason=R}: sends a close frame right after the handshake and
 * closes the TCP connection once it is written (without waiting for the client's close
 * frame)</li>
 * <li>{@code /ping?payload=X}: sends a ping, then "pong:&lt;payload&gt;" when the pong
 * arrives</li>
 * <li>{@code /headers}: one text message, the JSON of the handshake request headers
 * (names lower-cased, repeated values joined with ", ")</li>
 * <li>{@code /protocol}: one text message, the negotiated subprotocol (empty when none);
 * only this route supports subprotocols: {@link #SUBPROTOCOLS}, the first one the client
 * offers wins</li>
 * <li>{@code /status/{code}}: a plain HTTP response with that status instead of 101 (with
 * a {@code Location} header from the {@code location} query parameter)</li>
 * <li>{@code /silent-after-open}: accepts and never sends anything, not even pongs (a
 * close frame from the client is still answered: Reactor Netty does that itself)</li>
 * <li>{@code /tick?every=MS}: sends "tick0", "tick1", ... every MS milliseconds (100 by
 * default) for as long as the connection lasts</li>
 * </ul>
 * Any WebSocket route takes {@code ?deflate=true} to allow permessage-deflate. Every
 * route handles pings itself ({@code handlePing(true)}) so that they can be counted
 * ({@link #pingsReceived()}); all but {@code /silent-after-open} answer them. Other paths
 * get HTTP 404. Frames up to 64 MiB are accepted.
 */
public final class ReactorNettyTestServer implements AutoCloseable {

	/**
	 * The subprotocols {@code /protocol} supports, in Reactor Netty's comma-separated
	 * form.
	 */
	public static final String SUBPROTOCOLS = "v1.json,v2.json";

	private static final int MAX_FRAME_PAYLOAD = 64 * 1024 * 1024;

	private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration DISPOSE_TIMEOUT = Duration.ofSeconds(10);

	private final AtomicInteger pings = new AtomicInteger();

	private final AtomicInteger pongs = new AtomicInteger();

	private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

	private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

	private final boolean secure;

	private final DisposableServer server;

	private ReactorNettyTestServer(@Nullable SelfSignedTls tls) {
		this.secure = tls != null;
		HttpServer httpServer = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.channelGroup(this.connections)
			.route(this::routes);
		if (tls != null) {
			httpServer = httpServer.secure((spec) -> spec.sslContext(tls.serverSslContext()));
		}
		this.server = httpServer.bindNow(BIND_TIMEOUT);
	}

	/**
	 * Start a plain ({@code ws://}) server.
	 * @return the running server
	 */
	public static ReactorNettyTestServer start() {
		return new ReactorNettyTestServer(null);
	}

	/**
	 * Start a TLS ({@code wss://}) server presenting the given certificate.
	 * @param tls the server identity
	 * @return the running server
	 */
	public static ReactorNettyTestServer startSecure(SelfSignedTls tls) {
		return new ReactorNettyTestServer(tls);
	}

	private void routes(HttpServerRoutes routes) {
		routes
			.get("/echo", websocket(false,
					(in, out) -> serve(in.aggregateFrames(MAX_FRAME_PAYLOAD), out, Flux.empty(), true, true, null)))
			.get("/count", websocket(false, (request) -> count(parameters(request))))
			.get("/fragments", websocket(false, (request) -> fragments(parameters(request))))
			.get("/close", websocket(false, (request) -> closeRoute(parameters(request))))
			.get("/ping", websocket(false, (request) -> pingRoute(parameters(request))))
			.get("/headers",
					websocket(false, (request) -> (in, out) -> serve(in, out,
							Mono.just(new TextWebSocketFrame(toJson(request.requestHeaders()))), false, true, null)))
			.get("/protocol", websocket(true, (in, out) -> {
				String protocol = in.selectedSubprotocol();
				return serve(in, out, Mono.just(new TextWebSocketFrame((protocol != null) ? protocol : "")), false,
						true, null);
			}))
			.get("/silent-after-open", websocket(false, (in, out) -> serve(in, out, Flux.empty(), false, false, null)))
			.get("/tick", websocket(false, (request) -> tick(parameters(request))))
			.get("/status/{code}", this::status);
	}

	private BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> websocket(boolean subprotocols,
			BiFunction<? super WebsocketInbound, ? super WebsocketOutbound, ? extends Publisher<Void>> handler) {
		return websocket(subprotocols, (request) -> handler);
	}

	private BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> websocket(boolean subprotocols,
			WebsocketRoute route) {
		return (request, response) -> {
			record(request);
			WebsocketServerSpec.Builder spec = WebsocketServerSpec.builder()
				.handlePing(true)
				.maxFramePayloadLength(MAX_FRAME_PAYLOAD)
				.compress(Boolean.parseBoolean(parameter(parameters(request), "deflate", "false")));
			if (subprotocols) {
				spec.protocols(SUBPROTOCOLS);
			}
			return response.sendWebsocket(route.handler(request), spec.build());
		};
	}

	private BiFunction<WebsocketInbound, WebsocketOutbound, Publisher<Void>> count(
			Map<String, List<String>> parameters) {
		int n = Integer.parseInt(parameter(parameters, "n", "0"));
		int size = Integer.parseInt(parameter(parameters, "size", "0"));
		boolean binary = "binary".equals(parameter(parameters, "type", "text"));
		Flux<WebSocketFrame> frames = Flux.range(0, n).map((i) -> {
			if (binary) {
				byte[] payload = new byte[size];
				Arrays.fill(payload, (byte) (i & 0xFF));
				return new BinaryWebSocketFrame(Unpooled.wrappedBuffer(payload));
			}
			StringBuilder text = new StringBuilder(String.valueOf(i));
			while (text.length() < size) {
				text.append('x');
			}
			return new TextWebSocketFrame(text.toString());
		});
		return (in, out) -> serve(in, out, frames, false, true, null);
	}

	private BiFunction<WebsocketInbound, WebsocketOutbound, Publisher<Void>> tick(
			Map<String, List<String>> parameters) {
		Duration every = Duration.ofMillis(Long.parseLong(parameter(parameters, "every", "100")));
		Flux<WebSocketFrame> ticks = Flux.interval(every).map((i) -> new TextWebSocketFrame("tick" + i));
		return (in, out) -> serve(in, out, ticks, false, true, null);
	}

	private BiFunction<WebsocketInbound, WebsocketOutbound, Publisher<Void>> fragments(
			Map<String, List<String>> parameters) {
		int parts = Math.max(1, Integer.parseInt(parameter(parameters, "parts", "1")));
		Flux<WebSocketFrame> frames = Flux.range(0, parts).<WebSocketFrame>map((i) -> {
			boolean last = i == parts - 1;
			String text = "part" + i;
			return (i == 0) ? new TextWebSocketFrame(last, 0, text) : new ContinuationWebSocketFrame(last, 0, text);
		}).concatWith(Mono.fromSupplier(() -> new TextWebSocketFrame("done")));
		return (in, out) -> serve(in, out, frames, false, true, null);
	}

	private BiFunction<WebsocketInbound, WebsocketOutbound, Publisher<Void>> closeRoute(
			Map<String, List<String>> parameters) {
		String code = parameter(parameters, "code", "");
		String reason = parameter(parameters, "reason", "");
		return (in, out) -> code.isEmpty() ? out.sendClose() : out.sendClose(Integer.parseInt(code), reason);
	}

	private BiFunction<WebsocketInbound, WebsocketOutbound, Publisher<Void>> pingRoute(
			Map<String, List<String>> parameters) {
		String payload = parameter(parameters, "payload", "");
		return (in, out) -> {
			AtomicBoolean answered = new AtomicBoolean();
			Mono<WebSocketFrame> ping = Mono
				.fromSupplier(() -> new PingWebSocketFrame(Unpooled.copiedBuffer(payload, StandardCharsets.UTF_8)));
			return serve(in, out, ping, false, true,
					(pong) -> answered.compareAndSet(false, true) ? "pong:" + pong : null);
		};
	}

	/**
	 * Send the route's own frames and, merged with them, the replies to what the client
	 * sends: pongs for pings (when {@code answerPings}), echoes of data frames (when
	 * {@code echo}) and whatever {@code onPong} makes of a pong. Completes when the
	 * client closes.
	 */
	private Publisher<Void> serve(WebsocketInbound in, WebsocketOutbound out, Publisher<WebSocketFrame> routeFrames,
			boolean echo, boolean answerPings, @Nullable UnaryOperator<@Nullable String> onPong) {
		Flux<WebSocketFrame> replies = in.receiveFrames().handle((frame, sink) -> {
			if (frame instanceof PingWebSocketFrame) {
				this.pings.incrementAndGet();
				if (answerPings) {
					sink.next(new PongWebSocketFrame(frame.content().retain()));
				}
			}
			else if (frame instanceof PongWebSocketFrame) {
				this.pongs.incrementAndGet();
				String reply = (onPong != null) ? onPong.apply(frame.content().toString(StandardCharsets.UTF_8)) : null;
				if (reply != null) {
					sink.next(new TextWebSocketFrame(reply));
				}
			}
			else if (echo && (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame)) {
				sink.next(frame.retain());
			}
		});
		return out.sendObject(Flux.merge(routeFrames, replies)).then();
	}

	private Publisher<Void> status(HttpServerRequest request, HttpServerResponse response) {
		record(request);
		String code = request.param("code");
		HttpResponseStatus status = HttpResponseStatus.valueOf(Integer.parseInt((code != null) ? code : "500"));
		response.status(status);
		String location = parameter(parameters(request), "location", "");
		if (!location.isEmpty()) {
			response.header(HttpHeaderNames.LOCATION, location);
		}
		if (status.code() == 204 || status.code() == 304) {
			return response.send();
		}
		return response.header(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
			.sendString(Mono.just("status " + status.code() + "\n"));
	}

	private void record(HttpServerRequest request) {
		this.requests.add(new RecordedRequest(request.uri(), request.requestHeaders().copy()));
	}

	private static Map<String, List<String>> parameters(HttpServerRequest request) {
		return new QueryStringDecoder(request.uri()).parameters();
	}

	private static String parameter(Map<String, List<String>> parameters, String name, String fallback) {
		List<String> values = parameters.get(name);
		return (values != null && !values.isEmpty()) ? values.get(0) : fallback;
	}

	static String toJson(HttpHeaders headers) {
		Map<String, String> merged = new LinkedHashMap<>();
		for (Map.Entry<String, String> header : headers) {
			merged.merge(header.getKey().toLowerCase(Locale.ROOT), header.getValue(), (a, b) -> a + ", " + b);
		}
		StringBuilder json = new StringBuilder("{");
		merged.forEach((name, value) -> {
			if (json.length() > 1) {
				json.append(',');
			}
			appendJsonString(json, name);
			json.append(':');
			appendJsonString(json, value);
		});
		return json.append('}').toString();
	}

	private static void appendJsonString(StringBuilder json, String value) {
		json.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				default -> {
					if (c < 0x20) {
						json.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		json.append('"');
	}

	/**
	 * Return the port the server listens on.
	 * @return the port
	 */
	public int port() {
		return this.server.port();
	}

	/**
	 * Return whether the server speaks TLS.
	 * @return whether it was started with {@link #startSecure(SelfSignedTls)}
	 */
	public boolean isSecure() {
		return this.secure;
	}

	/**
	 * Return a {@code ws://127.0.0.1:<port>} (or {@code wss://}) URI.
	 * @param pathAndQuery path and query, for example {@code "/count?n=3"}
	 * @return the URI
	 */
	public URI uri(String pathAndQuery) {
		return URI.create((this.secure ? "wss" : "ws") + "://127.0.0.1:" + port() + pathAndQuery);
	}

	/**
	 * Return how many ping frames the server received, on all connections.
	 * @return the count
	 */
	public int pingsReceived() {
		return this.pings.get();
	}

	/**
	 * Return how many pong frames the server received, on all connections.
	 * @return the count
	 */
	public int pongsReceived() {
		return this.pongs.get();
	}

	/**
	 * Return every request the routes served (WebSocket handshakes and {@code /status}),
	 * in order.
	 * @return a snapshot of the requests
	 */
	public List<RecordedRequest> requests() {
		return List.copyOf(this.requests);
	}

	/**
	 * Return how many connections are open now.
	 * @return the count
	 */
	public int openConnections() {
		return this.connections.size();
	}

	/**
	 * Close every open connection at the TCP level (no close frame), as a server crash or
	 * a network failure would; the server keeps accepting new ones.
	 * @param timeout how long to wait for the connections to close
	 */
	public void dropConnections(Duration timeout) {
		this.connections.close().awaitUninterruptibly(timeout.toMillis());
	}

	/**
	 * Stop the server and close its connections, waiting at most 10 seconds.
	 */
	@Override
	public void close() {
		this.server.disposeNow(DISPOSE_TIMEOUT);
	}

	/**
	 * A request a route served.
	 *
	 * @param uri the request target (path and query)
	 * @param headers a copy of the request headers (names case-insensitive)
	 */
	public record RecordedRequest(String uri, HttpHeaders headers) {

		/**
		 * Return the path of the request target, without the query.
		 * @return the path
		 */
		public String path() {
			return new QueryStringDecoder(this.uri).path();
		}

		/**
		 * Return the first value of a header.
		 * @param name the header name, any case
		 * @return the value, or {@code null} when absent
		 */
		public @Nullable String header(String name) {
			return this.headers.get(name);
		}

	}

	@FunctionalInterface
	private interface WebsocketRoute {

		BiFunction<? super WebsocketInbound, ? super WebsocketOutbound, ? extends Publisher<Void>> handler(
				HttpServerRequest request);

	}

}
