package dev.wsclient.core;

import java.util.Locale;
import java.util.Set;

/**
 * Checks handshake header names and values before anything is sent. Error messages name
 * the header but never repeat its value, which may be a secret.
 */
final class WsHeaders {

	// The handshake itself owns these; letting users set them would break or spoof the
	// upgrade.
	private static final Set<String> RESERVED = Set.of("host", "upgrade", "connection", "sec-websocket-key",
			"sec-websocket-version", "sec-websocket-accept", "sec-websocket-extensions", "sec-websocket-protocol",
			"content-length", "transfer-encoding");

	private WsHeaders() {
	}

	/**
	 * Check one header.
	 * @param name the header name
	 * @param value the header value
	 * @throws IllegalArgumentException naming the header when the name is not an HTTP
	 * token, the value holds control characters (CR, LF, NUL and the like), or the header
	 * is one the handshake sets itself
	 */
	static void validate(String name, String value) {
		validateName(name);
		if (value == null) {
			throw new IllegalArgumentException("header '" + name + "' must have a value");
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			boolean allowed = c == '\t' || (c >= 0x20 && c != 0x7f && c <= 0xff);
			if (!allowed) {
				throw new IllegalArgumentException(
						"header '" + name + "' has an illegal character (code " + (int) c + ") in its value at index "
								+ i + "; values may not contain CR, LF or other control characters");
			}
		}
	}

	/**
	 * Check a header name.
	 * @param name the name
	 * @throws IllegalArgumentException when the name is not an HTTP token or is reserved
	 */
	static void validateName(String name) {
		if (name == null || name.isEmpty()) {
			throw new IllegalArgumentException("header name must not be empty");
		}
		for (int i = 0; i < name.length(); i++) {
			if (!isTokenChar(name.charAt(i))) {
				throw new IllegalArgumentException(
						"header name '" + printable(name) + "' has an illegal character (code " + (int) name.charAt(i)
								+ ") at index " + i + "; names must be HTTP tokens");
			}
		}
		if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
			throw new IllegalArgumentException("header '" + name
					+ "' is set by the WebSocket handshake itself and cannot be configured"
					+ (name.equalsIgnoreCase("sec-websocket-protocol") ? "; configure subprotocols instead" : ""));
		}
	}

	/**
	 * Check a subprotocol name.
	 * @param subprotocol the name
	 * @throws IllegalArgumentException when it is empty or not an HTTP token
	 */
	static void validateSubprotocol(String subprotocol) {
		if (subprotocol == null || subprotocol.isEmpty()) {
			throw new IllegalArgumentException("subprotocol must not be empty");
		}
		for (int i = 0; i < subprotocol.length(); i++) {
			if (!isTokenChar(subprotocol.charAt(i))) {
				throw new IllegalArgumentException("subprotocol '" + printable(subprotocol)
						+ "' has an illegal character at index " + i + "; subprotocols must be HTTP tokens");
			}
		}
	}

	private static boolean isTokenChar(char c) {
		if (c <= 0x20 || c >= 0x7f) {
			return false;
		}
		return "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
	}

	private static String printable(String text) {
		StringBuilder out = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x20 || c == 0x7f) {
				out.append(String.format("\\x%02x", (int) c));
			}
			else {
				out.append(c);
			}
		}
		return out.toString();
	}

}
