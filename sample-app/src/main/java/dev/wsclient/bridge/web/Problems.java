package dev.wsclient.bridge.web;

import java.net.URI;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.List;

import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsSendException;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The bridge's errors as RFC 9457 problem details: a {@code type} under
 * {@value #TYPE_BASE}, a {@code title}, a {@code detail} and, for problems about a
 * client, its name in {@code client}. Send failures also carry the client's {@code state}
 * and the seed-style status {@code code} of the failure.
 */
final class Problems {

	static final String TYPE_BASE = "https://wsclient.dev/problems/";

	private static final String RETRY_AFTER_SECONDS = "1";

	private Problems() {
	}

	/**
	 * A client that does not exist, to a caller allowed to know: the configured clients
	 * are not listed.
	 */
	static ErrorResponseException unknownClient(String client) {
		ProblemDetail problem = problem(HttpStatus.NOT_FOUND, "unknown-client", "Unknown client",
				"There is no upstream client named '" + client + "'");
		problem.setProperty("client", client);
		return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
	}

	static ErrorResponseException unauthenticated() {
		ProblemDetail problem = problem(HttpStatus.UNAUTHORIZED, "unauthenticated", "Unauthenticated",
				"This request needs credentials: a bearer token (Authorization: Bearer <JWT>), an API key "
						+ "(X-API-Key: <id>.<secret>) or, for a stream, a ticket (?ticket=...)");
		return new ErrorResponseException(HttpStatus.UNAUTHORIZED, problem, null);
	}

	static ErrorResponseException forbidden() {
		ProblemDetail problem = problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
				"The credentials do not allow this request");
		return new ErrorResponseException(HttpStatus.FORBIDDEN, problem, null);
	}

	static ErrorResponseException requestTimedOut() {
		ProblemDetail problem = problem(HttpStatus.REQUEST_TIMEOUT, "request-timeout", "Request timed out",
				"The request body did not arrive in time (bridge.http.request-body-timeout)");
		return new ErrorResponseException(HttpStatus.REQUEST_TIMEOUT, problem, null);
	}

	static ErrorResponseException tooManySubscribers(int maxSubscribers) {
		ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "too-many-subscribers", "Too many subscribers",
				"The bridge has " + maxSubscribers + " subscribers, as many as it accepts; try again later");
		ErrorResponseException error = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, problem, null);
		error.getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
		return error;
	}

	static ErrorResponseException busy(String why) {
		ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "busy", "Busy",
				"The request cannot be taken now: " + why + "; try again later");
		ErrorResponseException error = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, problem, null);
		error.getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
		return error;
	}

	static ErrorResponseException unsupportedContentType(boolean present) {
		ProblemDetail problem = problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-content-type",
				"Unsupported content type",
				(present ? "The request's Content-Type is not supported" : "The request has no Content-Type")
						+ ": send text/plain (a text message) or application/octet-stream (a binary message)");
		ErrorResponseException error = new ErrorResponseException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, problem, null);
		error.getHeaders().setAccept(List.of(MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM));
		return error;
	}

	static ErrorResponseException invalidHandshake(String what) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-handshake", "Invalid WebSocket handshake",
				"Not a valid WebSocket opening handshake: " + what);
		return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
	}

	/**
	 * An id to resume after that is not an event id; the id is not quoted.
	 */
	static ErrorResponseException invalidEventId(String source) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-event-id", "Invalid event id",
				"The " + source + " must be the id of an event of this stream, <epoch>-<sequence> such as 7155038-42, "
						+ "or 'now'" + (source.startsWith("Last-Event-ID") ? " (or be absent)" : ""));
		problem.setProperty("parameter", parameterName(source));
		return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
	}

	/**
	 * An id of the stream's current epoch that it has not reached yet.
	 */
	static ErrorResponseException futureEventId(String source, String latest) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "future-event-id", "Event id from the future",
				"The " + source + " names an event this stream has not sent yet: its latest is " + latest);
		problem.setProperty("parameter", parameterName(source));
		problem.setProperty("latest", latest);
		return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
	}

	private static String parameterName(String source) {
		int space = source.indexOf(' ');
		return (space > 0) ? source.substring(0, space) : source;
	}

	static ErrorResponseException unsupportedWebSocketVersion() {
		ProblemDetail problem = problem(HttpStatus.UPGRADE_REQUIRED, "unsupported-websocket-version",
				"Unsupported WebSocket version",
				"The bridge speaks WebSocket version " + WebSocketHandshake.VERSION + " (RFC 6455) only");
		ErrorResponseException error = new ErrorResponseException(HttpStatus.UPGRADE_REQUIRED, problem, null);
		error.getHeaders().set("Sec-WebSocket-Version", WebSocketHandshake.VERSION);
		return error;
	}

	static ErrorResponseException sendFailed(String client, WsClient upstream, WsSendException ex) {
		HttpStatus status = switch (ex.reason()) {
			case NOT_OPEN -> HttpStatus.CONFLICT;
			case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
			case BUFFER_FULL -> HttpStatus.SERVICE_UNAVAILABLE;
			case CONNECTION_LOST -> HttpStatus.BAD_GATEWAY;
		};
		String detail = (ex.reason() == WsSendException.Reason.NOT_OPEN)
				? "Client '" + client + "' is " + upstream.state() + "; messages can be sent only while it is OPEN"
				: String.valueOf(ex.getMessage());
		ProblemDetail problem = problem(status, type(ex.reason()), title(ex.reason()), detail);
		problem.setProperty("client", client);
		problem.setProperty("state", upstream.state().name());
		problem.setProperty("code", ex.code());
		ErrorResponseException error = new ErrorResponseException(status, problem, ex);
		if (ex.reason() == WsSendException.Reason.BUFFER_FULL) {
			error.getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
		}
		return error;
	}

	static ErrorResponseException bodyTooLarge(String client, int limit) {
		ProblemDetail problem = problem(HttpStatus.CONTENT_TOO_LARGE, "message-too-large", "Message too large",
				"The message is larger than the " + limit + " bytes client '" + client
						+ "' may send (max-outbound-message-size)");
		problem.setProperty("client", client);
		return new ErrorResponseException(HttpStatus.CONTENT_TOO_LARGE, problem, null);
	}

	static ErrorResponseException notText(String client, Charset charset, Throwable cause) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-text", "Invalid text",
				"The request body is not valid " + charset.name() + " text");
		problem.setProperty("client", client);
		return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, cause);
	}

	static ErrorResponseException sendTimedOut(String client, Duration timeout) {
		ProblemDetail problem = problem(HttpStatus.GATEWAY_TIMEOUT, "send-timeout", "Send timed out",
				"The message to client '" + client + "' was not written within " + timeout.toMillis()
						+ " ms; it may still be sent");
		problem.setProperty("client", client);
		return new ErrorResponseException(HttpStatus.GATEWAY_TIMEOUT, problem, null);
	}

	private static String type(WsSendException.Reason reason) {
		return switch (reason) {
			case NOT_OPEN -> "client-not-open";
			case TOO_LARGE -> "message-too-large";
			case BUFFER_FULL -> "send-buffer-full";
			case CONNECTION_LOST -> "connection-lost";
		};
	}

	private static String title(WsSendException.Reason reason) {
		return switch (reason) {
			case NOT_OPEN -> "Client not open";
			case TOO_LARGE -> "Message too large";
			case BUFFER_FULL -> "Send buffer full";
			case CONNECTION_LOST -> "Connection lost";
		};
	}

	/**
	 * Return whether a problem is one of the bridge's own, whose detail is written here
	 * and never quotes the request.
	 * @param problem the problem
	 * @return whether its type is under {@value #TYPE_BASE}
	 */
	static boolean isBridgeProblem(ProblemDetail problem) {
		URI type = problem.getType();
		return type != null && type.toString().startsWith(TYPE_BASE);
	}

	private static ProblemDetail problem(HttpStatus status, String type, String title, @Nullable String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPE_BASE + type));
		problem.setTitle(title);
		return problem;
	}

}
