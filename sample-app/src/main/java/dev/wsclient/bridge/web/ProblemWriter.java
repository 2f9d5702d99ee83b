package dev.wsclient.bridge.web;

import java.net.URI;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.core.ResolvableType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes the bridge's problems where no controller is involved, as the security filters
 * refuse a request before it reaches one: with the same codecs, and so the same JSON, as
 * {@link BridgeExceptionHandler}.
 */
public final class ProblemWriter {

	private static final ResolvableType PROBLEM = ResolvableType.forClass(ProblemDetail.class);

	private final HttpMessageWriter<ProblemDetail> writer;

	/**
	 * Create a writer.
	 * @param codecs the application's codecs
	 */
	@SuppressWarnings("unchecked")
	public ProblemWriter(ServerCodecConfigurer codecs) {
		this.writer = (HttpMessageWriter<ProblemDetail>) codecs.getWriters()
			.stream()
			.filter((candidate) -> candidate.canWrite(PROBLEM, MediaType.APPLICATION_PROBLEM_JSON))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No codec writes " + MediaType.APPLICATION_PROBLEM_JSON));
	}

	/**
	 * Answer 401: the request carries no credentials, or credentials that are not valid.
	 * @param exchange the exchange
	 * @return completes when written
	 */
	public Mono<Void> unauthenticated(ServerWebExchange exchange) {
		exchange.getResponse().getHeaders().set("WWW-Authenticate", "Bearer, ApiKey");
		return write(exchange, Problems.unauthenticated());
	}

	/**
	 * Answer 403: the credentials do not allow the request.
	 * @param exchange the exchange
	 * @return completes when written
	 */
	public Mono<Void> forbidden(ServerWebExchange exchange) {
		return write(exchange, Problems.forbidden());
	}

	Mono<Void> write(ServerWebExchange exchange, ErrorResponseException error) {
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(error.getStatusCode());
		response.getHeaders().addAll(error.getHeaders());
		if (hasBody(exchange)) {
			// The body is not read: the connection cannot be used for another request,
			// and a peer that sends it slowly gets no more time.
			response.getHeaders().setConnection("close");
		}
		ProblemDetail problem = error.getBody();
		problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
		return this.writer.write(Mono.just(problem), PROBLEM, MediaType.APPLICATION_PROBLEM_JSON, response, Map.of());
	}

	private static boolean hasBody(ServerWebExchange exchange) {
		HttpHeaders headers = exchange.getRequest().getHeaders();
		return headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
	}

}
