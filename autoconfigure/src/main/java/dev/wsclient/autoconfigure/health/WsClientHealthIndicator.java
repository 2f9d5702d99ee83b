package dev.wsclient.autoconfigure.health;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.wsclient.autoconfigure.WsClientRedaction;
import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsClientStats;
import dev.wsclient.core.WsCloseStatus;
import dev.wsclient.core.WsState;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of one WebSocket client: {@code UP} when its connection is open and its last
 * ping was answered. Otherwise a required client is {@code DOWN}, and a client configured
 * with {@code required: false} is {@link #UNAVAILABLE}: a status that Spring Boot's
 * default status order ignores, so it never makes the overall health, or a readiness
 * group, {@code DOWN}.
 *
 * <p>
 * Details: state, URL with secrets redacted, connected since, last message time, ping
 * round-trip time, reconnect attempts and, once a connection attempt has ended, the last
 * close status. Values read from one snapshot of the client's statistics; nothing here
 * blocks.
 */
public class WsClientHealthIndicator implements HealthIndicator {

	/**
	 * Status of a client that is not required and not connected. Add it to
	 * {@code management.endpoint.health.status.order} to give it weight.
	 */
	public static final Status UNAVAILABLE = new Status("UNAVAILABLE", "An optional WebSocket client is not connected");

	private final WsClient client;

	private final boolean required;

	private final WsClientRedaction redaction;

	/**
	 * Create an indicator that shows the URL with the default redaction.
	 * @param client the client
	 * @param required whether the application needs the client
	 */
	public WsClientHealthIndicator(WsClient client, boolean required) {
		this(client, required, WsClientRedaction.defaults());
	}

	/**
	 * Create an indicator.
	 * @param client the client
	 * @param required whether the application needs the client
	 * @param redaction what to hide of the URL
	 * @since 0.2.0
	 */
	public WsClientHealthIndicator(WsClient client, boolean required, WsClientRedaction redaction) {
		this.client = client;
		this.required = required;
		this.redaction = redaction;
	}

	@Override
	public Health health() {
		WsClientStats stats = this.client.stats();
		boolean open = stats.state() == WsState.OPEN;
		Health.Builder health;
		if (open && stats.lastPingAnswered()) {
			health = Health.up();
		}
		else {
			health = this.required ? Health.down() : Health.status(UNAVAILABLE);
		}
		details(stats).forEach(health::withDetail);
		if (!this.required) {
			health.withDetail("required", false);
		}
		if (open && !stats.lastPingAnswered()) {
			health.withDetail("lastPingAnswered", false);
		}
		return health.build();
	}

	private Map<String, Object> details(WsClientStats stats) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("state", stats.state().name());
		String url = stats.url();
		putIfPresent(details, "url", (url != null) ? this.redaction.url(url) : null);
		putIfPresent(details, "connectedSince", text(stats.connectedSince()));
		putIfPresent(details, "lastMessageAt", text(stats.lastMessageAt()));
		putIfPresent(details, "pingRttMillis", millis(stats.pingRoundTrip()));
		details.put("reconnectAttempts", stats.reconnectAttempts());
		WsCloseStatus lastClose = stats.lastClose();
		if (lastClose != null) {
			details.put("lastClose", lastClose(lastClose));
		}
		return details;
	}

	private static Map<String, Object> lastClose(WsCloseStatus status) {
		Map<String, Object> close = new LinkedHashMap<>();
		close.put("code", status.code());
		putIfPresent(close, "rfcCode", status.rfcCode());
		close.put("reason", status.reason());
		putIfPresent(close, "httpStatus", status.httpStatus());
		return close;
	}

	private static void putIfPresent(Map<String, Object> details, String key, @Nullable Object value) {
		if (value != null) {
			details.put(key, value);
		}
	}

	private static @Nullable String text(@Nullable Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

	private static @Nullable Double millis(@Nullable Duration duration) {
		return (duration != null) ? duration.toNanos() / 1_000_000.0 : null;
	}

}
