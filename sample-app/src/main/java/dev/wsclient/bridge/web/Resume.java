package dev.wsclient.bridge.web;

import dev.wsclient.bridge.stream.EventId;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.MultiValueMap;

/**
 * Where a subscriber asks its stream to start, read from its request.
 *
 * @param after the id of the last message it received, or {@code null} for a live start
 * @param announce whether a WebSocket stream tells ids ({@code since} given)
 * @param source what the id came from, for a problem detail: {@code Last-Event-ID header}
 * or {@code since parameter}
 */
record Resume(@Nullable EventId after, boolean announce, String source) {

	static final String LAST_EVENT_ID = "Last-Event-ID";

	static final String SINCE = "since";

	static final String LAST_EVENT_ID_PARAMETER = "lastEventId";

	private static final String NOW = "now";

	/**
	 * Read an SSE subscriber's start: the {@code Last-Event-ID} header, which
	 * {@code EventSource} sends when it reconnects, else the {@code lastEventId}
	 * parameter (which some EventSource polyfills send instead), else {@code since}. An
	 * empty header is no header, as an empty id is no id in SSE.
	 * @param request the request
	 * @return the start
	 * @throws org.springframework.web.ErrorResponseException 400 for a value that is not
	 * an id
	 */
	static Resume ofServerSentEvents(ServerHttpRequest request) {
		String header = request.getHeaders().getFirst(LAST_EVENT_ID);
		if (header != null && !header.isBlank()) {
			return read(header.trim(), LAST_EVENT_ID + " header", false);
		}
		MultiValueMap<String, String> parameters = request.getQueryParams();
		if (parameters.containsKey(LAST_EVENT_ID_PARAMETER)) {
			return read(parameters.getFirst(LAST_EVENT_ID_PARAMETER), LAST_EVENT_ID_PARAMETER + " parameter", false);
		}
		if (parameters.containsKey(SINCE)) {
			return read(parameters.getFirst(SINCE), SINCE + " parameter", false);
		}
		return new Resume(null, false, "");
	}

	/**
	 * Read a WebSocket subscriber's start: the {@code since} parameter, with which the
	 * stream opens with a frame telling ids.
	 * @param request the request
	 * @return the start
	 * @throws org.springframework.web.ErrorResponseException 400 for a value that is not
	 * an id
	 */
	static Resume ofWebSocket(ServerHttpRequest request) {
		MultiValueMap<String, String> parameters = request.getQueryParams();
		if (parameters.containsKey(SINCE)) {
			return read(parameters.getFirst(SINCE), SINCE + " parameter", true);
		}
		return new Resume(null, false, "");
	}

	private static Resume read(@Nullable String value, String source, boolean announce) {
		if (NOW.equals(value)) {
			return new Resume(null, announce, source);
		}
		try {
			if (value == null) {
				throw new IllegalArgumentException("No value");
			}
			return new Resume(EventId.parse(value), announce, source);
		}
		catch (IllegalArgumentException ex) {
			throw Problems.invalidEventId(source);
		}
	}

}
