package dev.wsclient.bridge.web;

import dev.wsclient.autoconfigure.NoSuchWsClientException;
import dev.wsclient.bridge.stream.StreamHub;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
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
 * {@link ResponseEntityExceptionHandler}, and an unknown client as 404.
 *
 * <p>
 * Always as {@code application/problem+json}, whatever the request accepts: an
 * {@code EventSource} asks for {@code text/event-stream} only, and must not get its error
 * as an event.
 */
@RestControllerAdvice
class BridgeExceptionHandler extends ResponseEntityExceptionHandler {

	private final StreamHub hub;

	BridgeExceptionHandler(StreamHub hub) {
		this.hub = hub;
	}

	@ExceptionHandler
	Mono<ResponseEntity<Object>> unknownClient(NoSuchWsClientException ex, ServerWebExchange exchange) {
		ErrorResponseException error = Problems.unknownClient(ex.getClientName(), this.hub.clients());
		return handleErrorResponseException(error, error.getHeaders(), error.getStatusCode(), exchange);
	}

	@Override
	protected Mono<ResponseEntity<Object>> createResponseEntity(@Nullable Object body, @Nullable HttpHeaders headers,
			HttpStatusCode status, ServerWebExchange exchange) {
		ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
		if (headers != null) {
			response.headers(headers);
		}
		if (body instanceof ProblemDetail) {
			response.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		}
		return Mono.just(response.body(body));
	}

}
