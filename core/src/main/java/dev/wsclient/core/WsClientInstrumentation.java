package dev.wsclient.core;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Instrumentation of a client: one call per fact, for metrics, tracing and logging. Every
 * method does nothing by default; implement those you need and add the instrumentation
 * with {@link WsClientOptions.Builder#instrumentation(WsClientInstrumentation)}. One
 * instrumentation may serve many clients: each call names the client.
 *
 * <p>
 * The facts, for each connection attempt in order: {@link #connectStarted}, then either
 * {@link #connected} or {@link #connectFailed}; while open, {@link #messageReceived} (or
 * {@link #messageUndelivered}), {@link #messageSent}, {@link #pingAnswered},
 * {@link #pingMissed}, {@link #readPaused} and {@link #readResumed}; then exactly one
 * {@link #closed} per attempt, followed by {@link #reconnecting} when another attempt is
 * scheduled. {@code closed} is also called, without a {@code connectStarted} before it,
 * when {@code connect} was given a URL that cannot be used, and when {@code close()}
 * cancels a scheduled reconnection.
 *
 * <p>
 * <strong>Threading.</strong> Calls for one client never overlap and arrive in the order
 * of the facts. Most are made on the connection's event loop (the thread that reads the
 * socket); {@code connectStarted} and the calls for a connection that never opened may
 * come from the thread that called {@code connect} or {@code close}, or from the client's
 * timer. An instrumentation must not block and should return quickly: while it runs, the
 * connection reads nothing, so a slow instrumentation slows every message, pauses TCP for
 * the server, and delays the other clients on the same event loop. Hand slow work to
 * another thread. An instrumentation that throws is logged and the client carries on.
 *
 * <p>
 * <strong>Cost.</strong> With no instrumentation the client calls a shared no-op, which
 * the JIT removes: receiving a message allocates the same bytes with or without this SPI.
 * Arguments are objects the client has anyway (the message, the close status); durations
 * are built only for pings and reconnections.
 *
 * @since 0.2.0
 */
public interface WsClientInstrumentation {

	/**
	 * An instrumentation that does nothing: what a client without instrumentations calls.
	 */
	WsClientInstrumentation NONE = new WsClientInstrumentation() {
	};

	/**
	 * A connection attempt starts: TCP connect, TLS and the WebSocket handshake follow.
	 * @param client the client
	 * @param url the URL, with secrets redacted by the client's {@link WsRedaction}
	 */
	default void connectStarted(WsClient client, String url) {
	}

	/**
	 * The handshake succeeded: the connection is open.
	 * @param client the client
	 * @param subprotocol the subprotocol the server selected, or {@code null}
	 */
	default void connected(WsClient client, @Nullable String subprotocol) {
	}

	/**
	 * A connection attempt ended before it opened; {@link #closed} follows with the same
	 * status.
	 * @param client the client
	 * @param status why it failed (or {@link WsStatusCode#NORMAL} when {@code close()}
	 * abandoned it)
	 */
	default void connectFailed(WsClient client, WsCloseStatus status) {
	}

	/**
	 * A whole message arrived and is about to be delivered to the receive handler and the
	 * subscribers. Its size is {@link WsMessage#size()}; its receive time
	 * {@link WsMessage#receivedNanos()}.
	 * @param client the client
	 * @param message the message
	 */
	default void messageReceived(WsClient client, WsMessage message) {
	}

	/**
	 * A message arrived while nobody listened: no subscriber of messages and no receive
	 * handler. Called after {@link #messageReceived} for the same message.
	 * @param client the client
	 * @param message the message, dropped
	 */
	default void messageUndelivered(WsClient client, WsMessage message) {
	}

	/**
	 * A message was written to the socket.
	 * @param client the client
	 * @param message the message
	 */
	default void messageSent(WsClient client, WsMessage message) {
	}

	/**
	 * The server answered a ping; called for every answered ping.
	 * @param client the client
	 * @param roundTrip the time from sending the ping to reading its pong
	 */
	default void pingAnswered(WsClient client, Duration roundTrip) {
	}

	/**
	 * A ping went a whole ping interval without an answer.
	 * @param client the client
	 */
	default void pingMissed(WsClient client) {
	}

	/**
	 * The client stopped reading the socket because a subscriber of messages has
	 * {@link WsClientOptions#receiveBufferSize()} messages waiting.
	 * @param client the client
	 */
	default void readPaused(WsClient client) {
	}

	/**
	 * The client reads the socket again after {@link #readPaused}.
	 * @param client the client
	 */
	default void readResumed(WsClient client) {
	}

	/**
	 * A connection attempt ended, whether it opened or not; exactly once per attempt.
	 * @param client the client
	 * @param status how it ended
	 */
	default void closed(WsClient client, WsCloseStatus status) {
	}

	/**
	 * Another connection attempt is scheduled after a lost connection.
	 * @param client the client
	 * @param attempt the number of the attempt since the connection was last stable, from
	 * 1
	 * @param delay how long the client waits before it
	 */
	default void reconnecting(WsClient client, long attempt, Duration delay) {
	}

}
