package dev.wsclient.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsClientOptions;
import dev.wsclient.core.WsCloseStatus;
import dev.wsclient.core.WsCompression;
import dev.wsclient.core.WsProxy;
import dev.wsclient.core.WsRedaction;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;

/**
 * One entry of {@code wsclient.clients}: its settings, which are the defaults with the
 * client's own keys bound on top, checked once at start-up. It remembers which keys the
 * client set itself, so that an error names the property the user actually wrote:
 * {@code wsclient.clients.<name>.<key>} or {@code wsclient.defaults.<key>}.
 */
final class ClientDefinition {

	static final String DEFAULTS_PREFIX = "wsclient.defaults";

	static final String CLIENTS_PREFIX = "wsclient.clients";

	private static final Pattern SIMPLE_KEY = Pattern.compile("[A-Za-z0-9-]+");

	private final String name;

	private final String prefix;

	private final WsClientProperties.Client settings;

	private final Set<ConfigurationPropertyName> ownProperties;

	private final Set<String> ownHeaders;

	private final WsRedaction redaction;

	private final URI url;

	private final @Nullable WsProxy proxy;

	private ClientDefinition(String name, WsClientProperties.Client settings,
			Set<ConfigurationPropertyName> ownProperties, Set<String> ownHeaders, WsRedaction redaction) {
		this.name = name;
		this.prefix = CLIENTS_PREFIX + "." + name;
		this.settings = settings;
		this.ownProperties = ownProperties;
		this.ownHeaders = ownHeaders;
		this.redaction = redaction;
		this.url = validate();
		this.proxy = validateProxy(settings.getProxy());
	}

	/**
	 * Bind and check the client with the given name.
	 * @param binder the binder of the environment
	 * @param name the client's key in {@code wsclient.clients}
	 * @param redaction what to hide of the URL in an error
	 * @return the definition
	 * @throws InvalidWsClientPropertyException naming the first invalid property
	 */
	static ClientDefinition bind(Binder binder, String name, WsRedaction redaction) {
		WsClientProperties.Client settings = bindDefaults(binder);
		Set<ConfigurationPropertyName> ownProperties = new HashSet<>();
		Set<String> clientKeys = new TreeSet<>(StrictBinding.clientSettingKeys());
		clientKeys.add("url");
		ConfigurationPropertyName prefix = ConfigurationPropertyName.adapt(CLIENTS_PREFIX + "." + name, '.');
		StrictBinding.bind(binder, prefix, Bindable.ofInstance(settings), recording(ownProperties), clientKeys);
		// Bound on their own to tell which headers the client sets itself: a header name
		// may be any token, which property names cannot always express.
		Set<String> ownHeaders = binder.bind(prefix.append("headers"), Bindable.mapOf(String.class, String.class))
			.map(Map::keySet)
			.orElseGet(Set::of);
		return new ClientDefinition(name, settings, ownProperties, ownHeaders, redaction);
	}

	/**
	 * Bind and check {@code wsclient.defaults}: only known keys, and no URL.
	 * @param binder the binder of the environment
	 * @return settings holding the defaults
	 * @throws InvalidWsClientPropertyException naming the first unknown key
	 */
	static WsClientProperties.Client bindDefaults(Binder binder) {
		WsClientProperties.Client settings = new WsClientProperties.Client();
		Set<ConfigurationPropertyName> bound = new HashSet<>();
		StrictBinding.bind(binder, ConfigurationPropertyName.of(DEFAULTS_PREFIX), Bindable.ofInstance(settings),
				recording(bound), StrictBinding.clientSettingKeys());
		if (bound.contains(ConfigurationPropertyName.of(DEFAULTS_PREFIX + ".url"))) {
			throw new InvalidWsClientPropertyException(DEFAULTS_PREFIX + ".url",
					"is set per client only; move it to " + CLIENTS_PREFIX + ".<name>.url");
		}
		return settings;
	}

	private static BindHandler recording(Set<ConfigurationPropertyName> boundProperties) {
		return new AbstractBindHandler() {

			@Override
			public Object onSuccess(ConfigurationPropertyName property, Bindable<?> target, BindContext context,
					Object result) {
				boundProperties.add(property);
				return result;
			}

		};
	}

	/**
	 * Return the client's key in {@code wsclient.clients}, which is also its bean name.
	 * @return the name
	 */
	String name() {
		return this.name;
	}

	/**
	 * Return the client's URL, checked.
	 * @return the URL; it may hold secrets
	 */
	URI url() {
		return this.url;
	}

	/**
	 * Return the proxy to connect through, checked.
	 * @return the proxy, or {@code null} to connect directly; it may hold a password
	 */
	@Nullable WsProxy proxy() {
		return this.proxy;
	}

	/**
	 * Return the client's settings: the defaults with the client's own keys on top.
	 * @return the settings
	 */
	WsClientProperties.Client settings() {
		return this.settings;
	}

	/**
	 * Return the full name of the property a setting came from.
	 * @param key the key below the client, such as {@code reconnect.max-delay}
	 * @return {@code wsclient.clients.<name>.<key>} when the client sets it, else
	 * {@code wsclient.defaults.<key>}
	 */
	String property(String key) {
		return isOwn(key) ? this.prefix + "." + key : DEFAULTS_PREFIX + "." + key;
	}

	private boolean isOwn(String key) {
		return this.ownProperties.contains(ConfigurationPropertyName.adapt(this.prefix + "." + key, '.'));
	}

	private URI validate() {
		URI checkedUrl = validateUrl();
		this.settings.getHeaders().forEach(this::validateHeader);
		List<String> subprotocols = this.settings.getSubprotocols();
		for (int i = 0; i < subprotocols.size(); i++) {
			String subprotocol = subprotocols.get(i);
			check("subprotocols", "[" + i + "]", () -> WsClientOptions.builder().subprotocols(subprotocol));
		}
		requirePositive("connect-timeout", this.settings.getConnectTimeout());
		requirePositive("ping-interval", this.settings.getPingInterval());
		requirePositive("close-timeout", this.settings.getCloseTimeout());
		requirePositive("max-missed-pings", this.settings.getMaxMissedPings());
		requirePositive("receive-buffer-size", this.settings.getReceiveBufferSize());
		requireMessageSize("max-message-size", this.settings.getMaxMessageSize());
		requireMessageSize("max-outbound-message-size", this.settings.getMaxOutboundMessageSize());
		requirePositive("send-buffer-limit", this.settings.getSendBufferLimit());
		validateReconnect(this.settings.getReconnect());
		requireWindowBits("deflate.client-max-window-bits", this.settings.getDeflate().getClientMaxWindowBits());
		requireWindowBits("deflate.server-max-window-bits", this.settings.getDeflate().getServerMaxWindowBits());
		String bundle = this.settings.getSsl().getBundle();
		if (bundle != null && bundle.isBlank()) {
			throw invalid("ssl.bundle", "must not be empty; remove it to use the JVM trust store");
		}
		return checkedUrl;
	}

	private URI validateUrl() {
		URI configured = this.settings.getUrl();
		String property = this.prefix + ".url";
		if (configured == null) {
			throw new InvalidWsClientPropertyException(property,
					"must be set to the ws:// or wss:// URL to connect to");
		}
		WsCloseStatus problem = WsClient.checkUrl(configured, this.redaction);
		if (problem != null) {
			throw new InvalidWsClientPropertyException(property, problem.reason());
		}
		return configured;
	}

	/**
	 * Check the proxy settings and make the proxy. Its password is never part of a
	 * message.
	 * @param proxy the settings
	 * @return the proxy, or {@code null} when no host is set
	 */
	private @Nullable WsProxy validateProxy(WsClientProperties.Proxy proxy) {
		String host = proxy.getHost();
		if (host == null) {
			return null;
		}
		if (host.isBlank()) {
			throw invalid("proxy.host", "must not be empty; remove it to connect without a proxy");
		}
		Integer port = proxy.getPort();
		if (port == null) {
			// Name the port next to the host that asked for it.
			String property = isOwn("proxy.host") ? this.prefix + ".proxy.port" : DEFAULTS_PREFIX + ".proxy.port";
			throw new InvalidWsClientPropertyException(property, "must be set when proxy.host is set");
		}
		if (port < 1 || port > 65535) {
			throw invalid("proxy.port", "must be in 1..65535 but was " + port);
		}
		String username = proxy.getUsername();
		if (username != null && username.isEmpty()) {
			throw invalid("proxy.username", "must not be empty; remove it to connect without authentication");
		}
		String password = proxy.getPassword();
		if (password != null && username == null) {
			throw invalid("proxy.password", "is set but proxy.username is not");
		}
		String nonProxyHosts = proxy.getNonProxyHosts();
		if (nonProxyHosts != null) {
			try {
				Pattern.compile(nonProxyHosts);
			}
			catch (PatternSyntaxException ex) {
				throw new InvalidWsClientPropertyException(property("proxy.non-proxy-hosts"),
						"is not a valid regular expression: " + ex.getDescription() + " near index " + ex.getIndex(),
						ex);
			}
		}
		try {
			return new WsProxy(proxy.getType(), host, port, username, password, nonProxyHosts);
		}
		catch (IllegalArgumentException ex) {
			// Not expected after the checks above; the message never holds the password.
			throw new InvalidWsClientPropertyException(property("proxy.host"), String.valueOf(ex.getMessage()), ex);
		}
	}

	private void validateHeader(String header, String value) {
		try {
			WsClientOptions.builder().header(header, value);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidWsClientPropertyException(headerProperty(header), String.valueOf(ex.getMessage()), ex);
		}
	}

	/**
	 * Return the property a header came from, written so that it binds back to the same
	 * header: in brackets when the name is more than letters, digits and dashes.
	 */
	private String headerProperty(String header) {
		String scope = this.ownHeaders.contains(header) ? this.prefix : DEFAULTS_PREFIX;
		return scope + ".headers" + (SIMPLE_KEY.matcher(header).matches() ? "." + header : "[" + header + "]");
	}

	private void validateReconnect(WsClientProperties.Reconnect reconnect) {
		requirePositive("reconnect.initial-delay", reconnect.getInitialDelay());
		requirePositive("reconnect.max-delay", reconnect.getMaxDelay());
		requirePositive("reconnect.reset-after", reconnect.getResetAfter());
		double jitter = reconnect.getJitter();
		if (!(jitter >= 0 && jitter <= 1)) {
			throw invalid("reconnect.jitter", "must be between 0 and 1 but was " + jitter);
		}
		Long maxRetries = reconnect.getMaxRetries();
		if (maxRetries != null && maxRetries < 1) {
			throw invalid("reconnect.max-retries",
					"must be at least 1 but was " + maxRetries + "; set reconnect.enabled=false to never reconnect");
		}
		if (reconnect.getMaxDelay().compareTo(reconnect.getInitialDelay()) < 0) {
			// Blame the key the client set itself: that is the one to change.
			String key = isOwn("reconnect.initial-delay") ? "reconnect.initial-delay" : "reconnect.max-delay";
			throw invalid(key,
					"reconnect.max-delay (" + print(reconnect.getMaxDelay())
							+ ") must not be shorter than reconnect.initial-delay ("
							+ print(reconnect.getInitialDelay()) + ")");
		}
	}

	private void requireWindowBits(String key, int bits) {
		if (bits < WsCompression.MIN_WINDOW_BITS || bits > WsCompression.MAX_WINDOW_BITS) {
			throw invalid(key, "must be between " + WsCompression.MIN_WINDOW_BITS + " and "
					+ WsCompression.MAX_WINDOW_BITS + " but was " + bits);
		}
	}

	private void requirePositive(String key, Duration value) {
		if (value.isZero() || value.isNegative()) {
			throw invalid(key, "must be positive but was " + print(value));
		}
	}

	private void requirePositive(String key, int value) {
		if (value <= 0) {
			throw invalid(key, "must be positive but was " + value);
		}
	}

	private void requirePositive(String key, DataSize value) {
		if (value.toBytes() <= 0) {
			throw invalid(key, "must be positive but was " + value);
		}
	}

	private void requireMessageSize(String key, DataSize value) {
		requirePositive(key, value);
		if (value.toBytes() > Integer.MAX_VALUE) {
			throw invalid(key, "must be at most " + Integer.MAX_VALUE + " bytes but was " + value);
		}
	}

	private void check(String key, String suffix, Runnable check) {
		try {
			check.run();
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidWsClientPropertyException(property(key) + suffix, String.valueOf(ex.getMessage()), ex);
		}
	}

	private InvalidWsClientPropertyException invalid(String key, String reason) {
		return new InvalidWsClientPropertyException(property(key), reason);
	}

	static String print(Duration duration) {
		long nanos = duration.toNanos();
		ChronoUnit unit = (nanos % 1_000_000_000 == 0) ? ChronoUnit.SECONDS
				: (nanos % 1_000_000 == 0) ? ChronoUnit.MILLIS : ChronoUnit.NANOS;
		return DurationStyle.SIMPLE.print(duration, unit);
	}

	@Override
	public String toString() {
		return "ClientDefinition[" + this.name + ", " + this.redaction.redact(this.url) + "]";
	}

}
