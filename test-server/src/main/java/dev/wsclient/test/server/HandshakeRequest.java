package dev.wsclient.test.server;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.jspecify.annotations.Nullable;

/**
 * An opening handshake a {@link MockWsServer} received, answered or not: the request
 * target and its headers, to assert on paths, query parameters and authentication
 * headers.
 *
 * @since 0.1.0
 */
public final class HandshakeRequest {

	private final int index;

	private final String method;

	private final String target;

	private final QueryStringDecoder query;

	private final Map<String, List<String>> headers;

	HandshakeRequest(int index, HttpRequest request) {
		this.index = index;
		this.method = request.method().name();
		this.target = request.uri();
		this.query = new QueryStringDecoder(request.uri());
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (Map.Entry<String, String> header : request.headers()) {
			headers.computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT), (name) -> new ArrayList<>())
				.add(header.getValue());
		}
		headers.replaceAll((name, values) -> List.copyOf(values));
		this.headers = Collections.unmodifiableMap(headers);
	}

	/**
	 * Return the position of this request among all the handshakes the server received,
	 * from 0, across restarts; a connection opened by it has the same index
	 * ({@link MockWsConnection#index()}).
	 * @return the index
	 */
	public int index() {
		return this.index;
	}

	/**
	 * Return the HTTP method, {@code GET} for a WebSocket client.
	 * @return the method
	 */
	public String method() {
		return this.method;
	}

	/**
	 * Return the request target as sent: path and query.
	 * @return the target, for example {@code /feed?symbol=ACME}
	 */
	public String target() {
		return this.target;
	}

	/**
	 * Return the path, without the query.
	 * @return the path
	 */
	public String path() {
		return this.query.path();
	}

	/**
	 * Return the raw query, without the {@code ?}.
	 * @return the query, empty when there is none
	 */
	public String query() {
		return this.query.rawQuery();
	}

	/**
	 * Return the first value of a query parameter, decoded.
	 * @param name the parameter name
	 * @return the value, or {@code null} when the parameter is absent
	 */
	public @Nullable String queryParameter(String name) {
		List<String> values = this.query.parameters().get(name);
		return (values != null && !values.isEmpty()) ? values.get(0) : null;
	}

	/**
	 * Return the first value of a header.
	 * @param name the header name, in any case
	 * @return the value, or {@code null} when the header is absent
	 */
	public @Nullable String header(String name) {
		List<String> values = this.headers.get(name.toLowerCase(Locale.ROOT));
		return (values != null) ? values.get(0) : null;
	}

	/**
	 * Return every value of a header, in order.
	 * @param name the header name, in any case
	 * @return the values, empty when the header is absent
	 */
	public List<String> headers(String name) {
		return this.headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
	}

	/**
	 * Return all headers, names in lower case, in the order they arrived.
	 * @return the headers
	 */
	public Map<String, List<String>> headers() {
		return this.headers;
	}

	/**
	 * Return the method, target and header names; header values are left out as they may
	 * hold credentials.
	 */
	@Override
	public String toString() {
		return "HandshakeRequest[" + this.index + ": " + this.method + " " + path() + ", headers "
				+ this.headers.keySet() + "]";
	}

}
