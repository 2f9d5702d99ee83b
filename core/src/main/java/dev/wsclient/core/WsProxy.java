package dev.wsclient.core;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.jspecify.annotations.Nullable;

/**
 * A proxy to connect through: an HTTP proxy (tunnelling with {@code CONNECT}) or a SOCKS
 * proxy.
 *
 * @param type the kind of proxy
 * @param host the proxy's host name or address
 * @param port the proxy's port
 * @param username the user name for proxy authentication, or {@code null}
 * @param password the password for proxy authentication, or {@code null}
 * @param nonProxyHosts a regular expression of target hosts reached directly, or
 * {@code null}
 * @since 0.1.0
 */
public record WsProxy(Type type, String host, int port, @Nullable String username, @Nullable String password,
		@Nullable String nonProxyHosts) {

	public WsProxy {
		WsArguments.requireNonNull(type, "proxy type");
		WsArguments.requireNonNull(host, "proxy host");
		if (host.isBlank()) {
			throw new IllegalArgumentException("proxy host must not be blank");
		}
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("proxy port must be in 1..65535 but was " + port);
		}
		if (password != null && username == null) {
			throw new IllegalArgumentException("proxy password is set but proxy username is not");
		}
		if (nonProxyHosts != null) {
			try {
				Pattern.compile(nonProxyHosts);
			}
			catch (PatternSyntaxException ex) {
				throw new IllegalArgumentException(
						"proxy nonProxyHosts is not a valid regular expression: " + ex.getDescription(), ex);
			}
		}
	}

	/**
	 * Create an HTTP proxy without authentication.
	 * @param host the proxy host
	 * @param port the proxy port
	 * @return the proxy
	 */
	public static WsProxy http(String host, int port) {
		return new WsProxy(Type.HTTP, host, port, null, null, null);
	}

	/**
	 * Create a SOCKS 5 proxy without authentication.
	 * @param host the proxy host
	 * @param port the proxy port
	 * @return the proxy
	 */
	public static WsProxy socks5(String host, int port) {
		return new WsProxy(Type.SOCKS5, host, port, null, null, null);
	}

	/**
	 * Return a copy that authenticates with the given credentials.
	 * @param username the user name
	 * @param password the password
	 * @return the proxy
	 */
	public WsProxy withCredentials(String username, String password) {
		return new WsProxy(this.type, this.host, this.port, Objects.requireNonNull(username, "username"),
				Objects.requireNonNull(password, "password"), this.nonProxyHosts);
	}

	/**
	 * Return a copy that reaches hosts matching the expression directly.
	 * @param nonProxyHosts a regular expression of host names
	 * @return the proxy
	 */
	public WsProxy withNonProxyHosts(String nonProxyHosts) {
		return new WsProxy(this.type, this.host, this.port, this.username, this.password, nonProxyHosts);
	}

	/** Shows where the proxy is, never its password. */
	@Override
	public String toString() {
		return "WsProxy[" + this.type + " " + this.host + ":" + this.port
				+ ((this.username != null) ? ", username=" + this.username + ", password=***" : "") + "]";
	}

	/** The kinds of proxy. */
	public enum Type {

		/** An HTTP proxy, tunnelling with {@code CONNECT}. */
		HTTP,

		/** A SOCKS 4 proxy. */
		SOCKS4,

		/** A SOCKS 5 proxy. */
		SOCKS5

	}

}
