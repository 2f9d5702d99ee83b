package dev.wsclient.bridge.web;

import java.net.URI;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.Set;

import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsSendException;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
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

	private Problems() {
	}

	static ErrorResponseException unknownClient(String client, Set<String> clients) {
		ProblemDetail problem = problem(HttpStatus.NOT_FOUND, "unknown-client", "Unknown client",
				"There is no upstream client named '" + client + "'");
		problem.setProperty("client", client);
		problem.setProperty("clients", clients);
		return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
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
			error.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
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

	private static ProblemDetail problem(HttpStatus status, String type, String title, @Nullable String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPE_BASE + type));
		problem.setTitle(title);
		return problem;
	}

}
