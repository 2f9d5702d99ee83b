package dev.wsclient.bridge.web;

import dev.wsclient.bridge.stream.SlowSubscriberException;
import dev.wsclient.bridge.stream.StreamMessage;
import dev.wsclient.core.WsMessage;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * Sends one subscriber a client's stream over WebSocket: every upstream message as a
 * frame of the same type (text or binary) with the same payload.
 *
 * <p>
 * The subscriber has nothing to say: what it sends is read and ignored. The connection
 * ends when the subscriber closes it, with 1008 (policy violation) and the reason
 * {@code "too slow: more than N messages waiting"} when the bridge cuts it off, and with
 * 1001 (going away) when the bridge shuts down.
 */
final class StreamWebSocketHandler implements WebSocketHandler {

	private final Flux<StreamMessage> messages;

	private final Runnable onBridgeClose;

	/**
	 * Create a handler for one subscriber.
	 * @param messages the subscriber's stream
	 * @param onBridgeClose called when the bridge closes the connection
	 */
	StreamWebSocketHandler(Flux<StreamMessage> messages, Runnable onBridgeClose) {
		this.messages = messages;
		this.onBridgeClose = onBridgeClose;
	}

	@Override
	public Mono<Void> handle(WebSocketSession session) {
		Mono<Void> sending = session.send(this.messages.map((message) -> frame(session, message.message())))
			.then(Mono.fromSupplier(() -> CloseStatus.GOING_AWAY))
			.onErrorResume(SlowSubscriberException.class,
					(ex) -> Mono.just(CloseStatus.POLICY_VIOLATION.withReason(ex.getReason())))
			.flatMap((status) -> close(session, status));
		Mono<Void> receiving = session.receive().then().onErrorComplete();
		// Whichever side ends first ends the other: a subscriber that left cancels its
		// stream; a stream the bridge ended closes the connection.
		return Mono.firstWithSignal(sending, receiving);
	}

	private Mono<Void> close(WebSocketSession session, CloseStatus status) {
		this.onBridgeClose.run();
		return session.close(status);
	}

	private static WebSocketMessage frame(WebSocketSession session, WsMessage message) {
		WebSocketMessage.Type type = message.isText() ? WebSocketMessage.Type.TEXT : WebSocketMessage.Type.BINARY;
		// No copy: the payload is an immutable array, shared by every subscriber.
		return new WebSocketMessage(type, session.bufferFactory().wrap(message.payload()));
	}

}
