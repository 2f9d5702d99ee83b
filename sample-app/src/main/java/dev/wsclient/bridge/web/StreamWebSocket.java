package dev.wsclient.bridge.web;

import dev.wsclient.bridge.stream.Ending;
import dev.wsclient.bridge.stream.StreamSubscriber;
import reactor.core.publisher.Mono;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * Sends one subscriber a client's stream over a WebSocket: every upstream message as a
 * frame of the same type (text or binary) with the same payload, encoded once for all
 * subscribers.
 *
 * <p>
 * The subscriber has nothing to say: what it sends is read, held to RFC 6455 (the
 * server's strict framing, {@code bridge.websocket.max-frame-size}) and otherwise
 * ignored; it answers the bridge's pings. The connection ends when the subscriber closes
 * it, with 1008 (policy violation) when the bridge cuts it off for falling behind, 1001
 * (going away) when it answers no ping or when the bridge shuts down.
 */
final class StreamWebSocket {

	private StreamWebSocket() {
	}

	/**
	 * Serve a subscriber on a connection just upgraded.
	 * @param subscriber the subscriber's stream
	 * @param in the connection's inbound side
	 * @param out the connection's outbound side
	 * @return completes when the connection ends
	 */
	static Mono<Void> serve(StreamSubscriber subscriber, WebsocketInbound in, WebsocketOutbound out) {
		Mono<Void> receiving = in.receiveFrames()
			.doOnNext((frame) -> subscriber.heardFromPeer())
			.then()
			.onErrorComplete();
		Mono<Void> sending = out.sendObject(subscriber).then().then(Mono.defer(() -> close(out, subscriber)));
		// Whichever side ends first ends the other: a subscriber that left cancels its
		// stream; a stream the bridge ended closes the connection.
		return Mono.firstWithSignal(sending, receiving);
	}

	private static Mono<Void> close(WebsocketOutbound out, StreamSubscriber subscriber) {
		Ending ending = subscriber.ending();
		if (ending == null) {
			return out.sendClose(1000, null);
		}
		// The descriptions are the bridge's own, well within the 123 bytes of a close
		// reason.
		return out.sendClose(ending.reason().closeCode(), ending.description());
	}

}
