package dev.wsclient.bridge.web;

import java.time.Duration;
import java.util.Base64;

import dev.wsclient.bridge.BridgeProperties;
import dev.wsclient.bridge.stream.SlowSubscriberException;
import dev.wsclient.bridge.stream.StreamHub;
import dev.wsclient.bridge.stream.StreamMessage;
import dev.wsclient.bridge.stream.Transport;
import dev.wsclient.core.WsMessage;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code /streams/{client}}: the messages of an upstream client, as Server-Sent Events
 * ({@code GET}) or over a WebSocket (the same URL with {@code ws://}).
 *
 * <p>
 * SSE events: a text message is an event without a name whose data is the text; a binary
 * message is an event named {@code binary} whose data is the payload in Base64; each has
 * the message's sequence number as its {@code id}. A subscriber the bridge cuts off gets
 * a last event named {@code error} with a JSON object describing why. Comment lines open
 * the stream and keep it alive.
 */
@RestController
class StreamController {

	static final String PATH = "/streams/{client}";

	private static final ServerSentEvent<Object> HEARTBEAT = ServerSentEvent.builder().comment("heartbeat").build();

	private final StreamHub hub;

	private final WebSocketService webSocketService;

	private final ConnectionDeadline deadline;

	private final Duration heartbeatInterval;

	StreamController(StreamHub hub, WebSocketService webSocketService, BridgeProperties properties) {
		this.hub = hub;
		this.webSocketService = webSocketService;
		this.deadline = new ConnectionDeadline(properties.getSubscriber().getCloseTimeout());
		this.heartbeatInterval = properties.getSse().getHeartbeatInterval();
	}

	@GetMapping(path = PATH, produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<Object>> events(@PathVariable String client, ServerWebExchange exchange) {
		Flux<StreamMessage> messages = this.hub.subscribe(client, Transport.SSE);
		Sinks.Empty<Void> ended = Sinks.empty();
		Flux<ServerSentEvent<Object>> events = messages.map(StreamController::event)
			.onErrorResume(SlowSubscriberException.class, (ex) -> Mono.just(cutOffEvent(ex)))
			.doOnComplete(() -> this.deadline.start(exchange))
			.doFinally((signal) -> ended.tryEmitEmpty());
		// A subscriber that is not reading misses heartbeats rather than failing the
		// stream.
		Flux<ServerSentEvent<Object>> heartbeats = Flux.interval(this.heartbeatInterval)
			.onBackpressureDrop()
			.map((tick) -> HEARTBEAT)
			.takeUntilOther(ended.asMono());
		ServerSentEvent<Object> opening = ServerSentEvent.builder().comment("stream of client " + client).build();
		// Prefetch 1: no hidden buffer beyond the subscriber's own.
		return Flux.merge(1, Mono.just(opening), events, heartbeats);
	}

	@GetMapping(path = PATH, headers = HttpHeaders.UPGRADE)
	Mono<Void> webSocket(@PathVariable String client, ServerWebExchange exchange) {
		Flux<StreamMessage> messages = this.hub.subscribe(client, Transport.WEBSOCKET);
		return this.webSocketService.handleRequest(exchange,
				new StreamWebSocketHandler(messages, () -> this.deadline.start(exchange)));
	}

	private static ServerSentEvent<Object> event(StreamMessage streamMessage) {
		WsMessage message = streamMessage.message();
		ServerSentEvent.Builder<Object> event = ServerSentEvent.builder().id(Long.toString(streamMessage.sequence()));
		if (message.isText()) {
			return event.data(message.text()).build();
		}
		return event.event("binary").data(Base64.getEncoder().encodeToString(message.bytes())).build();
	}

	private static ServerSentEvent<Object> cutOffEvent(SlowSubscriberException ex) {
		CutOff data = new CutOff("slow-subscriber", ex.getReason(), ex.getBufferSize(), ex.getDropped());
		return ServerSentEvent.builder().event("error").data(data).build();
	}

	/**
	 * Data of the last event of a subscriber the bridge cut off.
	 *
	 * @param error what happened: {@code slow-subscriber}
	 * @param reason the same in words
	 * @param bufferSize the subscriber's buffer size
	 * @param dropped how many messages it did not get
	 */
	record CutOff(String error, String reason, int bufferSize, int dropped) {

	}

}
