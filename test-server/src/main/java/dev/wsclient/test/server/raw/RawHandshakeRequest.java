package dev.wsclient.test.server.raw;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * An HTTP upgrade request as a {@link ScriptedConnection} read it: request line and
 * headers (names looked up case-insensitively, repeated headers kept in order).
 */
public final class RawHandshakeRequest {

	private static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

	private final String method;

	private final String target;

	private final String version;

	private final Map<String, List<String>> headers;

	private final String raw;

	private RawHandshakeRequest(String method, String target, String version, Map<String, List<String>> headers,
			String raw) {
		this.method = method;
		this.target = target;
		this.version = version;
		this.headers = headers;
		this.raw = raw;
	}

	/**
	 * Parse a request head (request line and header lines, without the body).
	 * @param head the text up to, and optionally including, the blank line
	 * @return the request
	 * @throws IllegalArgumentException if the request line or a header line is malformed
	 */
	public static RawHandshakeRequest parse(String head) {
		String[] lines = head.split("\r\n", -1);
		String[] requestLine = lines[0].split(" ", -1);
		if (requestLine.length != 3) {
			throw new IllegalArgumentException("malformed request line: '" + lines[0] + "'");
		}
		Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		for (int i = 1; i < lines.length; i++) {
			String line = lines[i];
			if (line.isEmpty()) {
				continue;
			}
			int colon = line.indexOf(':');
			if (colon <= 0) {
				throw new IllegalArgumentException("malformed header line: '" + line + "'");
			}
			String name = line.substring(0, colon).trim();
			String value = line.substring(colon + 1).trim();
			headers.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
		}
		headers.replaceAll((name, values) -> List.copyOf(values));
		return new RawHandshakeRequest(requestLine[0], requestLine[1], requestLine[2],
				Collections.unmodifiableMap(headers), head);
	}

	/**
	 * Compute the {@code Sec-WebSocket-Accept} value for a key (RFC 6455 section 4.2.2):
	 * base64 of the SHA-1 of the key followed by the WebSocket GUID.
	 * @param key the client's {@code Sec-WebSocket-Key}
	 * @return the accept value
	 */
	public static String acceptFor(String key) {
		try {
			MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
			byte[] digest = sha1.digest((key + WEBSOCKET_GUID).getBytes(StandardCharsets.US_ASCII));
			return Base64.getEncoder().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-1 is not available", ex);
		}
	}

	/**
	 * Return the request method, normally {@code GET}.
	 * @return the method
	 */
	public String method() {
		return this.method;
	}

	/**
	 * Return the request target as sent, path and query.
	 * @return the request target
	 */
	public String target() {
		return this.target;
	}

	/**
	 * Return the path of the request target, without the query.
	 * @return the path
	 */
	public String path() {
		int query = this.target.indexOf('?');
		return (query >= 0) ? this.target.substring(0, query) : this.target;
	}

	/**
	 * Return the query of the request target.
	 * @return the raw query, or {@code null} when there is none
	 */
	public @Nullable String query() {
		int query = this.target.indexOf('?');
		return (query >= 0) ? this.target.substring(query + 1) : null;
	}

	/**
	 * Return the HTTP version of the request line, normally {@code HTTP/1.1}.
	 * @return the version
	 */
	public String version() {
		return this.version;
	}

	/**
	 * Return all headers, names case-insensitive.
	 * @return an unmodifiable map of header name to values in the order received
	 */
	public Map<String, List<String>> headers() {
		return this.headers;
	}

	/**
	 * Return the first value of a header.
	 * @param name the header name, any case
	 * @return the value, or {@code null} when absent
	 */
	public @Nullable String header(String name) {
		List<String> values = this.headers.get(name);
		return (values != null && !values.isEmpty()) ? values.get(0) : null;
	}

	/**
	 * Return every value of a header, in the order received.
	 * @param name the header name, any case
	 * @return the values, empty when absent
	 */
	public List<String> headerValues(String name) {
		return this.headers.getOrDefault(name, List.of());
	}

	/**
	 * Return the {@code Sec-WebSocket-Key} header.
	 * @return the key
	 * @throws IllegalStateException if the request has none
	 */
	public String key() {
		String key = header("Sec-WebSocket-Key");
		if (key == null) {
			throw new IllegalStateException("no Sec-WebSocket-Key in the request:\n" + this.raw);
		}
		return key;
	}

	/**
	 * Return the correct {@code Sec-WebSocket-Accept} value for this request's key.
	 * @return the accept value
	 */
	public String expectedAccept() {
		return acceptFor(key());
	}

	/**
	 * Return the subprotocols the client offered, in order.
	 * @return the values of every {@code Sec-WebSocket-Protocol} header, split at commas
	 */
	public List<String> subprotocols() {
		return splitTokens(headerValues("Sec-WebSocket-Protocol"));
	}

	/**
	 * Return the extensions the client offered, in order, each with its parameters.
	 * @return the values of every {@code Sec-WebSocket-Extensions} header, split at
	 * commas
	 */
	public List<String> extensions() {
		return splitTokens(headerValues("Sec-WebSocket-Extensions"));
	}

	private static List<String> splitTokens(List<String> values) {
		return values.stream()
			.flatMap((value) -> Arrays.stream(value.split(",", -1)))
			.map(String::trim)
			.filter((token) -> !token.isEmpty())
			.toList();
	}

	/**
	 * Return the request head as received.
	 * @return the raw request line and headers
	 */
	public String raw() {
		return this.raw;
	}

	@Override
	public String toString() {
		return this.method + " " + this.target + " " + this.version + " " + this.headers;
	}

}
