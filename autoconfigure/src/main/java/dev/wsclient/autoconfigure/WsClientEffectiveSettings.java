package dev.wsclient.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * The effective settings of each configured client, as the {@code wsclients} endpoint
 * shows them: {@code wsclient.defaults} with the client's own keys on top, as the client
 * was made from them, keyed as in the configuration ({@code ping-interval},
 * {@code reconnect.max-delay}), with durations and sizes written as they would be
 * configured ({@code 30s}, {@code 1MB}).
 *
 * <p>
 * Secrets are hidden with the starter's {@link WsClientRedaction}: the URL's, the values
 * of sensitive headers and the proxy password; on-connect messages, which often carry
 * credentials, are shown as {@value WsClientRedaction#HIDDEN}, one per message. Headers
 * that a {@link WsClientHeadersProvider} adds and changes that a
 * {@link WsClientCustomizer} makes are not configuration and are not shown.
 *
 * @since 0.2.0
 */
public final class WsClientEffectiveSettings {

	private final ClientDefinitions definitions;

	private final WsClientRedaction redaction;

	WsClientEffectiveSettings(ClientDefinitions definitions, WsClientRedaction redaction) {
		this.definitions = definitions;
		this.redaction = redaction;
	}

	/**
	 * Return the effective settings of a client, secrets hidden.
	 * @param name the client's name
	 * @return the settings by key, nested groups as maps, or {@code null} when no client
	 * of that name is configured
	 */
	public @Nullable Map<String, Object> describe(String name) {
		ClientDefinition definition = this.definitions.get(name);
		if (definition == null) {
			return null;
		}
		WsClientProperties.Client client = definition.settings();
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("url", this.redaction.url(definition.url()));
		Map<String, String> headers = new LinkedHashMap<>();
		client.getHeaders().forEach((header, value) -> headers.put(header, this.redaction.headerValue(header, value)));
		settings.put("headers", headers);
		settings.put("subprotocols", List.copyOf(client.getSubprotocols()));
		settings.put("on-connect-messages",
				client.getOnConnectMessages().stream().map((message) -> WsClientRedaction.HIDDEN).toList());
		settings.put("connect-timeout", print(client.getConnectTimeout()));
		settings.put("ping-interval", print(client.getPingInterval()));
		settings.put("max-missed-pings", client.getMaxMissedPings());
		settings.put("close-timeout", print(client.getCloseTimeout()));
		settings.put("max-message-size", print(client.getMaxMessageSize()));
		settings.put("max-outbound-message-size", print(client.getMaxOutboundMessageSize()));
		settings.put("send-buffer-limit", print(client.getSendBufferLimit()));
		settings.put("receive-buffer-size", client.getReceiveBufferSize());
		settings.put("compression", client.isCompression());
		settings.put("required", client.isRequired());
		settings.put("auto-connect", client.isAutoConnect());
		settings.put("publish-message-events", client.isPublishMessageEvents());
		settings.put("reconnect", reconnect(client.getReconnect()));
		settings.put("ssl", ssl(client.getSsl()));
		settings.put("deflate", deflate(client.getDeflate()));
		settings.put("proxy", proxy(client.getProxy()));
		return settings;
	}

	private static Map<String, Object> reconnect(WsClientProperties.Reconnect reconnect) {
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("enabled", reconnect.isEnabled());
		settings.put("initial-delay", print(reconnect.getInitialDelay()));
		settings.put("max-delay", print(reconnect.getMaxDelay()));
		settings.put("jitter", reconnect.getJitter());
		settings.put("max-retries", reconnect.getMaxRetries());
		settings.put("reset-after", print(reconnect.getResetAfter()));
		return settings;
	}

	private static Map<String, Object> ssl(WsClientProperties.Ssl ssl) {
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("bundle", ssl.getBundle());
		return settings;
	}

	private static Map<String, Object> deflate(WsClientProperties.Deflate deflate) {
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("client-no-context-takeover", deflate.isClientNoContextTakeover());
		settings.put("server-no-context-takeover", deflate.isServerNoContextTakeover());
		settings.put("client-max-window-bits", deflate.getClientMaxWindowBits());
		settings.put("server-max-window-bits", deflate.getServerMaxWindowBits());
		return settings;
	}

	private static Map<String, Object> proxy(WsClientProperties.Proxy proxy) {
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("type", proxy.getType().name().toLowerCase(Locale.ROOT));
		settings.put("host", proxy.getHost());
		settings.put("port", proxy.getPort());
		settings.put("username", proxy.getUsername());
		settings.put("password", (proxy.getPassword() != null) ? WsClientRedaction.HIDDEN : null);
		settings.put("non-proxy-hosts", proxy.getNonProxyHosts());
		return settings;
	}

	private static String print(Duration duration) {
		return ClientDefinition.print(duration);
	}

	private static String print(DataSize size) {
		long bytes = size.toBytes();
		for (String unit : List.of("TB", "GB", "MB", "KB")) {
			long unitBytes = DataSize.parse("1" + unit).toBytes();
			if (bytes != 0 && bytes % unitBytes == 0) {
				return (bytes / unitBytes) + unit;
			}
		}
		return bytes + "B";
	}

}
