package dev.wsclient.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.wsclient.core.testsupport.RoutesServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The seed's close callback may connect the client again: by the time the close handler
 * runs, the client has settled.
 */
class ReconnectFromCloseHandlerTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Test
	void closeHandlerCanConnectAgainAtOnce() {
		try (RoutesServer server = RoutesServer.start()) {
			WsClient client = WsClient.create();
			List<Throwable> failures = new CopyOnWriteArrayList<>();
			client.onClose((ws, status) -> {
				if (status.code() == -6) {
					try {
						ws.connect(server.uri("/echo"));
					}
					catch (RuntimeException ex) {
						failures.add(ex);
					}
				}
			});
			try {
				client.connect(server.uri("/close?code=4000&reason=again")).block(TIMEOUT);
				await().atMost(TIMEOUT)
					.until(() -> client.state() == WsState.OPEN && client.stats().connectAttempts() == 2);
				assertThat(failures).isEmpty();
				assertThat(client.stats().lastClose()).isNotNull()
					.satisfies((status) -> assertThat(status.code()).isEqualTo(-6));
			}
			finally {
				client.close().block(TIMEOUT);
			}
		}
	}

}
