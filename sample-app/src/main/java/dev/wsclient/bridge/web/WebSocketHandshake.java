package dev.wsclient.bridge.web;

import java.util.Base64;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.StringUtils;

/**
 * Checks a WebSocket opening handshake request (RFC 6455 section 4.2.1) before the
 * connection is upgraded, so that a bad one gets a problem detail that names what is
 * wrong, and never echoes the request's headers.
 */
final class WebSocketHandshake {

	static final String VERSION = "13";

	private static final int KEY_BYTES = 16;

	private WebSocketHandshake() {
	}

	/**
	 * Check a handshake request.
	 * @param request the request
	 * @throws org.springframework.web.ErrorResponseException 400 for an invalid
	 * handshake, 426 for a WebSocket version other than 13
	 */
	static void check(ServerHttpRequest request) {
		HttpHeaders headers = request.getHeaders();
		if (!"websocket".equalsIgnoreCase(headers.getUpgrade())) {
			throw Problems.invalidHandshake("the Upgrade header must be 'websocket'");
		}
		if (!hasToken(headers.get(HttpHeaders.CONNECTION), "upgrade")) {
			throw Problems.invalidHandshake("the Connection header must contain 'Upgrade'");
		}
		if (!VERSION.equals(headers.getFirst("Sec-WebSocket-Version"))) {
			throw Problems.unsupportedWebSocketVersion();
		}
		String key = headers.getFirst("Sec-WebSocket-Key");
		if (key == null || !isNonce(key.trim())) {
			throw Problems.invalidHandshake("the Sec-WebSocket-Key header must be 16 bytes in Base64");
		}
	}

	private static boolean hasToken(@Nullable List<String> values, String token) {
		if (values == null) {
			return false;
		}
		for (String value : values) {
			for (String part : StringUtils.commaDelimitedListToStringArray(value)) {
				if (part.trim().toLowerCase(Locale.ROOT).equals(token)) {
					return true;
				}
			}
		}
		return false;
	}

	private static boolean isNonce(String key) {
		try {
			return Base64.getDecoder().decode(key).length == KEY_BYTES;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
