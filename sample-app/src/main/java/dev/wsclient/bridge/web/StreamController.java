package dev.wsclient.bridge.web;

import dev.wsclient.bridge.BridgeProperties;
import dev.wsclient.bridge.stream.EventId;
import dev.wsclient.bridge.stream.StreamHub;
import dev.wsclient.bridge.stream.StreamSubscriber;
import dev.wsclient.bridge.stream.Transport;
import dev.wsclient.bridge.stream.UnknownEventIdException;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code GET /streams/{client}}: a client's messages as Server-Sent Events, or over a
 * WebSocket when the request is an upgrade.
 *
 * <p>
 * SSE: a text message is an event without a name whose data is the text; a binary message
 * is an event named {@code binary} whose data is the payload in Base64; the event id is
 * the message's id, {@code <epoch>-<sequence>} ({@link EventId}). A subscriber the bridge
 * cuts off gets a last event named {@code error} with a JSON object describing why.
 * Comment lines open the stream and keep it alive.
 *
 * <p>
 * Resuming: an SSE subscriber that sends {@code Last-Event-ID} (as {@code EventSource}
 * does when it reconnects), or gives the id in the {@code lastEventId} or {@code since}
 * query parameter, and a WebSocket subscriber that gives it in {@code since}, start right
 * after that message: they get the messages the bridge still holds after it, then the
 * live stream. What the bridge no longer holds is announced by a {@code gap} event (a
 * {@code gap} frame) before them, never skipped silently. {@code since=now} starts live.
 * A WebSocket stream with {@code since} opens with a text frame telling the id of its
 * first message, from which the subscriber counts: the bridge never skips a message
 * within a stream (it ends the stream of a subscriber that falls behind). An id that is
 * not an id, or one of this stream's epoch that was not sent yet, is refused with 400
 * before any upgrade.
 *
 * <p>
 * Both write the client's shared, already encoded messages straight to the connection
 * ({@link StreamHub}), at the pace the connection takes them, once Spring has finished
 * with the request: the SSE stream through {@link StreamHandoff}, the WebSocket stream
 * after its upgrade.
 */
@RestController
class StreamController {

	static final String PATH = "/streams/{client}";

	private final StreamHub hub;

	private final WebsocketServerSpec webSocketSpec;

	StreamController(StreamHub hub, BridgeProperties properties) {
		this.hub = hub;
		this.webSocketSpec = WebsocketServerSpec.builder()
			.maxFramePayloadLength((int) properties.getWebsocket().getMaxFrameSize().toBytes())
			.build();
	}

	@GetMapping(path = PATH, produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Mono<Void> events(@PathVariable String client, ServerWebExchange exchange) {
		this.hub.requireClient(client);
		Resume resume = Resume.ofServerSentEvents(exchange.getRequest());
		Connection connection = NativeConnection.connection(exchange);
		return StreamHandoff.current().flatMap((handoff) -> {
			handoff.pass(subscribe(client, Transport.SSE, connection, resume));
			// An endless response: the connection is not worth keeping for another
			// request.
			connection.markPersistent(false);
			ServerHttpResponse response = exchange.getResponse();
			response.getHeaders().setContentType(MediaType.TEXT_EVENT_STREAM);
			// Proxies such as nginx would otherwise buffer the stream.
			response.getHeaders().set("X-Accel-Buffering", "no");
			return response.setComplete();
		});
	}

	@GetMapping(path = PATH, headers = HttpHeaders.UPGRADE)
	Mono<Void> webSocket(@PathVariable String client, ServerWebExchange exchange) {
		this.hub.requireClient(client);
		WebSocketHandshake.check(exchange.getRequest());
		Resume resume = Resume.ofWebSocket(exchange.getRequest());
		Connection connection = NativeConnection.connection(exchange);
		HttpServerResponse nativeResponse = NativeConnection.response(exchange);
		StreamSubscriber subscriber = subscribe(client, Transport.WEBSOCKET, connection, resume);
		// Completing Spring's response applies its headers (security headers among them)
		// to the handshake response without writing anything.
		return exchange.getResponse()
			.setComplete()
			.then(Mono.defer(() -> nativeResponse.sendWebsocket((in, out) -> StreamWebSocket.serve(subscriber, in, out),
					this.webSocketSpec)))
			.doOnError((ex) -> subscriber.cancel());
	}

	private StreamSubscriber subscribe(String client, Transport transport, Connection connection, Resume resume) {
		try {
			return this.hub.subscribe(client, transport, connection.channel(), resume.after(), resume.announce());
		}
		catch (UnknownEventIdException ex) {
			throw Problems.futureEventId(resume.source(), ex.getLatest());
		}
	}

}
