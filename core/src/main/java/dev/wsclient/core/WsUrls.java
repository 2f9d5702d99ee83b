package dev.wsclient.core;

import java.net.URI;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Checks WebSocket URLs the way the seed module did (statuses -1 to -4), before any I/O.
 * The reasons name the URL without its secrets, as a {@link WsRedaction} shows it.
 * Applications reach this through {@link WsClient#checkUrl(URI, WsRedaction)}.
 */
final class WsUrls {

	private static final int MAX_HOSTNAME_LENGTH = 255;

	private WsUrls() {
	}

	/**
	 * Check a URL before any I/O.
	 * @param url the URL
	 * @param redaction what to hide of the URL in the reason
	 * @return {@code null} when the URL can be connected to, otherwise the close status
	 * (-1 bad scheme, -2 hostname too long, -3 bad port, -4 no hostname) with a reason
	 * naming the URL without its secrets
	 */
	static @Nullable WsCloseStatus validate(URI url, WsRedaction redaction) {
		String scheme = url.getScheme();
		if (scheme == null || !(scheme.equalsIgnoreCase("ws") || scheme.equalsIgnoreCase("wss"))) {
			return invalid(WsStatusCode.INVALID_SCHEME,
					"url '" + redaction.redact(url) + "' must use the scheme ws or wss but "
							+ ((scheme != null) ? "uses '" + scheme + "'" : "has none"));
		}
		String host = host(url);
		if (host == null || host.isEmpty()) {
			return invalid(WsStatusCode.NO_HOSTNAME, "url '" + redaction.redact(url) + "' has no hostname");
		}
		if (host.length() > MAX_HOSTNAME_LENGTH) {
			return invalid(WsStatusCode.HOSTNAME_TOO_LONG, "url has a hostname of " + host.length()
					+ " characters; at most " + MAX_HOSTNAME_LENGTH + " are allowed");
		}
		int port = port(url);
		if (port < 1 || port > 65535) {
			return invalid(WsStatusCode.INVALID_PORT,
					"url '" + redaction.redact(url) + "' has port " + port + "; ports must be in 1..65535");
		}
		return null;
	}

	/**
	 * Parse a URL string, reporting unparseable text as a close status.
	 * @param url the text
	 * @return the URI
	 * @throws WsConnectException with status -1 when the text is blank or not a URI
	 */
	static URI parse(String url) {
		if (url.isBlank()) {
			throw new WsConnectException(invalid(WsStatusCode.INVALID_SCHEME, "url must not be blank"));
		}
		try {
			return new URI(url.strip());
		}
		catch (java.net.URISyntaxException ex) {
			WsCloseStatus status = new WsCloseStatus(WsStatusCode.INVALID_SCHEME, null,
					"url is not a valid URI: " + ex.getReason() + " at index " + ex.getIndex(), null, ex);
			throw new WsConnectException(status);
		}
	}

	/**
	 * Return the port a URL connects to: its own, or 80 for {@code ws} and 443 for
	 * {@code wss}.
	 * @param url a valid WebSocket URL
	 * @return the port
	 */
	static int port(URI url) {
		if (url.getPort() != -1) {
			return url.getPort();
		}
		if (url.getRawAuthority() != null && url.getHost() == null) {
			Integer parsed = portOfRawAuthority(url.getRawAuthority());
			if (parsed != null) {
				return parsed;
			}
		}
		return "wss".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
	}

	private static @Nullable String host(URI url) {
		if (url.getHost() != null) {
			return url.getHost();
		}
		// java.net.URI leaves the host null for authorities it cannot parse as
		// server-based (for example a port out of range): look at the raw authority to
		// tell the cases apart.
		String authority = url.getRawAuthority();
		if (authority == null) {
			return null;
		}
		int at = authority.lastIndexOf('@');
		String hostAndPort = (at >= 0) ? authority.substring(at + 1) : authority;
		if (hostAndPort.startsWith("[")) {
			int end = hostAndPort.indexOf(']');
			return (end > 0) ? hostAndPort.substring(0, end + 1) : hostAndPort;
		}
		int colon = hostAndPort.lastIndexOf(':');
		return ((colon >= 0) ? hostAndPort.substring(0, colon) : hostAndPort).toLowerCase(Locale.ROOT);
	}

	private static @Nullable Integer portOfRawAuthority(String authority) {
		int colon = authority.lastIndexOf(':');
		int bracket = authority.lastIndexOf(']');
		if (colon < 0 || colon < bracket) {
			return null;
		}
		String digits = authority.substring(colon + 1);
		if (digits.isEmpty()) {
			return null;
		}
		try {
			long port = Long.parseLong(digits);
			return (int) Math.max(Math.min(port, Integer.MAX_VALUE), Integer.MIN_VALUE);
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	private static WsCloseStatus invalid(WsStatusCode status, String reason) {
		return WsCloseStatus.of(status, null, reason);
	}

}
