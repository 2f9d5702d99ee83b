package dev.wsclient.bridge;

import java.time.Duration;

import dev.wsclient.autoconfigure.WsClients;
import dev.wsclient.bridge.support.SseSubscriber;
import dev.wsclient.bridge.support.WsSubscriber;
import dev.wsclient.core.WsCloseStatus;
import dev.wsclient.core.WsState;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Graceful shutdown ends the endless streams instead of waiting for them: WebSocket
 * subscribers get 1001 (going away), SSE streams complete, well within the shutdown
 * budget.
 */
class ShutdownTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@Test
	void shutdownEndsEveryStreamPromptly() {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(BridgeApplication.class)
			.properties("server.port=0", "spring.lifecycle.timeout-per-shutdown-phase=20s")
			.run();
		int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		WsClients clients = context.getBean(WsClients.class);
		await().atMost(TIMEOUT).until(() -> clients.get("demo").state() == WsState.OPEN);
		try (SseSubscriber sse = SseSubscriber.subscribe(port, "demo");
				WsSubscriber ws = WsSubscriber.subscribe(port, "demo")) {
			await().atMost(TIMEOUT).until(() -> !sse.texts().isEmpty() && !ws.texts().isEmpty());

			long start = System.nanoTime();
			context.close();
			Duration shutdown = Duration.ofNanos(System.nanoTime() - start);

			assertThat(shutdown).isLessThan(Duration.ofSeconds(10));
			sse.awaitEnd(TIMEOUT);
			await().atMost(TIMEOUT).until(() -> ws.closeStatus() != null);
			WsCloseStatus status = ws.closeStatus();
			assertThat(status).isNotNull();
			assertThat(status.rfcCode()).isEqualTo(1001);
		}
		finally {
			context.close();
		}
	}

}
