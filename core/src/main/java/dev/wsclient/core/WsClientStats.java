package dev.wsclient.core;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of a client's counters and timings, for health checks and metrics.
 *
 * @param state the state
 * @param url the URL of the current or last connection, with secrets redacted by the
 * client's {@link WsRedaction}, or {@code null} before the first connect
 * @param connectedSince when the current connection opened, or {@code null} when not open
 * @param lastMessageAt when the last message arrived, or {@code null}
 * @param lastClose how the last connection attempt ended, or {@code null} before any
 * ended
 * @param pingRoundTrip the round-trip time of the last answered ping, or {@code null}
 * @param lastPingAnswered false once a ping went a whole ping interval unanswered, true
 * again as soon as the server answers or sends anything (true when no ping was missed; a
 * ping still in flight does not count as missed)
 * @param messagesReceived messages received
 * @param messagesSent messages written to the socket
 * @param textMessagesReceived text messages received
 * @param textMessagesSent text messages written
 * @param bytesReceived payload bytes received
 * @param bytesSent payload bytes written
 * @param connectAttempts connection attempts started
 * @param reconnectAttempts reconnection attempts scheduled
 * @param messagesUndelivered messages that arrived while nobody listened: no subscriber
 * and no receive handler
 * @since 0.1.0
 */
public record WsClientStats(WsState state, @Nullable String url, @Nullable Instant connectedSince,
		@Nullable Instant lastMessageAt, @Nullable WsCloseStatus lastClose, @Nullable Duration pingRoundTrip,
		boolean lastPingAnswered, long messagesReceived, long messagesSent, long textMessagesReceived,
		long textMessagesSent, long bytesReceived, long bytesSent, long connectAttempts, long reconnectAttempts,
		long messagesUndelivered) {

}
