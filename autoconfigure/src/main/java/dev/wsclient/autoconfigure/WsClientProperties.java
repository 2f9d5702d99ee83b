package dev.wsclient.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.wsclient.core.WsProxy;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DataSizeUnit;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;
import org.springframework.util.unit.DataUnit;

/**
 * Configuration properties of the WebSocket clients: {@code wsclient.defaults.*} apply to
 * every client, {@code wsclient.clients.<name>.*} configure one client and override the
 * defaults key by key.
 *
 * <p>
 * These properties are not bound as a bean of their own: each client's settings are the
 * defaults with the client's own keys bound on top, which plain
 * {@code @ConfigurationProperties} binding cannot express. The class describes the keys
 * and their defaults, and is what the configuration metadata is generated from.
 */
@ConfigurationProperties("wsclient")
public class WsClientProperties {

	/**
	 * Settings that apply to every client unless the client sets its own.
	 */
	private final ClientSettings defaults = new ClientSettings();

	/**
	 * Clients by name. Each name becomes the bean name of its client and the value of the
	 * "client" metrics tag. Each client takes its url and any key of wsclient.defaults,
	 * such as ping-interval or reconnect.max-delay, which overrides the default for that
	 * client.
	 */
	private final Map<String, Client> clients = new LinkedHashMap<>();

	public ClientSettings getDefaults() {
		return this.defaults;
	}

	public Map<String, Client> getClients() {
		return this.clients;
	}

	/**
	 * Settings of a client, configurable in {@code wsclient.defaults} for all clients and
	 * per client.
	 */
	public static class ClientSettings {

		/**
		 * Headers sent with every handshake, by name. Values of headers named like
		 * credentials are never shown.
		 */
		private Map<String, String> headers = new LinkedHashMap<>();

		/**
		 * Subprotocols to offer, in order of preference.
		 */
		private List<String> subprotocols = new ArrayList<>();

		/**
		 * Text messages sent, in order, right after every connection opens, for example
		 * to subscribe again to a feed after a reconnection.
		 */
		private List<String> onConnectMessages = new ArrayList<>();

		/**
		 * Time allowed for TCP connect, TLS and the WebSocket handshake together.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration connectTimeout = Duration.ofSeconds(10);

		/**
		 * Inbound silence after which the client pings the server.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration pingInterval = Duration.ofSeconds(30);

		/**
		 * Number of pings in a row that may go unanswered before the connection is given
		 * up with status -19.
		 */
		private int maxMissedPings = 2;

		/**
		 * Time to wait for the server's close frame when closing, including at shutdown.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration closeTimeout = Duration.ofSeconds(5);

		/**
		 * Largest inbound message, after reassembly and decompression.
		 */
		@DataSizeUnit(DataUnit.BYTES)
		private DataSize maxMessageSize = DataSize.ofMegabytes(1);

		/**
		 * Largest outbound message.
		 */
		@DataSizeUnit(DataUnit.BYTES)
		private DataSize maxOutboundMessageSize = DataSize.ofMegabytes(1);

		/**
		 * Bytes of sent messages that may wait to be written before sending is refused.
		 */
		@DataSizeUnit(DataUnit.BYTES)
		private DataSize sendBufferLimit = DataSize.ofMegabytes(16);

		/**
		 * Number of messages each subscriber may have waiting before the client stops
		 * reading from the socket.
		 */
		private int receiveBufferSize = 256;

		/**
		 * Whether to request permessage-deflate compression.
		 */
		private boolean compression;

		/**
		 * Whether the application needs this client. A client that is not required never
		 * makes the overall health DOWN.
		 */
		private boolean required = true;

		/**
		 * Whether to connect once the application context has started.
		 */
		private boolean autoConnect = true;

		/**
		 * Whether to publish every received message as a Spring application event. Turn
		 * it off for high-rate feeds that are consumed as a Flux.
		 */
		private boolean publishMessageEvents = true;

		private final Reconnect reconnect = new Reconnect();

		private final Ssl ssl = new Ssl();

		private final Deflate deflate = new Deflate();

		private final Proxy proxy = new Proxy();

		public Map<String, String> getHeaders() {
			return this.headers;
		}

		public void setHeaders(Map<String, String> headers) {
			this.headers = headers;
		}

		public List<String> getSubprotocols() {
			return this.subprotocols;
		}

		public void setSubprotocols(List<String> subprotocols) {
			this.subprotocols = subprotocols;
		}

		public List<String> getOnConnectMessages() {
			return this.onConnectMessages;
		}

		public void setOnConnectMessages(List<String> onConnectMessages) {
			this.onConnectMessages = onConnectMessages;
		}

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public Duration getPingInterval() {
			return this.pingInterval;
		}

		public void setPingInterval(Duration pingInterval) {
			this.pingInterval = pingInterval;
		}

		public int getMaxMissedPings() {
			return this.maxMissedPings;
		}

		public void setMaxMissedPings(int maxMissedPings) {
			this.maxMissedPings = maxMissedPings;
		}

		public Duration getCloseTimeout() {
			return this.closeTimeout;
		}

		public void setCloseTimeout(Duration closeTimeout) {
			this.closeTimeout = closeTimeout;
		}

		public DataSize getMaxMessageSize() {
			return this.maxMessageSize;
		}

		public void setMaxMessageSize(DataSize maxMessageSize) {
			this.maxMessageSize = maxMessageSize;
		}

		public DataSize getMaxOutboundMessageSize() {
			return this.maxOutboundMessageSize;
		}

		public void setMaxOutboundMessageSize(DataSize maxOutboundMessageSize) {
			this.maxOutboundMessageSize = maxOutboundMessageSize;
		}

		public DataSize getSendBufferLimit() {
			return this.sendBufferLimit;
		}

		public void setSendBufferLimit(DataSize sendBufferLimit) {
			this.sendBufferLimit = sendBufferLimit;
		}

		public int getReceiveBufferSize() {
			return this.receiveBufferSize;
		}

		public void setReceiveBufferSize(int receiveBufferSize) {
			this.receiveBufferSize = receiveBufferSize;
		}

		public boolean isCompression() {
			return this.compression;
		}

		public void setCompression(boolean compression) {
			this.compression = compression;
		}

		public boolean isRequired() {
			return this.required;
		}

		public void setRequired(boolean required) {
			this.required = required;
		}

		public boolean isAutoConnect() {
			return this.autoConnect;
		}

		public void setAutoConnect(boolean autoConnect) {
			this.autoConnect = autoConnect;
		}

		public boolean isPublishMessageEvents() {
			return this.publishMessageEvents;
		}

		public void setPublishMessageEvents(boolean publishMessageEvents) {
			this.publishMessageEvents = publishMessageEvents;
		}

		public Deflate getDeflate() {
			return this.deflate;
		}

		public Reconnect getReconnect() {
			return this.reconnect;
		}

		public Ssl getSsl() {
			return this.ssl;
		}

		public Proxy getProxy() {
			return this.proxy;
		}

	}

	/**
	 * One client: its URL and its own settings.
	 */
	public static class Client extends ClientSettings {

		/**
		 * URL to connect to, with the scheme ws or wss. User info and query parameters
		 * named like credentials are redacted wherever the URL is shown.
		 */
		private @Nullable URI url;

		public @Nullable URI getUrl() {
			return this.url;
		}

		public void setUrl(@Nullable URI url) {
			this.url = url;
		}

	}

	/**
	 * Reconnection after a lost connection: exponential backoff from the initial delay,
	 * doubling up to the maximum delay, each delay spread randomly by the jitter.
	 */
	public static class Reconnect {

		/**
		 * Whether to reconnect after a connection is lost.
		 */
		private boolean enabled = true;

		/**
		 * Delay before the first reconnection attempt.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration initialDelay = Duration.ofSeconds(1);

		/**
		 * Longest delay between two reconnection attempts.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration maxDelay = Duration.ofSeconds(30);

		/**
		 * Random spread of each delay, as a fraction of it, from 0 to 1.
		 */
		private double jitter = 0.5;

		/**
		 * Maximum number of reconnection attempts in a row before giving up. Unlimited
		 * when not set.
		 */
		private @Nullable Long maxRetries;

		/**
		 * Time a connection must stay open to count as stable, so that the next loss
		 * starts again from the initial delay.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration resetAfter = Duration.ofSeconds(10);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getInitialDelay() {
			return this.initialDelay;
		}

		public void setInitialDelay(Duration initialDelay) {
			this.initialDelay = initialDelay;
		}

		public Duration getMaxDelay() {
			return this.maxDelay;
		}

		public void setMaxDelay(Duration maxDelay) {
			this.maxDelay = maxDelay;
		}

		public double getJitter() {
			return this.jitter;
		}

		public void setJitter(double jitter) {
			this.jitter = jitter;
		}

		public @Nullable Long getMaxRetries() {
			return this.maxRetries;
		}

		public void setMaxRetries(@Nullable Long maxRetries) {
			this.maxRetries = maxRetries;
		}

		public Duration getResetAfter() {
			return this.resetAfter;
		}

		public void setResetAfter(Duration resetAfter) {
			this.resetAfter = resetAfter;
		}

	}

	/**
	 * What the client offers for permessage-deflate (RFC 7692) when compression is on.
	 */
	public static class Deflate {

		/**
		 * Whether the client compresses each message on its own, keeping no compression
		 * context between messages (less memory, less compression).
		 */
		private boolean clientNoContextTakeover;

		/**
		 * Whether to ask the server to compress each message on its own. A server that
		 * does not agree fails the handshake.
		 */
		private boolean serverNoContextTakeover;

		/**
		 * Largest LZ77 window, in bits from 8 to 15, the client compresses with; the
		 * server may ask for a smaller one.
		 */
		private int clientMaxWindowBits = 15;

		/**
		 * Largest LZ77 window, in bits from 8 to 15, the server may compress with; 15
		 * asks for no limit.
		 */
		private int serverMaxWindowBits = 15;

		public boolean isClientNoContextTakeover() {
			return this.clientNoContextTakeover;
		}

		public void setClientNoContextTakeover(boolean clientNoContextTakeover) {
			this.clientNoContextTakeover = clientNoContextTakeover;
		}

		public boolean isServerNoContextTakeover() {
			return this.serverNoContextTakeover;
		}

		public void setServerNoContextTakeover(boolean serverNoContextTakeover) {
			this.serverNoContextTakeover = serverNoContextTakeover;
		}

		public int getClientMaxWindowBits() {
			return this.clientMaxWindowBits;
		}

		public void setClientMaxWindowBits(int clientMaxWindowBits) {
			this.clientMaxWindowBits = clientMaxWindowBits;
		}

		public int getServerMaxWindowBits() {
			return this.serverMaxWindowBits;
		}

		public void setServerMaxWindowBits(int serverMaxWindowBits) {
			this.serverMaxWindowBits = serverMaxWindowBits;
		}

	}

	/**
	 * TLS for wss URLs.
	 */
	public static class Ssl {

		/**
		 * Name of the SSL bundle (spring.ssl.bundle.*) holding the trust material and,
		 * for mutual TLS, the client key. The JVM trust store is used when not set.
		 */
		private @Nullable String bundle;

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

	}

	/**
	 * A proxy to connect through. The client connects directly when no host is set.
	 */
	public static class Proxy {

		/**
		 * Kind of proxy: http (tunnelling with CONNECT), socks4 or socks5.
		 */
		private WsProxy.Type type = WsProxy.Type.HTTP;

		/**
		 * Host name or address of the proxy. The client connects directly when not set.
		 */
		private @Nullable String host;

		/**
		 * Port of the proxy. Required when the host is set.
		 */
		private @Nullable Integer port;

		/**
		 * User name for proxy authentication. No authentication when not set.
		 */
		private @Nullable String username;

		/**
		 * Password for proxy authentication, with the username. It is never shown.
		 */
		private @Nullable String password;

		/**
		 * Regular expression of the hosts to reach directly, not through the proxy.
		 */
		private @Nullable String nonProxyHosts;

		public WsProxy.Type getType() {
			return this.type;
		}

		public void setType(WsProxy.Type type) {
			this.type = type;
		}

		public @Nullable String getHost() {
			return this.host;
		}

		public void setHost(@Nullable String host) {
			this.host = host;
		}

		public @Nullable Integer getPort() {
			return this.port;
		}

		public void setPort(@Nullable Integer port) {
			this.port = port;
		}

		public @Nullable String getUsername() {
			return this.username;
		}

		public void setUsername(@Nullable String username) {
			this.username = username;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

		public @Nullable String getNonProxyHosts() {
			return this.nonProxyHosts;
		}

		public void setNonProxyHosts(@Nullable String nonProxyHosts) {
			this.nonProxyHosts = nonProxyHosts;
		}

	}

}
