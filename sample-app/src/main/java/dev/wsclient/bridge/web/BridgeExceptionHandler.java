package dev.wsclient.bridge.web;

import dev.wsclient.autoconfigure.NoSuchWsClientException;
import dev.wsclient.bridge.stream.TooManySubscribersException;
import io.netty.channel.ChannelException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;

/**
 * Renders every error of the bridge's API as an RFC 9457 problem detail: the framework's
 * own (400, 404, 405, 406, 415, ...) and the bridge's ({@link Problems}) through
 * {@link ResponseEntityExceptionHandler}, an unknown client as 404, too many subscribers
 * as 503, a request body that did not arrive within
 * {@code bridge.http.request-body-timeout} as 408.
 *
 * <p>
 * Always as {@code application/problem+json}, whatever the request accepts: an
 * {@code EventSource} asks for {@code text/event-stream} only, and must not get its error
 * as an event. The framework's problems keep their status and title but not their detail,
 * which can quote the request (its headers included).
 */
@RestControllerAdvice
class BridgeExceptionHandler extends ResponseEntityExceptionHandler {

	private static final String REQUEST_TIMEOUT = "reactor.netty.http.server.RequestTimeoutException";

	@ExceptionHandler
	Mono<ResponseEntity<Object>> unknownClient(NoSuchWsClientException ex, ServerWebExchange exchange) {
		return handle(Problems.unknownClient(ex.getClientName()), exchange);
	}

	@ExceptionHandler
	Mono<ResponseEntity<Object>> tooManySubscribers(TooManySubscribersException ex, ServerWebExchange exchange) {
		return handle(Problems.tooManySubscribers(ex.getMaxSubscribers()), exchange);
	}

	/**
	 * Reactor Netty's request timeout ({@code bridge.http.request-body-timeout}) fails
	 * the body with an exception whose class is not public: it is told by its name.
	 */
	@ExceptionHandler
	Mono<ResponseEntity<Object>> channelFailed(ChannelException ex, ServerWebExchange exchange) {
		if (!REQUEST_TIMEOUT.equals(ex.getClass().getName())) {
			return Mono.error(ex);
		}
		ErrorResponseException error = Problems.requestTimedOut();
		// What is left of the body will not be read.
		error.getHeaders().setConnection("close");
		return handle(error, exchange);
	}

	private Mono<ResponseEntity<Object>> handle(ErrorResponseException error, ServerWebExchange exchange) {
		return handleErrorResponseException(error, error.getHeaders(), error.getStatusCode(), exchange);
	}

	@Override
	protected Mono<ResponseEntity<Object>> createResponseEntity(@Nullable Object body, @Nullable HttpHeaders headers,
			HttpStatusCode status, ServerWebExchange exchange) {
		ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
		if (headers != null) {
			response.headers(headers);
		}
		if (body instanceof ProblemDetail problem) {
			if (!Problems.isBridgeProblem(problem)) {
				problem.setDetail(genericDetail(status));
			}
			response.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		}
		return Mono.just(response.body(body));
	}

	private static String genericDetail(HttpStatusCode status) {
		HttpStatus known = HttpStatus.resolve(status.value());
		return "The request was refused: " + status.value() + ((known != null) ? " " + known.getReasonPhrase() : "");
	}

}
