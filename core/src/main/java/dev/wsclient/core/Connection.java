package dev.wsclient.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.URI;
import java.util.Map;
import java.util.function.Supplier;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;

/**
 * One connection attempt, from TCP connect to the end of the connection. It reports two
 * facts to the client's {@link Lifecycle}, {@code opened} and {@code ended} (exactly
 * once, with the first status recorded by whoever saw the end coming: the inbound
 * handler, a timeout, the user; or else one derived from how the inbound stream ended),
 * and never changes the client's state itself.
 *
 * <p>
 * Whether the attempt opens or is abandoned first (by {@code close()} or the connect
 * timeout) is decided once, by a compare-and-set on its phase: an abandoned attempt never
 * reports {@code opened} and never delivers a message.
 */
final class Connection {

	private static final String INBOUND_HANDLER = "wsclient.inbound";

	// The names Netty's WebSocketClientHandshaker gives its frame codec.
	private static final String FRAME_ENCODER = "ws-encoder";

	private static final String FRAME_DECODER = "ws-decoder";

	private static final String DEFLATER = "wsclient.deflater";

	private static final int CONNECTING = 0;

	private static final int OPEN = 1;

	private static final int ABANDONED = 2;

	// Fields updated atomically through VarHandles rather than atomic objects: a
	// connection is the unit of idle memory.
	private static final VarHandle RECORDED_STATUS;

	private static final VarHandle ENDED;

	private static final VarHandle PHASE;

	private static final VarHandle PENDING_BYTES;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			RECORDED_STATUS = lookup.findVarHandle(Connection.class, "recordedStatus", WsCloseStatus.class);
			ENDED = lookup.findVarHandle(Connection.class, "ended", boolean.class);
			PHASE = lookup.findVarHandle(Connection.class, "phase", int.class);
			PENDING_BYTES = lookup.findVarHandle(Connection.class, "pendingBytes", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final URI url;

	private final ClientParts parts;

	private volatile @Nullable WsCloseStatus recordedStatus;

	private volatile boolean ended;

	// CONNECTING, then OPEN or ABANDONED, set once by compare-and-set.
	private volatile int phase;

	// Read and written only through PENDING_BYTES.
	@SuppressWarnings("UnusedVariable")
	private volatile long pendingBytes;

	private volatile @Nullable InboundHandler inboundHandler;

	private volatile @Nullable Channel channel;

	private volatile @Nullable Disposable inbound;

	private volatile @Nullable Disposable connectTimeout;

	Connection(URI url, ClientParts parts) {
		this.url = url;
		this.parts = parts;
	}

	URI url() {
		return this.url;
	}

	/**
	 * Start connecting; the outcome arrives as facts reported to the lifecycle.
	 */
	void start() {
		if (this.ended) {
			return;
		}
		WsClientOptions options = this.parts.options();
		HttpClient client;
		Map<String, String> supplied;
		try {
			supplied = suppliedHeaders(options);
			client = this.parts.transport().httpClient("wss".equalsIgnoreCase(this.url.getScheme()));
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
		this.parts.hub().onCapacityFreed(this::capacityFreed);
		this.connectTimeout = this.parts.timers().schedule(this::connectTimedOut, options.connectTimeout().toNanos());
		// Messages do not travel through this stream: the inbound handler hands them
		// over directly. It carries only the end of the connection.
		Flux<?> inbound = client.websocket(this.parts.transport().websocketSpec()).uri(this.url).handle((in, out) -> {
			String extensions = in.headers().get(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS);
			in.withConnection(
					(connection) -> handshakeDone(connection.channel(), extensions, in.selectedSubprotocol()));
			return in.receiveObject();
		});
		Disposable subscription = Transport.withSuppliedHeaders(inbound, supplied)
			.subscribe(null, this::onInboundError, this::onInboundComplete);
		this.inbound = subscription;
		if (this.phase == ABANDONED) {
			// Abandoned while subscribing, before abandon() could see the subscription.
			subscription.dispose();
		}
	}

	boolean isOpen() {
		return this.phase == OPEN && !this.ended;
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
		WsClientOptions options = this.parts.options();
		int size = message.size();
		if (size > options.maxOutboundMessageSize()) {
			throw new WsSendException(WsSendException.Reason.TOO_LARGE, "cannot send a message of " + size
					+ " bytes: larger than maxOutboundMessageSize (" + options.maxOutboundMessageSize() + ")");
		}
		long pending = (long) PENDING_BYTES.getAndAdd(this, (long) size) + size;
		if (pending > options.sendBufferLimit()) {
			PENDING_BYTES.getAndAdd(this, (long) -size);
			throw new WsSendException(WsSendException.Reason.BUFFER_FULL,
					"cannot send: " + (pending - size) + " bytes are still waiting to be written, and "
							+ "sendBufferLimit is " + options.sendBufferLimit()
							+ "; the server is not reading fast enough");
		}
		WebSocketFrame frame = message.isText() ? new TextWebSocketFrame(Unpooled.wrappedBuffer(message.payload()))
				: new BinaryWebSocketFrame(Unpooled.wrappedBuffer(message.payload()));
		ChannelFuture write = current.writeAndFlush(frame);
		Sinks.Empty<Void> written = Sinks.empty();
		write.addListener((future) -> {
			PENDING_BYTES.getAndAdd(this, (long) -size);
			if (future.isSuccess()) {
				this.parts.events().sent(message);
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
		recordStatus(new WsCloseStatus(WsStatusCode.NORMAL, code, reason, null, null));
		if (PHASE.compareAndSet(this, CONNECTING, ABANDONED)) {
			abandon();
			return;
		}
		Channel current = this.channel;
		InboundHandler handler = this.inboundHandler;
		if (this.phase == OPEN && current != null && handler != null) {
			current.eventLoop().execute(() -> handler.startClose(code, reason));
		}
	}

	/**
	 * Record why the connection is ending; the first status recorded wins.
	 * @param status the status
	 */
	void recordStatus(WsCloseStatus status) {
		RECORDED_STATUS.compareAndSet(this, null, status);
	}

	private static Map<String, String> suppliedHeaders(WsClientOptions options) {
		Supplier<? extends Map<String, String>> supplier = options.headersSupplier();
		Map<String, String> supplied = (supplier != null) ? supplier.get() : null;
		if (supplied == null || supplied.isEmpty()) {
			return Map.of();
		}
		supplied.forEach(WsHeaders::validate);
		// Copied: the supplier's map may change or be reused before the request is sent.
		return Map.copyOf(supplied);
	}

	/**
	 * Check the negotiated extensions, then put an {@link InboundHandler} in place of
	 * Netty's frame decoder and move the frame encoder in front of it: Netty's handshaker
	 * places the decoder first, so a frame written from the decoder's position would
	 * bypass the encoder. With permessage-deflate, its encoder goes between the two. Runs
	 * on the event loop right after the handshake response, before any frame is read.
	 */
	private void handshakeDone(Channel connected, @Nullable String extensions, @Nullable String subprotocol) {
		this.channel = connected;
		DeflateNegotiation.Negotiated compression;
		WsCompression offer = this.parts.transport().compression();
		try {
			compression = (offer != null) ? DeflateNegotiation.accept(offer, extensions)
					: DeflateNegotiation.acceptNone(extensions);
		}
		catch (DeflateNegotiation.Rejected ex) {
			// _Fail the WebSocket Connection_ (RFC 6455 4.1): no frame, TCP closed. Ended
			// here rather than when the inbound stream completes, which it need not do
			// for a channel closed from within the handshake's callback.
			recordStatus(ex.status());
			if (PHASE.compareAndSet(this, CONNECTING, ABANDONED)) {
				abandon();
			}
			return;
		}
		ChannelPipeline pipeline = connected.pipeline();
		if (pipeline.get(FRAME_ENCODER) != null && pipeline.get(FRAME_DECODER) != null) {
			takeOverFrames(pipeline, compression);
		}
		opened(subprotocol);
	}

	private void takeOverFrames(ChannelPipeline pipeline, DeflateNegotiation.@Nullable Negotiated compression) {
		InboundHandler handler = new InboundHandler(this, this.parts, compression != null);
		this.inboundHandler = handler;
		pipeline.replace(FRAME_DECODER, INBOUND_HANDLER, handler);
		pipeline.remove(FRAME_ENCODER);
		// A client masks every frame it sends (RFC 6455 section 5.3).
		pipeline.addBefore(INBOUND_HANDLER, FRAME_ENCODER, new WebSocket13FrameEncoder(true));
		ChannelHandler deflater = (compression != null) ? compression.deflater() : null;
		if (deflater != null) {
			pipeline.addBefore(INBOUND_HANDLER, DEFLATER, deflater);
		}
	}

	private void opened(@Nullable String subprotocol) {
		cancelConnectTimeout();
		if (!PHASE.compareAndSet(this, CONNECTING, OPEN)) {
			// close() or the connect timeout came first: nothing of this connection is
			// delivered.
			InboundHandler handler = this.inboundHandler;
			if (handler != null) {
				handler.discard();
			}
			abandon();
			return;
		}
		InboundHandler handler = this.inboundHandler;
		if (handler != null) {
			handler.startHeartbeat();
		}
		this.parts.lifecycle().opened(this, subprotocol);
	}

	private void capacityFreed() {
		InboundHandler handler = this.inboundHandler;
		if (handler != null) {
			handler.capacityFreed();
		}
	}

	private void onInboundError(Throwable failure) {
		end(FailureClassifier.classify(failure));
	}

	private void onInboundComplete() {
		end((this.phase == OPEN)
				? WsCloseStatus.of(WsStatusCode.CLOSED_WITHOUT_CLOSE_FRAME, null,
						"the server closed the connection without a close frame")
				: WsCloseStatus.of(WsStatusCode.INVALID_HANDSHAKE, null,
						"the connection closed before the handshake completed"));
	}

	private void connectTimedOut() {
		if (PHASE.compareAndSet(this, CONNECTING, ABANDONED)) {
			recordStatus(WsCloseStatus.of(WsStatusCode.CONNECT_TIMEOUT, null,
					"no open connection after " + this.parts.options().connectTimeout().toMillis()
							+ " ms (TCP connect, TLS and handshake together)"));
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
		this.parts.lifecycle().ended(this, (status != null) ? status : fallback);
	}

}
