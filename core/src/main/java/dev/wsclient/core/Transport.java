package dev.wsclient.core;

import java.util.List;
import java.util.Map;

import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.ssl.SslContext;
import io.netty.resolver.AddressResolverGroup;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.client.HttpClient;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.util.context.Context;

/**
 * The Reactor Netty configuration connections share, built from a client's options once
 * rather than per connection, so that an idle connection holds nothing but its own state.
 * Headers from the options' supplier differ per connection: they reach the request
 * through the subscriber context of the connection ({@link #withSuppliedHeaders}). A
 * transport keeps only the settings it is built from, never the options themselves: a
 * shared one outlives the client that created it.
 */
final class Transport {

	// The key of a connection's supplied headers in its subscriber context.
	private static final Object SUPPLIED_HEADERS = new Object();

	private final Map<String, List<String>> headers;

	private final boolean headersSupplied;

	private final @Nullable WsProxy proxy;

	private final @Nullable AddressResolverGroup<?> resolver;

	private final @Nullable SslContext sslContext;

	private final @Nullable WsCompression compression;

	private final WebsocketClientSpec websocketSpec;

	private volatile @Nullable HttpClient plain;

	private volatile @Nullable HttpClient secure;

	private Transport(WsClientOptions options) {
		this.headers = options.headers();
		this.headersSupplied = options.headersSupplier() != null;
		this.proxy = options.proxy();
		this.resolver = options.resolver();
		this.sslContext = options.sslContext();
		this.compression = options.compressionOffer();
		this.websocketSpec = websocketSpec(options);
	}

	/**
	 * Return a transport for a client with these options.
	 * @param options the client's options
	 * @param shared the transports already built, by the settings they were built from
	 * @return the transport, shared with other clients when their settings allow
	 */
	static Transport forOptions(WsClientOptions options, Map<Object, Transport> shared) {
		if (options.proxy() != null || options.resolver() != null || options.sslContext() != null
				|| !options.headers().isEmpty()) {
			return new Transport(options);
		}
		return shared.computeIfAbsent(new SharedSettings(options.headersSupplier() != null, options.maxMessageSize(),
				options.compressionOffer(), options.subprotocols()), (settings) -> new Transport(options));
	}

	/**
	 * Add headers to the handshake request of one connection, through its subscriber
	 * context: the shared configuration reads them there.
	 * @param inbound the connection's stream
	 * @param headers the headers, maybe none
	 * @param <T> the type of the stream's elements
	 * @return the stream that sends them
	 */
	static <T> Flux<T> withSuppliedHeaders(Flux<T> inbound, Map<String, String> headers) {
		return headers.isEmpty() ? inbound : inbound.contextWrite(Context.of(SUPPLIED_HEADERS, headers));
	}

	/**
	 * Return what the client offers for permessage-deflate.
	 * @return the offer, or {@code null} when compression is not requested
	 */
	@Nullable WsCompression compression() {
		return this.compression;
	}

	WebsocketClientSpec websocketSpec() {
		return this.websocketSpec;
	}

	/**
	 * Return the HTTP client for {@code ws} or {@code wss} URLs.
	 * @param tls whether the URL is {@code wss}
	 * @return the client
	 * @throws IllegalArgumentException when a configured header is not valid
	 */
	HttpClient httpClient(boolean tls) {
		HttpClient client = tls ? this.secure : this.plain;
		if (client == null) {
			// Built at most a few times when connections race; any of them will do.
			client = build(tls);
			if (tls) {
				this.secure = client;
			}
			else {
				this.plain = client;
			}
		}
		return client;
	}

	@SuppressWarnings("deprecation")
	private HttpClient build(boolean tls) {
		// Only what the options ask for is configured: Reactor Netty copies the
		// configuration into every connection, so each addition costs per connection.
		// The connect timeout is the Connection's own, which covers TCP, TLS and the
		// handshake together.
		// Reads grow up to 256 KiB (Netty's default stops at 64 KiB): fewer reads and
		// fewer frames split across reads for large messages, measured +7 % at 64 KiB. A
		// read buffer lives only until its bytes are copied into messages. Netty 4.2
		// deprecates the option without a replacement for these transports.
		HttpClient client = HttpClient.newConnection()
			.option(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(64, 2048, 256 * 1024))
			.doOnConnected((connection) -> HandshakeStatusCheck.install(connection.channel()));
		WsCompression offer = this.compression;
		if (!this.headers.isEmpty() || offer != null) {
			HttpHeaders fixed = DefaultHttpHeadersFactory.headersFactory().newHeaders();
			this.headers.forEach((name, values) -> values.forEach((value) -> fixed.add(name, value)));
			if (offer != null) {
				fixed.set(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS, DeflateNegotiation.offer(offer));
			}
			client = client.headers((request) -> request.add(fixed));
		}
		if (this.headersSupplied) {
			client = client.doOnRequest((request, connection) -> request.currentContextView()
				.<Map<String, String>>getOrEmpty(SUPPLIED_HEADERS)
				.ifPresent((headers) -> headers.forEach(request.requestHeaders()::set)));
		}
		WsProxy configuredProxy = this.proxy;
		if (configuredProxy != null) {
			client = client.proxy((spec) -> ProxySettings.apply(configuredProxy, spec));
		}
		if (this.resolver != null) {
			client = client.resolver(this.resolver);
		}
		if (tls) {
			SslContext context = this.sslContext;
			client = (context != null) ? client.secure((spec) -> spec.sslContext(context)) : client.secure();
		}
		return client;
	}

	/**
	 * What a transport is built from when it is shared. Clients without a proxy,
	 * resolver, TLS context or fixed headers differ only in these few values, so they
	 * share a transport per combination; a client with any of those has its own, since
	 * they may differ per client without end.
	 */
	private record SharedSettings(boolean headersSupplied, int maxMessageSize, @Nullable WsCompression compression,
			List<String> subprotocols) {
	}

	private static WebsocketClientSpec websocketSpec(WsClientOptions options) {
		List<String> subprotocols = options.subprotocols();
		WebsocketClientSpec.Builder spec = WebsocketClientSpec.builder()
			.maxFramePayloadLength(options.maxMessageSize())
			// Netty's decoders are replaced by the InboundHandler; this keeps Reactor
			// Netty from answering pings itself. Compression is negotiated by the client
			// (DeflateNegotiation), not by Netty's extension handshaker.
			.handlePing(true)
			.compress(false);
		if (!subprotocols.isEmpty()) {
			spec.protocols(String.join(",", subprotocols));
		}
		return spec.build();
	}

}
