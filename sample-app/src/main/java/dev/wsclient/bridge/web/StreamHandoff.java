package dev.wsclient.bridge.web;

import java.util.concurrent.atomic.AtomicReference;

import dev.wsclient.bridge.stream.StreamSubscriber;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;

/**
 * Writes a Server-Sent Events stream after Spring has finished with its request.
 *
 * <p>
 * A response body that Spring writes keeps the whole exchange alive for as long as it is
 * written: its attributes, and the subscribers of every web filter it went through
 * (Spring Security's chain alone is a dozen), kilobytes per subscriber for the life of an
 * endless stream. So the stream's controller only authorizes and prepares the stream and
 * passes it here ({@link #pass}); Spring then completes its response, which applies its
 * status and headers (security, CORS) to Reactor Netty's response without writing
 * anything; and once Spring's handling has completed, and all it held is garbage, the
 * stream is written to Reactor Netty's response directly. A WebSocket stream needs none
 * of this: its upgrade completes Spring's handling by itself.
 *
 * <p>
 * One instance per GET request, in the Reactor context of its handling
 * ({@link #current()}), put there by the {@link Decorator} of the server's HTTP handler.
 */
final class StreamHandoff {

	private final AtomicReference<@Nullable StreamSubscriber> passed = new AtomicReference<>();

	private StreamHandoff() {
	}

	/**
	 * Return the handoff of the request being handled.
	 * @return the handoff, or an error when the server's HTTP handler is not decorated
	 */
	static Mono<StreamHandoff> current() {
		return Mono.deferContextual((context) -> context.<StreamHandoff>getOrEmpty(StreamHandoff.class)
			.map(Mono::just)
			.orElseGet(() -> Mono.error(new IllegalStateException(
					"No stream handoff for this request: the HTTP handler lacks StreamHandoff.Decorator"))));
	}

	/**
	 * Pass the stream to write once Spring has completed the response with status 200. It
	 * is cancelled if Spring's handling fails or sets another status, or when the request
	 * is cancelled first.
	 * @param subscriber the stream
	 * @throws IllegalStateException when a stream was passed already
	 */
	void pass(StreamSubscriber subscriber) {
		if (!this.passed.compareAndSet(null, subscriber)) {
			subscriber.cancel();
			throw new IllegalStateException("A request has one stream only");
		}
	}

	private Mono<Void> write(ServerHttpResponse response) {
		StreamSubscriber subscriber = this.passed.getAndSet(null);
		if (subscriber == null) {
			return Mono.empty();
		}
		if (!HttpStatus.OK.equals(response.getStatusCode())) {
			subscriber.cancel();
			return Mono.empty();
		}
		HttpServerResponse nativeResponse = NativeConnection.response(response);
		return nativeResponse.send(subscriber).then();
	}

	private void abandon() {
		StreamSubscriber subscriber = this.passed.getAndSet(null);
		if (subscriber != null) {
			subscriber.cancel();
		}
	}

	/**
	 * Gives every GET request a {@link StreamHandoff} and writes the stream passed to it
	 * after Spring's handling. A component, like the controllers that rely on it.
	 */
	@Component
	static final class Decorator implements HttpHandlerDecoratorFactory {

		@Override
		public HttpHandler apply(HttpHandler handler) {
			return (request, response) -> isGet(request) ? handle(handler, request, response)
					: handler.handle(request, response);
		}

		private static boolean isGet(ServerHttpRequest request) {
			return HttpMethod.GET.equals(request.getMethod());
		}

		private static Mono<Void> handle(HttpHandler handler, ServerHttpRequest request, ServerHttpResponse response) {
			StreamHandoff handoff = new StreamHandoff();
			return handler.handle(request, response)
				.contextWrite((context) -> context.put(StreamHandoff.class, handoff))
				.then(Mono.defer(() -> handoff.write(response)))
				.doFinally((signal) -> handoff.abandon());
		}

	}

}
