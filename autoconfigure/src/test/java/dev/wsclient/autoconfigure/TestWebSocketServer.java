package dev.wsclient.autoconfigure;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * An in-process WebSocket server on 127.0.0.1 for the tests, on Reactor Netty. It records
 * what clients send (handshake headers, text and binary messages, close statuses), sends
 * messages to every connected client, counts the frames it handed to the socket, and can
 * be stopped and started again on the same port. As a JUnit extension
 * ({@link #perTest()}), it listens during each test.
 */
public final class TestWebSocketServer implements AutoCloseable, BeforeEachCallback, AfterEachCallback {

	private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

	private final List<HttpHeaders> handshakes = new CopyOnWriteArrayList<>();

	private final List<String> received = new CopyOnWriteArrayList<>();

	private final List<byte[]> receivedBinary = new CopyOnWriteArrayList<>();

	private final AtomicLong framesWritten = new AtomicLong();

	private final List<WebSocketCloseStatus> closeStatuses = new CopyOnWriteArrayList<>();

	// Per connection, what to send: single frames, or many generated as the socket takes
	// them.
	private final List<Sinks.Many<Publisher<WebSocketFrame>>> outbounds = new CopyOnWriteArrayList<>();

	private final AtomicInteger openConnections = new AtomicInteger();

	private final @Nullable SslContext sslContext;

	private volatile @Nullable DisposableServer server;

	private volatile int port;

	private TestWebSocketServer(@Nullable SslContext sslContext) {
		this.sslContext = sslContext;
	}

	public static TestWebSocketServer start() {
		return start(null);
	}

	/**
	 * Return a server to register as a JUnit extension: it listens from before each test
	 * to after it.
	 * @return the server, not listening yet
	 */
	public static TestWebSocketServer perTest() {
		return new TestWebSocketServer(null);
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		bind(0);
	}

	@Override
	public void afterEach(ExtensionContext context) {
		stop();
	}

	static TestWebSocketServer start(@Nullable SslContext sslContext) {
		TestWebSocketServer server = new TestWebSocketServer(sslContext);
		server.bind(0);
		return server;
	}

	/**
	 * Return the URL of the WebSocket route.
	 * @param query a query string to append, or an empty string
	 * @return the URL
	 */
	public URI url(String query) {
		String scheme = (this.sslContext != null) ? "wss" : "ws";
		return URI.create(scheme + "://127.0.0.1:" + this.port + "/ws" + (query.isEmpty() ? "" : "?" + query));
	}

	int port() {
		return this.port;
	}

	/**
	 * Stop listening and drop every connection without a close frame.
	 */
	public void stop() {
		this.connections.close().awaitUninterruptibly();
		DisposableServer current = this.server;
		if (current != null) {
			current.disposeNow();
			this.server = null;
		}
	}

	/**
	 * Listen again on the same port.
	 */
	public void restart() {
		bind(this.port);
	}

	public void sendText(String text) {
		this.outbounds.forEach((outbound) -> outbound.tryEmitNext(Mono.just(new TextWebSocketFrame(text))));
	}

	public void sendBinary(byte[] bytes) {
		this.outbounds.forEach(
				(outbound) -> outbound.tryEmitNext(Mono.just(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)))));
	}

	/**
	 * Send text messages to every connected client, each made only when the socket can
	 * take it, so that a client that stops reading holds the server back instead of the
	 * messages piling up in the server.
	 * @param count how many
	 * @param text makes the text of message {@code i}, from 0
	 */
	public void sendTexts(int count, IntFunction<String> text) {
		this.outbounds.forEach((outbound) -> outbound
			.tryEmitNext(Flux.range(0, count).map((i) -> new TextWebSocketFrame(text.apply(i)))));
	}

	List<HttpHeaders> handshakes() {
		return this.handshakes;
	}

	/**
	 * Return the text messages received, in order.
	 * @return the texts
	 */
	public List<String> received() {
		return this.received;
	}

	/**
	 * Return the binary messages received, in order.
	 * @return the payloads
	 */
	public List<byte[]> receivedBinary() {
		return this.receivedBinary;
	}

	/**
	 * Return how many frames the server handed to the socket: those sent that are still
	 * in the server's own queue are not counted, so this stops growing when the client
	 * stops reading and TCP's buffers are full.
	 * @return the frames handed to the socket
	 */
	public long framesWritten() {
		return this.framesWritten.get();
	}

	List<WebSocketCloseStatus> closeStatuses() {
		return this.closeStatuses;
	}

	public int openConnections() {
		return this.openConnections.get();
	}

	@Override
	public void close() {
		stop();
	}

	private void bind(int port) {
		HttpServer http = HttpServer.create()
			.host("127.0.0.1")
			.port(port)
			.channelGroup(this.connections)
			.route((routes) -> routes.ws("/ws", this::serve));
		SslContext tls = this.sslContext;
		if (tls != null) {
			http = http.secure((spec) -> spec.sslContext(tls));
		}
		DisposableServer bound = http.bindNow();
		this.server = bound;
		this.port = bound.port();
	}

	private Publisher<Void> serve(WebsocketInbound in, WebsocketOutbound out) {
		this.handshakes.add(in.headers());
		Sinks.Many<Publisher<WebSocketFrame>> outbound = Sinks.many().unicast().onBackpressureBuffer();
		this.outbounds.add(outbound);
		this.openConnections.incrementAndGet();
		in.withConnection((connection) -> connection.onDispose(() -> {
			this.outbounds.remove(outbound);
			this.openConnections.decrementAndGet();
		}));
		// A connection dropped by stop() ends these streams with an error: expected.
		in.receiveCloseStatus().subscribe(this.closeStatuses::add, (dropped) -> {
		});
		in.aggregateFrames().receiveFrames().subscribe((frame) -> {
			if (frame instanceof TextWebSocketFrame text) {
				this.received.add(text.text());
			}
			else if (frame instanceof BinaryWebSocketFrame binary) {
				this.receivedBinary.add(ByteBufUtil.getBytes(binary.content()));
			}
		}, (dropped) -> {
		});
		return out.sendObject(Flux.concat(outbound.asFlux()).doOnNext((frame) -> this.framesWritten.incrementAndGet()));
	}

}
