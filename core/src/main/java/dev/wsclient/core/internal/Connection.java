package dev.wsclient.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.wsclient.core.WsClientOptions;
import dev.wsclient.core.WsCloseStatus;
import dev.wsclient.core.WsHeaders;
import dev.wsclient.core.WsMessage;
import dev.wsclient.core.WsSendException;
import dev.wsclient.core.WsStatusCode;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionDecoder;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientRequest;
import reactor.util.context.Context;

/**
 * One connection attempt, from TCP connect to the end of the connection. It ends exactly
 * once, with the first status recorded by whoever saw the end coming (the frame handler,
 * a timeout, the user), or else with one derived from how the inbound stream ended.
 */
final class Connection implements FrameHandler.ConnectionEvents {

	private static final String FRAME_HANDLER = "wsclient.frameHandler";

	// The names Netty's WebSocketClientHandshaker gives its frame codec.
	private static final String FRAME_ENCODER = "ws-encoder";

	private static final String FRAME_DECODER = "ws-decoder";

	// Fields updated atomically through VarHandles rather than atomic objects: a
	// connection is the unit of idle memory.
	private static final VarHandle RECORDED_STATUS;

	private static final VarHandle ENDED;

	private static final VarHandle PENDING_BYTES;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			RECORDED_STATUS = lookup.findVarHandle(Connection.class, "recordedStatus", WsCloseStatus.class);
			ENDED = lookup.findVarHandle(Connection.class, "ended", boolean.class);
			PENDING_BYTES = lookup.findVarHandle(Connection.class, "pendingBytes", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final URI url;

	private final WsClientOptions options;

	private final Transport transport;

	private final Listener listener;

	private final EventHub hub;

	private volatile @Nullable WsCloseStatus recordedStatus;

	private volatile boolean ended;

	// Emitted once, by the end() that wins the ended flag: no serialization needed.
	private final Sinks.One<WsCloseStatus> endedSink = Sinks.unsafe().one();

	// Read and written only through PENDING_BYTES.
	@SuppressWarnings("UnusedVariable")
	private volatile long pendingBytes;

	private volatile @Nullable FrameHandler frameHandler;

	private volatile @Nullable Channel channel;

	private volatile boolean open;

	private volatile @Nullable Disposable inbound;

	private volatile @Nullable Disposable connectTimeout;

	// Headers from the options' supplier, taken when the attempt starts and added to its
	// handshake request.
	private volatile @Nullable Map<String, String> suppliedHeaders;

	Connection(URI url, WsClientOptions options, Transport transport, EventHub hub, Listener listener) {
		this.url = url;
		this.options = options;
		this.transport = transport;
		this.hub = hub;
		this.listener = listener;
	}

	/**
	 * Start connecting; the outcome arrives through the listener and {@link #ended()}.
	 */
	void start() {
		if (this.ended) {
			return;
		}
		HttpClient client;
		try {
			this.suppliedHeaders = suppliedHeaders(this.options);
			client = this.transport.httpClient("wss".equalsIgnoreCase(this.url.getScheme()));
		}
		catch (IllegalArgumentException ex) {
			end(new WsCloseStatus(WsStatusCode.INVALID_REQUEST_HEADER, null,
					WsStatusCode.INVALID_REQUEST_HEADER.description() + ": " + ex.getMessage(), null, ex));
			return;
		}
		catch (RuntimeException ex) {
			end(WsCloseStatus.failure(WsStatusCode.INVALID_REQUEST_HEADER, null, ex));
			return;
		}
		this.hub.onCapacityFreed(this::capacityFreed);
		this.connectTimeout = Schedulers.parallel()
			.schedule(this::connectTimedOut, this.options.connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
		// Messages do not travel through this stream: the frame handler hands them over
		// directly. It carries only the end of the connection.
		Flux<?> inbound = client.websocket(this.transport.websocketSpec()).uri(this.url).handle((in, out) -> {
			in.withConnection((connection) -> takeOverFrameDecoding(connection.channel()));
			opened(in.selectedSubprotocol());
			return in.receiveObject();
		});
		if (this.suppliedHeaders != null) {
			inbound = inbound.contextWrite(Context.of(Connection.class, this));
		}
		this.inbound = inbound.subscribe(null, this::onInboundError, this::onInboundComplete);
	}

	/**
	 * Return when and how this connection ended.
	 * @return the close status, once
	 */
	Mono<WsCloseStatus> ended() {
		return this.endedSink.asMono();
	}

	boolean isOpen() {
		return this.open && !this.ended;
	}

	/**
	 * Send a message.
	 * @param message the message
	 * @return completes once written
	 * @throws WsSendException when the message cannot be accepted
	 */
	Mono<Void> send(WsMessage message) {
		Channel current = this.channel;
		if (current == null || !isOpen()) {
			throw new WsSendException(WsSendException.Reason.NOT_OPEN,
					"cannot send: the client is not open (connect first and wait for the connection)");
		}
		int size = message.size();
		if (size > this.options.maxOutboundMessageSize()) {
			throw new WsSendException(WsSendException.Reason.TOO_LARGE, "cannot send a message of " + size
					+ " bytes: larger than maxOutboundMessageSize (" + this.options.maxOutboundMessageSize() + ")");
		}
		long pending = (long) PENDING_BYTES.getAndAdd(this, (long) size) + size;
		if (pending > this.options.sendBufferLimit()) {
			PENDING_BYTES.getAndAdd(this, (long) -size);
			throw new WsSendException(WsSendException.Reason.BUFFER_FULL,
					"cannot send: " + (pending - size) + " bytes are still waiting to be written, and "
							+ "sendBufferLimit is " + this.options.sendBufferLimit()
							+ "; the server is not reading fast enough");
		}
		WebSocketFrame frame = message.isText() ? new TextWebSocketFrame(Unpooled.wrappedBuffer(message.payload()))
				: new BinaryWebSocketFrame(Unpooled.wrappedBuffer(message.payload()));
		ChannelFuture write = current.writeAndFlush(frame);
		Sinks.Empty<Void> written = Sinks.empty();
		write.addListener((future) -> {
			PENDING_BYTES.getAndAdd(this, (long) -size);
			if (future.isSuccess()) {
				this.listener.onSent(message);
				written.tryEmitEmpty();
			}
			else {
				WsSendException failure = new WsSendException(WsSendException.Reason.CONNECTION_LOST,
						"the connection ended before the message was written: " + future.cause());
				failure.initCause(future.cause());
				written.tryEmitError(failure);
			}
		});
		return written.asMono();
	}

	/**
	 * Close: while connecting, abandon the attempt; once open, run the closing handshake.
	 * @param code the close code
	 * @param reason the close reason
	 */
	void close(int code, String reason) {
		RECORDED_STATUS.compareAndSet(this, null, new WsCloseStatus(WsStatusCode.NORMAL, code, reason, null, null));
		Channel current = this.channel;
		FrameHandler handler = this.frameHandler;
		if (this.open && current != null && handler != null) {
			current.eventLoop().execute(() -> handler.startClose(code, reason));
		}
		else {
			abandon();
		}
	}

	@Override
	public void recordStatus(WsCloseStatus status) {
		RECORDED_STATUS.compareAndSet(this, null, status);
	}

	@Override
	public void pingMissed() {
		this.listener.onHeartbeat(false);
	}

	@Override
	public void serverResponsive() {
		this.listener.onHeartbeat(true);
	}

	@Override
	public void pingAnswered(long roundTripNanos) {
		this.listener.onPingAnswered(Duration.ofNanos(roundTripNanos));
	}

	@Override
	public boolean messageReceived(WsMessage message) {
		this.listener.onMessage(message);
		return hasCapacity();
	}

	@Override
	public boolean hasCapacity() {
		return this.hub.freeCapacity() > 0;
	}

	/**
	 * Add the supplied headers to the handshake request; called by the shared
	 * {@link Transport} for this connection's request.
	 */
	void addSuppliedHeaders(HttpClientRequest request) {
		Map<String, String> supplied = this.suppliedHeaders;
		if (supplied != null) {
			this.suppliedHeaders = null;
			supplied.forEach(request.requestHeaders()::set);
		}
	}

	private static @Nullable Map<String, String> suppliedHeaders(WsClientOptions options) {
		Supplier<? extends Map<String, String>> supplier = options.headersSupplier();
		Map<String, String> supplied = (supplier != null) ? supplier.get() : null;
		if (supplied == null || supplied.isEmpty()) {
			return null;
		}
		supplied.forEach(WsHeaders::validate);
		// Copied: the supplier's map may change or be reused before the request is sent.
		return Map.copyOf(supplied);
	}

	/**
	 * Put a {@link FrameHandler} in place of Netty's frame decoder and the extension
	 * decoders, and move the frame encoder in front of it: Netty's handshaker places the
	 * decoder first, so a frame written from the decoder's position would bypass the
	 * encoder. Runs on the event loop right after the handshake response, before any
	 * frame is read.
	 */
	private void takeOverFrameDecoding(Channel connected) {
		this.channel = connected;
		ChannelPipeline pipeline = connected.pipeline();
		if (pipeline.get(FRAME_ENCODER) == null || pipeline.get(FRAME_DECODER) == null) {
			return;
		}
		// Netty added an inflating decoder if the server accepted permessage-deflate; the
		// frame handler inflates by itself. The deflating encoder stays for what we send.
		boolean compression = false;
		for (Map.Entry<String, ChannelHandler> entry : pipeline.toMap().entrySet()) {
			if (entry.getValue() instanceof WebSocketExtensionDecoder) {
				pipeline.remove(entry.getKey());
				compression = true;
			}
		}
		FrameHandler handler = new FrameHandler(this, this.options.maxMessageSize(), compression,
				this.options.pingInterval().toNanos(), this.options.maxMissedPings(),
				this.options.closeTimeout().toNanos());
		this.frameHandler = handler;
		pipeline.replace(FRAME_DECODER, FRAME_HANDLER, handler);
		pipeline.remove(FRAME_ENCODER);
		// A client masks every frame it sends (RFC 6455 section 5.3).
		pipeline.addBefore(FRAME_HANDLER, FRAME_ENCODER, new WebSocket13FrameEncoder(true));
	}

	private void opened(@Nullable String subprotocol) {
		cancelConnectTimeout();
		if (this.recordedStatus != null) {
			// close() or a failure came first: do not report an open connection.
			abandon();
			return;
		}
		this.open = true;
		FrameHandler handler = this.frameHandler;
		if (handler != null) {
			handler.startHeartbeat();
		}
		this.listener.onOpened(this, subprotocol);
	}

	private void capacityFreed() {
		FrameHandler handler = this.frameHandler;
		if (handler != null) {
			handler.capacityFreed();
		}
	}

	private void onInboundError(Throwable failure) {
		end(FailureClassifier.classify(failure));
	}

	private void onInboundComplete() {
		end(this.open
				? WsCloseStatus.of(WsStatusCode.CLOSED_WITHOUT_CLOSE_FRAME, null,
						"the server closed the connection without a close frame")
				: WsCloseStatus.of(WsStatusCode.INVALID_HANDSHAKE, null,
						"the connection closed before the handshake completed"));
	}

	private void connectTimedOut() {
		if (!this.open) {
			recordStatus(WsCloseStatus.of(WsStatusCode.CONNECT_TIMEOUT, null, "no open connection after "
					+ this.options.connectTimeout().toMillis() + " ms (TCP connect, TLS and handshake together)"));
			abandon();
		}
	}

	private void abandon() {
		Disposable current = this.inbound;
		if (current != null) {
			current.dispose();
		}
		Channel connected = this.channel;
		if (connected != null) {
			connected.close();
		}
		end(WsCloseStatus.NORMAL);
	}

	private void cancelConnectTimeout() {
		Disposable timeout = this.connectTimeout;
		if (timeout != null) {
			this.connectTimeout = null;
			timeout.dispose();
		}
	}

	/**
	 * End this connection once; a status recorded earlier wins over the one given here.
	 */
	private void end(WsCloseStatus fallback) {
		if (!ENDED.compareAndSet(this, false, true)) {
			return;
		}
		cancelConnectTimeout();
		RECORDED_STATUS.compareAndSet(this, null, fallback);
		WsCloseStatus status = this.recordedStatus;
		this.open = false;
		this.listener.onEnded(this, (status != null) ? status : fallback);
		this.endedSink.tryEmitValue((status != null) ? status : fallback);
	}

	/** What a connection tells its client. */
	interface Listener {

		void onOpened(Connection connection, @Nullable String subprotocol);

		void onMessage(WsMessage message);

		void onSent(WsMessage message);

		void onHeartbeat(boolean serverResponsive);

		void onPingAnswered(Duration roundTrip);

		void onEnded(Connection connection, WsCloseStatus status);

	}

}
