package dev.wsclient.autoconfigure.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsClientStats;
import dev.wsclient.core.WsCloseStatus;
import dev.wsclient.core.WsState;
import dev.wsclient.core.WsStatusCode;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link WsClientHealthIndicator}.
 */
class WsClientHealthIndicatorTests {

	private static final Instant SINCE = Instant.parse("2025-06-01T09:12:44.103Z");

	private static final WsCloseStatus HEARTBEAT = WsCloseStatus.of(WsStatusCode.HEARTBEAT_TIMEOUT, 1006,
			"server answered no ping");

	@Test
	void anOpenClientWhoseLastPingWasAnsweredIsUp() {
		Health health = health(stats(WsState.OPEN, true, null), true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("state", "OPEN")
			.containsEntry("url", "wss://feed.example.com/?token=***")
			.containsEntry("connectedSince", SINCE.toString())
			.containsEntry("pingRttMillis", 12.5)
			.containsEntry("reconnectAttempts", 3L)
			.doesNotContainKeys("lastClose", "required", "lastPingAnswered");
	}

	@Test
	void anOpenClientWaitingForAPongIsDown() {
		Health health = health(stats(WsState.OPEN, false, null), true);
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("lastPingAnswered", false);
	}

	@Test
	void aRequiredClientThatLostItsConnectionIsDownWithTheLastCloseStatus() {
		Health health = health(stats(WsState.RECONNECTING, true, HEARTBEAT), true);
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails().get("lastClose")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("code", -19)
			.containsEntry("rfcCode", 1006)
			.containsEntry("reason", "server answered no ping")
			.doesNotContainKey("httpStatus");
	}

	@Test
	void aRefusedHandshakeShowsTheHttpStatus() {
		WsCloseStatus refused = new WsCloseStatus(WsStatusCode.NOT_SWITCHING_PROTOCOLS, null, "HTTP 401", 401, null);
		Health health = health(stats(WsState.CLOSED, true, refused), true);
		assertThat(health.getDetails().get("lastClose")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("code", -17)
			.containsEntry("httpStatus", 401)
			.doesNotContainKey("rfcCode");
	}

	@Test
	void aClientThatIsNotRequiredIsUnavailableInsteadOfDown() {
		Health health = health(stats(WsState.RECONNECTING, true, HEARTBEAT), false);
		assertThat(health.getStatus()).isEqualTo(WsClientHealthIndicator.UNAVAILABLE);
		assertThat(health.getDetails()).containsEntry("required", false);
	}

	private static Health health(WsClientStats stats, boolean required) {
		WsClient client = mock(WsClient.class);
		given(client.stats()).willReturn(stats);
		return Objects.requireNonNull(new WsClientHealthIndicator(client, required).health());
	}

	private static WsClientStats stats(WsState state, boolean lastPingAnswered, @Nullable WsCloseStatus lastClose) {
		boolean open = state == WsState.OPEN;
		return new WsClientStats(state, "wss://feed.example.com/?token=***", open ? SINCE : null, null, lastClose,
				Duration.ofNanos(12_500_000), lastPingAnswered, 10, 1, 10, 1, 100, 10, 4, 3, 0);
	}

}
