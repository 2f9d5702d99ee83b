package dev.wsclient.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.netty.handler.ssl.SslContext;
import io.netty.resolver.AddressResolverGroup;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;

/**
 * Immutable settings of a {@link WsClient}. Start from {@link #defaults()} or
 * {@link #builder()}; every setter checks its argument at once and names it in the error.
 *
 * <p>
 * Defaults (the seed module's numbers where it had one):
 * <ul>
 * <li>headers: none; header supplier: none</li>
 * <li>subprotocols: none; messages sent on connect: none</li>
 * <li>connect timeout: 10 s (TCP connect, TLS and handshake together)</li>
 * <li>ping interval: 30 s of inbound silence before a ping; max missed pings: 2</li>
 * <li>close timeout: 5 s</li>
 * <li>max message size: 1 MiB inbound, 1 MiB outbound</li>
 * <li>send buffer limit: 16 MiB written but not yet on the wire</li>
 * <li>receive buffer: 256 messages per subscriber</li>
 * <li>compression (permessage-deflate): off</li>
 * <li>reconnect: {@link ReconnectPolicy#DISABLED}</li>
 * <li>TLS: the JVM trust store with hostname verification</li>
 * <li>proxy: none</li>
 * <li>instrumentations: none</li>
 * <li>scheduler: none (timers run on the connection's event loop)</li>
 * <li>transports: {@link WsTransports#shared()}</li>
 * <li>redaction: {@link WsRedaction#defaults()}</li>
 * </ul>
 *
 * @since 0.1.0
 */
public final class WsClientOptions {

	private static final WsClientOptions DEFAULTS = new Builder().build();

	private final Map<String, List<String>> headers;

	private final @Nullable Supplier<? extends Map<String, String>> headersSupplier;

	private final List<String> subprotocols;

	private final List<WsMessage> onConnectMessages;

	private final Duration connectTimeout;

	private final Duration pingInterval;

	private final int maxMissedPings;

	private final Duration closeTimeout;

	private final int maxMessageSize;

	private final int maxOutboundMessageSize;

	private final long sendBufferLimit;

	private final int receiveBufferSize;

	private final @Nullable WsCompression compression;

	private final ReconnectPolicy reconnect;

	private final @Nullable SslContext sslContext;

	private final @Nullable AddressResolverGroup<?> resolver;

	private final @Nullable WsProxy proxy;

	private final List<WsClientInstrumentation> instrumentations;

	private final @Nullable Scheduler scheduler;

	private final WsTransports transports;

	private final WsRedaction redaction;

	private WsClientOptions(Builder builder) {
		Map<String, List<String>> copy = new LinkedHashMap<>();
		builder.headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
		this.headers = Collections.unmodifiableMap(copy);
		this.headersSupplier = builder.headersSupplier;
		this.subprotocols = List.copyOf(builder.subprotocols);
		this.onConnectMessages = List.copyOf(builder.onConnectMessages);
		this.connectTimeout = builder.connectTimeout;
		this.pingInterval = builder.pingInterval;
		this.maxMissedPings = builder.maxMissedPings;
		this.closeTimeout = builder.closeTimeout;
		this.maxMessageSize = builder.maxMessageSize;
		this.maxOutboundMessageSize = builder.maxOutboundMessageSize;
		this.sendBufferLimit = builder.sendBufferLimit;
		this.receiveBufferSize = builder.receiveBufferSize;
		this.compression = builder.compression;
		this.reconnect = builder.reconnect;
		this.sslContext = builder.sslContext;
		this.resolver = builder.resolver;
		this.proxy = builder.proxy;
		this.instrumentations = List.copyOf(builder.instrumentations);
		this.scheduler = builder.scheduler;
		this.transports = builder.transports;
		this.redaction = builder.redaction;
	}

	/**
	 * Return the default options.
	 * @return the defaults
	 */
	public static WsClientOptions defaults() {
		return DEFAULTS;
	}

	/**
	 * Return a builder starting from the defaults.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return a builder starting from these options.
	 * @return a new builder
	 */
	public Builder mutate() {
		return new Builder(this);
	}

	/**
	 * Return the static headers sent with every handshake.
	 * @return header names to values
	 */
	public Map<String, List<String>> headers() {
		return this.headers;
	}

	/**
	 * Return the supplier of extra headers asked before every connect, if any.
	 * @return the supplier or {@code null}
	 */
	public @Nullable Supplier<? extends Map<String, String>> headersSupplier() {
		return this.headersSupplier;
	}

	/**
	 * Return the subprotocols offered, in order of preference.
	 * @return the subprotocols
	 */
	public List<String> subprotocols() {
		return this.subprotocols;
	}

	/**
	 * Return the messages sent, in order, right after every connection opens (to
	 * subscribe or resubscribe to a feed), before the connected event is published.
	 * @return the messages
	 */
	public List<WsMessage> onConnectMessages() {
		return this.onConnectMessages;
	}

	/**
	 * Return the time allowed for TCP connect, TLS and handshake together.
	 * @return the connect timeout
	 */
	public Duration connectTimeout() {
		return this.connectTimeout;
	}

	/**
	 * Return how long the server may stay silent before the client pings it.
	 * @return the ping interval
	 */
	public Duration pingInterval() {
		return this.pingInterval;
	}

	/**
	 * Return how many pings in a row may go unanswered before the connection is given up.
	 * @return the number of pings
	 */
	public int maxMissedPings() {
		return this.maxMissedPings;
	}

	/**
	 * Return how long {@code close()} waits for the server's close frame.
	 * @return the close timeout
	 */
	public Duration closeTimeout() {
		return this.closeTimeout;
	}

	/**
	 * Return the largest inbound message, in bytes, after reassembly and decompression.
	 * @return the limit
	 */
	public int maxMessageSize() {
		return this.maxMessageSize;
	}

	/**
	 * Return the largest outbound message, in bytes.
	 * @return the limit
	 */
	public int maxOutboundMessageSize() {
		return this.maxOutboundMessageSize;
	}

	/**
	 * Return how many bytes of sent messages may wait to be written before {@code send}
	 * refuses more.
	 * @return the limit in bytes
	 */
	public long sendBufferLimit() {
		return this.sendBufferLimit;
	}

	/**
	 * Return how many messages each subscriber may have waiting before the client stops
	 * reading from the socket.
	 * @return the number of messages
	 */
	public int receiveBufferSize() {
		return this.receiveBufferSize;
	}

	/**
	 * Return whether permessage-deflate is requested.
	 * @return whether compression is requested
	 */
	public boolean compression() {
		return this.compression != null;
	}

	/**
	 * Return what the client offers for permessage-deflate.
	 * @return the offer, or {@code null} when compression is not requested
	 * @since 0.2.0
	 */
	public @Nullable WsCompression compressionOffer() {
		return this.compression;
	}

	/**
	 * Return the reconnect policy.
	 * @return the policy
	 */
	public ReconnectPolicy reconnect() {
		return this.reconnect;
	}

	/**
	 * Return the TLS context for {@code wss} URLs, or {@code null} for the JVM defaults.
	 * @return the context or {@code null}
	 */
	public @Nullable SslContext sslContext() {
		return this.sslContext;
	}

	/**
	 * Return the address resolver, or {@code null} for Reactor Netty's default.
	 * @return the resolver or {@code null}
	 */
	public @Nullable AddressResolverGroup<?> resolver() {
		return this.resolver;
	}

	/**
	 * Return the proxy to connect through, or {@code null} to connect directly.
	 * @return the proxy or {@code null}
	 */
	public @Nullable WsProxy proxy() {
		return this.proxy;
	}

	/**
	 * Return the instrumentations told of everything the client does, in the order they
	 * were added.
	 * @return the instrumentations
	 * @since 0.2.0
	 */
	public List<WsClientInstrumentation> instrumentations() {
		return this.instrumentations;
	}

	/**
	 * Return the scheduler the client's time comes from, or {@code null} for the
	 * connection's event loop and {@link System#nanoTime()}.
	 * @return the scheduler or {@code null}
	 * @since 0.2.0
	 */
	public @Nullable Scheduler scheduler() {
		return this.scheduler;
	}

	/**
	 * Return the transports the client takes its Reactor Netty configuration from.
	 * @return the transports
	 * @since 0.2.0
	 */
	public WsTransports transports() {
		return this.transports;
	}

	/**
	 * Return what the client hides of its URL and headers wherever it shows them (debug
	 * log lines, the connected event, statistics, the instrumentations' URL, close
	 * reasons).
	 * @return the redaction
	 * @since 0.2.0
	 */
	public WsRedaction redaction() {
		return this.redaction;
	}

	/** Builder of {@link WsClientOptions}. */
	public static final class Builder {

		private final Map<String, List<String>> headers = new LinkedHashMap<>();

		private @Nullable Supplier<? extends Map<String, String>> headersSupplier;

		private final List<String> subprotocols = new ArrayList<>();

		private final List<WsMessage> onConnectMessages = new ArrayList<>();

		private Duration connectTimeout = Duration.ofSeconds(10);

		private Duration pingInterval = Duration.ofSeconds(30);

		private int maxMissedPings = 2;

		private Duration closeTimeout = Duration.ofSeconds(5);

		private int maxMessageSize = 1024 * 1024;

		private int maxOutboundMessageSize = 1024 * 1024;

		private long sendBufferLimit = 16L * 1024 * 1024;

		private int receiveBufferSize = 256;

		private @Nullable WsCompression compression;

		private ReconnectPolicy reconnect = ReconnectPolicy.DISABLED;

		private @Nullable SslContext sslContext;

		private @Nullable AddressResolverGroup<?> resolver;

		private @Nullable WsProxy proxy;

		private final List<WsClientInstrumentation> instrumentations = new ArrayList<>();

		private @Nullable Scheduler scheduler;

		private WsTransports transports = WsTransports.shared();

		private WsRedaction redaction = WsRedaction.defaults();

		private Builder() {
		}

		private Builder(WsClientOptions options) {
			options.headers.forEach((name, values) -> this.headers.put(name, new ArrayList<>(values)));
			this.headersSupplier = options.headersSupplier;
			this.subprotocols.addAll(options.subprotocols);
			this.onConnectMessages.addAll(options.onConnectMessages);
			this.connectTimeout = options.connectTimeout;
			this.pingInterval = options.pingInterval;
			this.maxMissedPings = options.maxMissedPings;
			this.closeTimeout = options.closeTimeout;
			this.maxMessageSize = options.maxMessageSize;
			this.maxOutboundMessageSize = options.maxOutboundMessageSize;
			this.sendBufferLimit = options.sendBufferLimit;
			this.receiveBufferSize = options.receiveBufferSize;
			this.compression = options.compression;
			this.reconnect = options.reconnect;
			this.sslContext = options.sslContext;
			this.resolver = options.resolver;
			this.proxy = options.proxy;
			this.instrumentations.addAll(options.instrumentations);
			this.scheduler = options.scheduler;
			this.transports = options.transports;
			this.redaction = options.redaction;
		}

		/**
		 * Add a header to every handshake (the seed's {@code config{headers}}). Adding
		 * the same name again adds another value.
		 * @param name the header name, an HTTP token
		 * @param value the value, without control characters
		 * @return this builder
		 */
		public Builder header(String name, String value) {
			WsHeaders.validate(name, value);
			this.headers.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
			return this;
		}

		/**
		 * Replace all static headers.
		 * @param headers header names to values
		 * @return this builder
		 */
		public Builder headers(Map<String, String> headers) {
			WsArguments.requireNonNull(headers, "headers").forEach(WsHeaders::validate);
			this.headers.clear();
			headers.forEach(this::header);
			return this;
		}

		/**
		 * Set a supplier asked for extra headers before every connect, for credentials
		 * that rotate. Its headers are checked like static ones; a bad one fails that
		 * attempt with {@link WsStatusCode#INVALID_REQUEST_HEADER}.
		 * @param supplier the supplier, or {@code null} for none
		 * @return this builder
		 */
		public Builder headersSupplier(@Nullable Supplier<? extends Map<String, String>> supplier) {
			this.headersSupplier = supplier;
			return this;
		}

		/**
		 * Set the subprotocols to offer, in order of preference.
		 * @param subprotocols the subprotocols
		 * @return this builder
		 */
		public Builder subprotocols(List<String> subprotocols) {
			WsArguments.requireNonNull(subprotocols, "subprotocols").forEach(WsHeaders::validateSubprotocol);
			this.subprotocols.clear();
			this.subprotocols.addAll(subprotocols);
			return this;
		}

		/**
		 * Set the subprotocols to offer, in order of preference.
		 * @param subprotocols the subprotocols
		 * @return this builder
		 */
		public Builder subprotocols(String... subprotocols) {
			return subprotocols(Arrays.asList(WsArguments.requireNonNull(subprotocols, "subprotocols")));
		}

		/**
		 * Set the messages to send, in order, right after every connection opens, for
		 * example the subscriptions of a feed, so that they are renewed after every
		 * reconnection.
		 * @param messages the messages
		 * @return this builder
		 */
		public Builder onConnectMessages(List<WsMessage> messages) {
			WsArguments.requireNonNull(messages, "onConnectMessages");
			for (int i = 0; i < messages.size(); i++) {
				if (messages.get(i) == null) {
					throw new IllegalArgumentException("onConnectMessages[" + i + "] must not be null");
				}
			}
			this.onConnectMessages.clear();
			this.onConnectMessages.addAll(messages);
			return this;
		}

		/**
		 * Set the time allowed for TCP connect, TLS and handshake together.
		 * @param timeout a positive duration
		 * @return this builder
		 */
		public Builder connectTimeout(Duration timeout) {
			this.connectTimeout = WsArguments.requirePositive(timeout, "connectTimeout");
			return this;
		}

		/**
		 * Set how long the server may stay silent before the client pings it.
		 * @param interval a positive duration
		 * @return this builder
		 */
		public Builder pingInterval(Duration interval) {
			this.pingInterval = WsArguments.requirePositive(interval, "pingInterval");
			return this;
		}

		/**
		 * Set how many pings in a row may go unanswered before the connection is closed
		 * with {@link WsStatusCode#HEARTBEAT_TIMEOUT}.
		 * @param pings a positive number
		 * @return this builder
		 */
		public Builder maxMissedPings(int pings) {
			this.maxMissedPings = WsArguments.requirePositive(pings, "maxMissedPings");
			return this;
		}

		/**
		 * Set how long {@code close()} waits for the server's close frame.
		 * @param timeout a positive duration
		 * @return this builder
		 */
		public Builder closeTimeout(Duration timeout) {
			this.closeTimeout = WsArguments.requirePositive(timeout, "closeTimeout");
			return this;
		}

		/**
		 * Set the largest inbound message in bytes.
		 * @param bytes a positive size
		 * @return this builder
		 */
		public Builder maxMessageSize(int bytes) {
			this.maxMessageSize = WsArguments.requirePositive(bytes, "maxMessageSize");
			return this;
		}

		/**
		 * Set the largest outbound message in bytes.
		 * @param bytes a positive size
		 * @return this builder
		 */
		public Builder maxOutboundMessageSize(int bytes) {
			this.maxOutboundMessageSize = WsArguments.requirePositive(bytes, "maxOutboundMessageSize");
			return this;
		}

		/**
		 * Set how many bytes of sent messages may wait to be written.
		 * @param bytes a positive size
		 * @return this builder
		 */
		public Builder sendBufferLimit(long bytes) {
			this.sendBufferLimit = WsArguments.requirePositive(bytes, "sendBufferLimit");
			return this;
		}

		/**
		 * Set how many messages each subscriber may have waiting before the socket read
		 * pauses.
		 * @param messages a positive number
		 * @return this builder
		 */
		public Builder receiveBufferSize(int messages) {
			this.receiveBufferSize = WsArguments.requirePositive(messages, "receiveBufferSize");
			return this;
		}

		/**
		 * Set whether to request permessage-deflate compression.
		 * @param compression whether to request it
		 * @return this builder
		 */
		public Builder compression(boolean compression) {
			this.compression = compression ? WsCompression.DEFAULT : null;
			return this;
		}

		/**
		 * Request permessage-deflate compression with the given offer (window sizes,
		 * context takeover).
		 * @param offer the offer, or {@code null} not to request compression
		 * @return this builder
		 * @since 0.2.0
		 */
		public Builder compression(@Nullable WsCompression offer) {
			this.compression = offer;
			return this;
		}

		/**
		 * Set the reconnect policy.
		 * @param policy the policy
		 * @return this builder
		 */
		public Builder reconnect(ReconnectPolicy policy) {
			this.reconnect = WsArguments.requireNonNull(policy, "reconnect");
			return this;
		}

		/**
		 * Set the TLS context for {@code wss} URLs; it must be a client context. Without
		 * one the JVM trust store is used, with hostname verification.
		 * @param sslContext the context, or {@code null} for the default
		 * @return this builder
		 */
		public Builder sslContext(@Nullable SslContext sslContext) {
			if (sslContext != null && !sslContext.isClient()) {
				throw new IllegalArgumentException("sslContext must be a client context");
			}
			this.sslContext = sslContext;
			return this;
		}

		/**
		 * Set the address resolver (for example a DNS resolver with its own name
		 * servers).
		 * @param resolver the resolver, or {@code null} for Reactor Netty's default
		 * @return this builder
		 */
		public Builder resolver(@Nullable AddressResolverGroup<?> resolver) {
			this.resolver = resolver;
			return this;
		}

		/**
		 * Set a proxy to connect through.
		 * @param proxy the proxy, or {@code null} to connect directly
		 * @return this builder
		 */
		public Builder proxy(@Nullable WsProxy proxy) {
			this.proxy = proxy;
			return this;
		}

		/**
		 * Add an instrumentation told of everything the client does (connection attempts,
		 * messages, pings, closes, reconnections), for metrics and tracing; see
		 * {@link WsClientInstrumentation} for when and on which thread it is called.
		 * @param instrumentation the instrumentation
		 * @return this builder
		 * @since 0.2.0
		 */
		public Builder instrumentation(WsClientInstrumentation instrumentation) {
			this.instrumentations.add(WsArguments.requireNonNull(instrumentation, "instrumentation"));
			return this;
		}

		/**
		 * Set where the client's time comes from: the clock and the timers of the
		 * heartbeat, the connect and close timeouts and the reconnection backoff. By
		 * default each timer runs on the event loop of its connection (no thread of its
		 * own) and the clock is {@link System#nanoTime()}. Tests give a
		 * {@code VirtualTimeScheduler} to run those timers in virtual time, exactly; each
		 * timer still runs on its connection's event loop when virtual time reaches it,
		 * and the thread that advanced the time waits until it has run.
		 * @param scheduler the scheduler, or {@code null} for the default
		 * @return this builder
		 * @since 0.2.0
		 */
		public Builder scheduler(@Nullable Scheduler scheduler) {
			this.scheduler = scheduler;
			return this;
		}

		/**
		 * Set the transports the client shares its Reactor Netty configuration through;
		 * see {@link WsTransports}.
		 * @param transports the transports
		 * @return this builder
		 * @since 0.2.0
		 */
		public Builder transports(WsTransports transports) {
			this.transports = WsArguments.requireNonNull(transports, "transports");
			return this;
		}

		/**
		 * Set what the client hides of its URL and headers wherever it shows them: its
		 * debug log lines, {@link WsEvent.Connected#url()}, {@link WsClientStats#url()},
		 * the URL given to {@link WsClientInstrumentation#connectStarted} and the reasons
		 * of the close statuses of an unusable URL. By default
		 * {@link WsRedaction#defaults()}: user info and parameters named like
		 * credentials.
		 * @param redaction the redaction
		 * @return this builder
		 * @since 0.2.0
		 */
		public Builder redaction(WsRedaction redaction) {
			this.redaction = WsArguments.requireNonNull(redaction, "redaction");
			return this;
		}

		/**
		 * Build the options.
		 * @return the options
		 */
		public WsClientOptions build() {
			return new WsClientOptions(this);
		}

	}

}
