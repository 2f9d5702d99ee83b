package dev.wsclient.core;

import java.net.URI;
import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One logical WebSocket client, reusable across connections like the seed module's client
 * object: its handlers and options survive a close, and {@link #connect(URI)} may be
 * called again.
 *
 * <p>
 * Everything that happens is published twice: to the seed-style handlers
 * ({@link #onConnection}, {@link #onReceive}, {@link #onClose}; one of each, {@code null}
 * removes it), and as {@link #events()} and {@link #messages()} streams, with
 * {@link #lifecycleEvents()} for those who want everything but the messages. Every
 * connection attempt ends in exactly one close event with a {@link WsCloseStatus}.
 *
 * <p>
 * Subscribers of {@link #events()} and {@link #messages()} set the pace: while any of
 * them has {@link WsClientOptions#receiveBufferSize()} messages waiting, the client stops
 * reading from the socket and TCP slows the server down, so memory stays bounded and
 * nothing is dropped. Subscribers of {@link #lifecycleEvents()} never see a message and
 * never set the pace. With no subscriber of messages, messages go to the receive handler
 * only and are counted in {@link WsClientStats#messagesUndelivered()} when there is none.
 *
 * <p>
 * Handlers run on the connection's I/O thread and must not block.
 *
 * @since 0.1.0
 */
public interface WsClient {

	/**
	 * Create a client with default options.
	 * @return a new client, not yet connected
	 */
	static WsClient create() {
		return create(WsClientOptions.defaults());
	}

	/**
	 * Create a client.
	 * @param options the options
	 * @return a new client, not yet connected
	 */
	static WsClient create(WsClientOptions options) {
		return new ReactorNettyWsClient(options);
	}

	/**
	 * Check a URL the way {@link #connect(URI)} does before any I/O, for example to
	 * report an unusable configured URL when the application starts rather than when it
	 * first connects.
	 * @param url the URL
	 * @param redaction what to hide of the URL in the reason
	 * @return {@code null} when the URL can be connected to, otherwise the close status a
	 * connection to it would end with (-1 bad scheme, -2 hostname too long, -3 bad port,
	 * -4 no hostname), its reason naming the URL without its secrets
	 * @since 0.2.0
	 */
	static @Nullable WsCloseStatus checkUrl(URI url, WsRedaction redaction) {
		return WsUrls.validate(url, redaction);
	}

	/**
	 * Start connecting at once. The URL is checked before any I/O: a bad one ends with a
	 * close event of status -1 to -4. With reconnection enabled, lost connections are
	 * re-established until {@link #close()}.
	 * @param url a {@code ws} or {@code wss} URL
	 * @return a {@code Mono} that completes when the connection is open and fails with
	 * {@link WsConnectException} when the attempt failed and no other will follow; the
	 * connection goes ahead whether it is subscribed or not
	 * @throws IllegalStateException when the client is already connecting or connected
	 */
	Mono<Void> connect(URI url);

	/**
	 * Start connecting at once; see {@link #connect(URI)}.
	 * @param url a {@code ws} or {@code wss} URL
	 * @return a {@code Mono} that completes when the connection is open
	 */
	Mono<Void> connect(String url);

	/**
	 * Send a text message, for reactive code: a message the client cannot accept is
	 * reported as an error signal of the returned {@code Mono}, never thrown, so that
	 * {@code client.send(text).thenReturn(...)} in a WebFlux handler fails as a
	 * {@code Mono} does. The message is offered to the connection at once, as
	 * {@link #sendNow(String)} does; subscribing only observes the outcome.
	 * @param text the text
	 * @return a {@code Mono} that completes once the message is written to the socket,
	 * and fails with {@link WsSendException} when the client is not open, the message is
	 * too large or the send buffer is full (nothing was sent), or the connection ended
	 * before the message was written; sending goes ahead whether it is subscribed or not
	 */
	Mono<Void> send(String text);

	/**
	 * Send a binary message; a message the client cannot accept fails the returned
	 * {@code Mono}, see {@link #send(String)}.
	 * @param bytes the payload
	 * @return a {@code Mono} that completes once the message is written, or fails with
	 * {@link WsSendException}
	 */
	Mono<Void> send(byte[] bytes);

	/**
	 * Send a binary message from the remaining bytes of a buffer; a message the client
	 * cannot accept fails the returned {@code Mono}, see {@link #send(String)}.
	 * @param buffer the payload
	 * @return a {@code Mono} that completes once the message is written, or fails with
	 * {@link WsSendException}
	 */
	Mono<Void> send(ByteBuffer buffer);

	/**
	 * Send a payload with the given opcode, as the seed's {@code send(message, opcode)}
	 * does; a message the client cannot accept fails the returned {@code Mono}, see
	 * {@link #send(String)}.
	 * @param payload the payload
	 * @param opcode text or binary; a text payload must be valid UTF-8
	 * @return a {@code Mono} that completes once the message is written, or fails with
	 * {@link WsSendException}
	 * @throws IllegalArgumentException when a text payload is not valid UTF-8
	 */
	Mono<Void> send(byte[] payload, WsOpcode opcode);

	/**
	 * Send a message; a message the client cannot accept fails the returned {@code Mono},
	 * see {@link #send(String)}.
	 * @param message the message
	 * @return a {@code Mono} that completes once the message is written, or fails with
	 * {@link WsSendException}
	 */
	Mono<Void> send(WsMessage message);

	/**
	 * Send a message, for imperative code that wants to know at once: a message the
	 * client cannot accept throws, so that a caller that never subscribes to the result
	 * still learns of the refusal. Once accepted, the returned {@code Mono} reports the
	 * write as {@link #send(WsMessage)} does.
	 * @param message the message
	 * @return a {@code Mono} that completes once the message is written and fails with
	 * {@link WsSendException} when the connection ended before it was; sending goes ahead
	 * whether it is subscribed or not
	 * @throws WsSendException when the client is not open, the message is too large or
	 * the send buffer is full; nothing was sent
	 * @since 0.2.0
	 */
	Mono<Void> sendNow(WsMessage message);

	/**
	 * Send a text message, throwing when the client cannot accept it; see
	 * {@link #sendNow(WsMessage)}.
	 * @param text the text
	 * @return a {@code Mono} that completes once the message is written
	 * @throws WsSendException when the message cannot be accepted; nothing was sent
	 * @since 0.2.0
	 */
	default Mono<Void> sendNow(String text) {
		return sendNow(WsMessage.text(text));
	}

	/**
	 * Send a binary message, throwing when the client cannot accept it; see
	 * {@link #sendNow(WsMessage)}.
	 * @param bytes the payload
	 * @return a {@code Mono} that completes once the message is written
	 * @throws WsSendException when the message cannot be accepted; nothing was sent
	 * @since 0.2.0
	 */
	default Mono<Void> sendNow(byte[] bytes) {
		return sendNow(WsMessage.binary(bytes));
	}

	/**
	 * Close with status 1000; see {@link #close(int, String)}.
	 * @return a {@code Mono} that completes when the connection is closed
	 */
	Mono<Void> close();

	/**
	 * Close: stop any reconnection, send a close frame with the given code, wait up to
	 * the close timeout for the server's close frame, then end the connection. Closing a
	 * client that is not connected does nothing, so this may be called any number of
	 * times.
	 * @param code an RFC 6455 close code the client may send (1000, 1001, 1008,
	 * 3000-4999, ...)
	 * @param reason the reason, at most 123 bytes of UTF-8
	 * @return a {@code Mono} that completes when the connection is closed; closing goes
	 * ahead whether it is subscribed or not
	 */
	Mono<Void> close(int code, String reason);

	/**
	 * Return where the client is in its life.
	 * @return the state
	 */
	WsState state();

	/**
	 * Return the options.
	 * @return the options
	 */
	WsClientOptions options();

	/**
	 * Return counters and timings of this client.
	 * @return a snapshot of the statistics
	 */
	WsClientStats stats();

	/**
	 * Return the events of this client, from the moment of subscription on, in order. The
	 * stream never completes on its own; see the class description for its backpressure.
	 * @return the events
	 */
	Flux<WsEvent> events();

	/**
	 * Return the lifecycle events of this client, from the moment of subscription on, in
	 * order: every {@link WsEvent} but {@link WsEvent.Received}, that is
	 * {@link WsEvent.Connected}, {@link WsEvent.Closed} and {@link WsEvent.Reconnecting}.
	 * Messages are left out before they are queued, so a subscriber costs nothing per
	 * message, and it never slows the reading of the socket, however little it requests.
	 * The stream never completes on its own.
	 * @return the events other than messages
	 */
	Flux<WsEvent> lifecycleEvents();

	/**
	 * Return the messages received, from the moment of subscription on, in order.
	 * @return the messages
	 */
	Flux<WsMessage> messages();

	/**
	 * Set the handler called when a connection opens; {@code null} removes it.
	 * @param handler the handler
	 * @return this client
	 */
	WsClient onConnection(@Nullable ConnectionHandler handler);

	/**
	 * Set the handler called for every message; {@code null} removes it.
	 * @param handler the handler
	 * @return this client
	 */
	WsClient onReceive(@Nullable ReceiveHandler handler);

	/**
	 * Set the handler called when a connection attempt ends, successfully opened or not;
	 * {@code null} removes it.
	 * @param handler the handler
	 * @return this client
	 */
	WsClient onClose(@Nullable CloseHandler handler);

	/** Called when a connection opens. */
	@FunctionalInterface
	interface ConnectionHandler {

		/**
		 * Handle the new connection.
		 * @param client the client
		 */
		void onConnection(WsClient client);

	}

	/** Called for every message received. */
	@FunctionalInterface
	interface ReceiveHandler {

		/**
		 * Handle a message.
		 * @param client the client
		 * @param message the message; its {@link WsMessage#opcode()} is 1 for text, 2 for
		 * binary
		 */
		void onReceive(WsClient client, WsMessage message);

	}

	/** Called when a connection attempt ends. */
	@FunctionalInterface
	interface CloseHandler {

		/**
		 * Handle the end of a connection attempt.
		 * @param client the client
		 * @param status how it ended; {@code status.code()} is 0 for a normal close
		 */
		void onClose(WsClient client, WsCloseStatus status);

	}

}
