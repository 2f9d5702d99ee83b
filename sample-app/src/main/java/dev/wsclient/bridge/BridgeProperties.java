package dev.wsclient.bridge;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the bridge, under {@code bridge}. The upstream clients themselves are
 * configured under {@code wsclient.clients}. Durations without a unit are seconds, except
 * the demo interval (milliseconds). Invalid values stop the start-up with a message that
 * names the property.
 */
@ConfigurationProperties("bridge")
public class BridgeProperties implements InitializingBean {

	private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	private static final Pattern SHA_256 = Pattern.compile("[0-9a-fA-F]{64}");

	private static final Pattern ORIGIN = Pattern.compile("https?://[^/?#*\\s]+");

	/** Below it a connection cannot hold even one typical message in flight. */
	private static final DataSize MIN_SEND_BUFFER = DataSize.ofKilobytes(4);

	/** Above it a few thousand subscribers could take a node's memory. */
	private static final DataSize MAX_SEND_BUFFER = DataSize.ofMegabytes(16);

	private final Demo demo = new Demo();

	private final Subscriber subscriber = new Subscriber();

	private final Sse sse = new Sse();

	private final WebSocket websocket = new WebSocket();

	private final Send send = new Send();

	private final Http http = new Http();

	private final Security security = new Security();

	public Demo getDemo() {
		return this.demo;
	}

	public Subscriber getSubscriber() {
		return this.subscriber;
	}

	public Sse getSse() {
		return this.sse;
	}

	public WebSocket getWebsocket() {
		return this.websocket;
	}

	public Send getSend() {
		return this.send;
	}

	public Http getHttp() {
		return this.http;
	}

	public Security getSecurity() {
		return this.security;
	}

	@Override
	public void afterPropertiesSet() {
		requirePositive("bridge.demo.interval", this.demo.getInterval());
		requireAtLeast("bridge.subscriber.buffer-size", this.subscriber.getBufferSize(), 1);
		requirePositive("bridge.subscriber.buffer-bytes", this.subscriber.getBufferBytes());
		requirePositive("bridge.subscriber.buffer-max-age", this.subscriber.getBufferMaxAge());
		requireAtLeast("bridge.subscriber.max-subscribers", this.subscriber.getMaxSubscribers(), 1);
		requirePositive("bridge.subscriber.close-timeout", this.subscriber.getCloseTimeout());
		DataSize memoryBudget = this.subscriber.getMemoryBudget();
		if (memoryBudget != null) {
			requirePositive("bridge.subscriber.memory-budget", memoryBudget);
		}
		requireBetween("bridge.subscriber.send-buffer", this.subscriber.getSendBuffer(), MIN_SEND_BUFFER,
				MAX_SEND_BUFFER);
		requirePositive("bridge.sse.heartbeat-interval", this.sse.getHeartbeatInterval());
		requirePositive("bridge.websocket.ping-interval", this.websocket.getPingInterval());
		requirePositive("bridge.websocket.max-frame-size", this.websocket.getMaxFrameSize());
		requirePositive("bridge.send.timeout", this.send.getTimeout());
		requirePositive("bridge.send.max-buffered-bytes", this.send.getMaxBufferedBytes());
		requireAtLeast("bridge.http.max-connections", this.http.getMaxConnections(), 1);
		requirePositive("bridge.http.request-header-timeout", this.http.getRequestHeaderTimeout());
		requirePositive("bridge.http.request-body-timeout", this.http.getRequestBodyTimeout());
		requirePositive("bridge.http.idle-timeout", this.http.getIdleTimeout());
		requirePositive("bridge.security.stream-tickets.time-to-live",
				this.security.getStreamTickets().getTimeToLive());
		requireAtLeast("bridge.security.stream-tickets.max-outstanding",
				this.security.getStreamTickets().getMaxOutstanding(), 1);
		this.security.getAllowedOrigins().forEach(BridgeProperties::requireOrigin);
		this.security.getApiKeys().forEach(BridgeProperties::requireApiKey);
	}

	private static void requireOrigin(String origin) {
		if (origin.equals("*")) {
			throw new IllegalStateException("bridge.security.allowed-origins must not be '*': list the origins "
					+ "whose pages may use the bridge");
		}
		if (!ORIGIN.matcher(origin).matches()) {
			throw new IllegalStateException("bridge.security.allowed-origins must hold origins such as "
					+ "https://status.example.com (scheme, host and port only) but holds '" + origin + "'");
		}
	}

	private static void requireApiKey(String id, ApiKey key) {
		String property = "bridge.security.api-keys." + id;
		if (!KEY_ID.matcher(id).matches()) {
			throw new IllegalStateException(property + ": an API key id must be 1 to 64 letters, digits, '_' or '-'");
		}
		String hash = key.getSha256();
		if (hash == null || !SHA_256.matcher(hash).matches()) {
			throw new IllegalStateException(property + ".sha256 must be the SHA-256 of the key's secret as 64 "
					+ "hexadecimal digits (printf %s \"$SECRET\" | sha256sum)");
		}
		if (key.getGrants().isEmpty()) {
			throw new IllegalStateException(property + ".grants must list at least one grant, such as read:<client>, "
					+ "write:<client>, read:*, write:* or monitor");
		}
	}

	private static void requirePositive(String property, Duration value) {
		if (value.isZero() || value.isNegative()) {
			throw new IllegalStateException(property + " must be positive but was " + value);
		}
	}

	private static void requirePositive(String property, DataSize value) {
		if (value.toBytes() <= 0) {
			throw new IllegalStateException(property + " must be positive but was " + value);
		}
	}

	private static void requireBetween(String property, DataSize value, DataSize minimum, DataSize maximum) {
		if (value.toBytes() < minimum.toBytes() || value.toBytes() > maximum.toBytes()) {
			throw new IllegalStateException(
					property + " must be between " + minimum + " and " + maximum + " but was " + value);
		}
	}

	private static void requireAtLeast(String property, int value, int minimum) {
		if (value < minimum) {
			throw new IllegalStateException(property + " must be at least " + minimum + " but was " + value);
		}
	}

	/**
	 * The embedded demo feed and its client {@code demo}.
	 */
	public static class Demo {

		/**
		 * Whether to serve the embedded demo feed at /demo/feed and configure the client
		 * 'demo' connected to it, readable without credentials, with a generated API key
		 * for writing to it. Turn it off in production.
		 */
		private boolean enabled = true;

		/**
		 * Time between two ticks of the demo feed.
		 */
		@DurationUnit(ChronoUnit.MILLIS)
		private Duration interval = Duration.ofMillis(250);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

	}

	/**
	 * Downstream subscribers of /streams/{client}, over SSE or WebSocket.
	 */
	public static class Subscriber {

		/**
		 * Number of a client's latest messages the bridge keeps for its subscribers. A
		 * subscriber that falls further behind is disconnected (WebSocket close 1008, or
		 * a final SSE 'error' event), so that it never slows the upstream or the other
		 * subscribers.
		 */
		private int bufferSize = 1024;

		/**
		 * Payload bytes of a client's latest messages the bridge keeps for its
		 * subscribers; like buffer-size, whichever is reached first.
		 */
		private DataSize bufferBytes = DataSize.ofMegabytes(8);

		/**
		 * Age of the oldest kept message a subscriber that resumes after an event id (SSE
		 * Last-Event-ID, 'since') is replayed; older ones count in the 'gap' it is told
		 * of. Live subscribers are not affected.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration bufferMaxAge = Duration.ofMinutes(5);

		/**
		 * Subscribers of all clients together; more are refused with 503.
		 */
		private int maxSubscribers = 10_000;

		/**
		 * Time a subscriber the bridge disconnects gets to receive its close before its
		 * connection is dropped.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration closeTimeout = Duration.ofSeconds(5);

		/**
		 * Direct memory the encoded messages waiting for subscribers may take, all
		 * clients together. Past it, subscribers that are not reading are dropped at once
		 * and the oldest kept messages go first. Empty means a quarter of the JVM's
		 * direct memory, between 16 MB and 256 MB.
		 */
		private @Nullable DataSize memoryBudget;

		/**
		 * Socket send buffer (SO_SNDBUF) of each subscriber's connection: what the
		 * operating system holds for a subscriber beyond the bridge's own bound, charged
		 * to the pod's memory, and what a subscriber that stopped reading absorbs before
		 * the bridge sees it. Linux would grow it to megabytes per connection. A
		 * subscriber gets at most about this much per network round trip: raise it for
		 * heavy feeds to distant subscribers.
		 */
		private DataSize sendBuffer = DataSize.ofKilobytes(256);

		public int getBufferSize() {
			return this.bufferSize;
		}

		public void setBufferSize(int bufferSize) {
			this.bufferSize = bufferSize;
		}

		public DataSize getBufferBytes() {
			return this.bufferBytes;
		}

		public void setBufferBytes(DataSize bufferBytes) {
			this.bufferBytes = bufferBytes;
		}

		public Duration getBufferMaxAge() {
			return this.bufferMaxAge;
		}

		public void setBufferMaxAge(Duration bufferMaxAge) {
			this.bufferMaxAge = bufferMaxAge;
		}

		public int getMaxSubscribers() {
			return this.maxSubscribers;
		}

		public void setMaxSubscribers(int maxSubscribers) {
			this.maxSubscribers = maxSubscribers;
		}

		public Duration getCloseTimeout() {
			return this.closeTimeout;
		}

		public void setCloseTimeout(Duration closeTimeout) {
			this.closeTimeout = closeTimeout;
		}

		public @Nullable DataSize getMemoryBudget() {
			return this.memoryBudget;
		}

		public void setMemoryBudget(@Nullable DataSize memoryBudget) {
			this.memoryBudget = memoryBudget;
		}

		public DataSize getSendBuffer() {
			return this.sendBuffer;
		}

		public void setSendBuffer(DataSize sendBuffer) {
			this.sendBuffer = sendBuffer;
		}

	}

	/**
	 * Server-Sent Events streams.
	 */
	public static class Sse {

		/**
		 * Time between two comment lines sent on every SSE stream, which keep idle
		 * streams open through proxies and reveal subscribers that went away.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration heartbeatInterval = Duration.ofSeconds(15);

		public Duration getHeartbeatInterval() {
			return this.heartbeatInterval;
		}

		public void setHeartbeatInterval(Duration heartbeatInterval) {
			this.heartbeatInterval = heartbeatInterval;
		}

	}

	/**
	 * WebSocket streams.
	 */
	public static class WebSocket {

		/**
		 * Time between two pings the bridge sends every WebSocket subscriber. A
		 * subscriber that sent nothing, not even a pong, since the previous ping is
		 * disconnected (close 1001).
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration pingInterval = Duration.ofSeconds(30);

		/**
		 * Largest frame a subscriber may send (it has nothing to say: what it sends is
		 * read and ignored). A larger frame closes the connection with 1009.
		 */
		private DataSize maxFrameSize = DataSize.ofKilobytes(4);

		public Duration getPingInterval() {
			return this.pingInterval;
		}

		public void setPingInterval(Duration pingInterval) {
			this.pingInterval = pingInterval;
		}

		public DataSize getMaxFrameSize() {
			return this.maxFrameSize;
		}

		public void setMaxFrameSize(DataSize maxFrameSize) {
			this.maxFrameSize = maxFrameSize;
		}

	}

	/**
	 * Messages sent upstream with POST /clients/{client}/messages.
	 */
	public static class Send {

		/**
		 * Time to wait for a message to be written to the upstream connection before
		 * answering 504.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration timeout = Duration.ofSeconds(10);

		/**
		 * Bytes of request bodies the bridge holds while they arrive, all requests
		 * together. A request that would take more is refused with 503.
		 */
		private DataSize maxBufferedBytes = DataSize.ofMegabytes(32);

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public DataSize getMaxBufferedBytes() {
			return this.maxBufferedBytes;
		}

		public void setMaxBufferedBytes(DataSize maxBufferedBytes) {
			this.maxBufferedBytes = maxBufferedBytes;
		}

	}

	/**
	 * Limits of the HTTP server, against peers that send slowly or not at all.
	 */
	public static class Http {

		/**
		 * Connections open at once; more are closed as soon as they are accepted.
		 */
		private int maxConnections = 10_000;

		/**
		 * Time a request's headers may take, from their first byte to their end, however
		 * the bytes trickle in. The connection is closed when it runs out.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration requestHeaderTimeout = Duration.ofSeconds(10);

		/**
		 * Time a request's body may take, from the end of its headers to its last byte.
		 * The connection is closed when it runs out.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration requestBodyTimeout = Duration.ofSeconds(30);

		/**
		 * Time a connection may wait for the first byte of its next request, when it
		 * opens and between requests, before it is closed.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration idleTimeout = Duration.ofSeconds(60);

		public int getMaxConnections() {
			return this.maxConnections;
		}

		public void setMaxConnections(int maxConnections) {
			this.maxConnections = maxConnections;
		}

		public Duration getRequestHeaderTimeout() {
			return this.requestHeaderTimeout;
		}

		public void setRequestHeaderTimeout(Duration requestHeaderTimeout) {
			this.requestHeaderTimeout = requestHeaderTimeout;
		}

		public Duration getRequestBodyTimeout() {
			return this.requestBodyTimeout;
		}

		public void setRequestBodyTimeout(Duration requestBodyTimeout) {
			this.requestBodyTimeout = requestBodyTimeout;
		}

		public Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

	}

	/**
	 * Who may read the streams and write upstream. Credentials are JWTs (Spring Boot's
	 * spring.security.oauth2.resourceserver.jwt.* settings) or API keys.
	 */
	public static class Security {

		/**
		 * Origins (scheme://host[:port]) of web pages other than the bridge's own that
		 * may open its streams and send to it. A request from any other origin is refused
		 * with 403.
		 */
		private List<String> allowedOrigins = new ArrayList<>();

		/**
		 * Clients whose streams anyone may read without credentials; '*' for every
		 * client. Writing always needs credentials.
		 */
		private List<String> anonymousRead = new ArrayList<>();

		/**
		 * API keys by key id. A caller presents 'X-API-Key: <id>.<secret>'.
		 */
		private Map<String, ApiKey> apiKeys = new LinkedHashMap<>();

		private final StreamTickets streamTickets = new StreamTickets();

		public List<String> getAllowedOrigins() {
			return this.allowedOrigins;
		}

		public void setAllowedOrigins(List<String> allowedOrigins) {
			this.allowedOrigins = allowedOrigins;
		}

		public List<String> getAnonymousRead() {
			return this.anonymousRead;
		}

		public void setAnonymousRead(List<String> anonymousRead) {
			this.anonymousRead = anonymousRead;
		}

		public Map<String, ApiKey> getApiKeys() {
			return this.apiKeys;
		}

		public void setApiKeys(Map<String, ApiKey> apiKeys) {
			this.apiKeys = apiKeys;
		}

		public StreamTickets getStreamTickets() {
			return this.streamTickets;
		}

	}

	/**
	 * One API key: the hash of its secret and what it may do.
	 */
	public static class ApiKey {

		/**
		 * SHA-256 of the key's secret, as 64 hexadecimal digits. The secret itself is
		 * never configured.
		 */
		private @Nullable String sha256;

		/**
		 * What the key may do: read:<client>, write:<client>, read:*, write:* (every
		 * client), monitor (actuator endpoints and health details).
		 */
		private List<String> grants = new ArrayList<>();

		public @Nullable String getSha256() {
			return this.sha256;
		}

		public void setSha256(@Nullable String sha256) {
			this.sha256 = sha256;
		}

		public List<String> getGrants() {
			return this.grants;
		}

		public void setGrants(List<String> grants) {
			this.grants = grants;
		}

	}

	/**
	 * Single-use tickets that let a browser open a stream: EventSource and WebSocket
	 * cannot send an Authorization or X-API-Key header.
	 */
	public static class StreamTickets {

		/**
		 * Time a ticket stays valid after it is issued.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration timeToLive = Duration.ofSeconds(30);

		/**
		 * Tickets issued and not yet used or expired, all callers together; more are
		 * refused with 503.
		 */
		private int maxOutstanding = 10_000;

		public Duration getTimeToLive() {
			return this.timeToLive;
		}

		public void setTimeToLive(Duration timeToLive) {
			this.timeToLive = timeToLive;
		}

		public int getMaxOutstanding() {
			return this.maxOutstanding;
		}

		public void setMaxOutstanding(int maxOutstanding) {
			this.maxOutstanding = maxOutstanding;
		}

	}

}
