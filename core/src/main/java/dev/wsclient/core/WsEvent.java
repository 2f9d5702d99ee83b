package dev.wsclient.core;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What happens to a client, in order: every connection attempt ends in exactly one
 * {@link Closed}, and with reconnection enabled a {@link Reconnecting} precedes each new
 * attempt.
 *
 * @since 0.1.0
 */
public sealed interface WsEvent permits WsEvent.Connected, WsEvent.Received, WsEvent.Closed, WsEvent.Reconnecting {

	/**
	 * The handshake succeeded and the connection is open.
	 *
	 * @param url the URL, with secrets redacted by the client's {@link WsRedaction}
	 * @param subprotocol the subprotocol the server selected, or {@code null}
	 */
	record Connected(String url, @Nullable String subprotocol) implements WsEvent {

		public Connected {
			Objects.requireNonNull(url, "url must not be null");
		}

	}

	/**
	 * A whole message arrived.
	 *
	 * @param message the message
	 */
	record Received(WsMessage message) implements WsEvent {

		public Received {
			Objects.requireNonNull(message, "message must not be null");
		}

	}

	/**
	 * A connection attempt ended, successfully opened or not.
	 *
	 * @param status how it ended
	 */
	record Closed(WsCloseStatus status) implements WsEvent {

		public Closed {
			Objects.requireNonNull(status, "status must not be null");
		}

	}

	/**
	 * A new connection attempt is scheduled.
	 *
	 * @param attempt the number of the attempt since the connection was last stable, from
	 * 1
	 * @param delay how long the client waits before the attempt
	 */
	record Reconnecting(long attempt, Duration delay) implements WsEvent {

		public Reconnecting {
			Objects.requireNonNull(delay, "delay must not be null");
		}

	}

}
