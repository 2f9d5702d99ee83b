package dev.wsclient.bridge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.wsclient.bridge.support.ParanoidLeakDetection;
import dev.wsclient.bridge.support.RawConnection;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connections beyond {@code bridge.http.max-connections} are closed as soon as they are
 * accepted; once others close, new ones are served again.
 */
@ParanoidLeakDetection
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "bridge.demo.enabled=false", "bridge.http.max-connections=5" })
class ConnectionLimitTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@LocalServerPort
	private int port;

	@Test
	void connectionsBeyondTheMaximumAreClosedAtOnce() {
		List<RawConnection> open = new ArrayList<>();
		try {
			for (int i = 0; i < 5; i++) {
				RawConnection connection = RawConnection.open(this.port);
				open.add(connection);
				connection.send("GET /api/clients HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
				assertThat(connection.awaitResponse(TIMEOUT)).startsWith("HTTP/1.1 200");
			}
			try (RawConnection refused = RawConnection.open(this.port)) {
				assertThat(refused.awaitEnd(TIMEOUT)).isTrue();
				assertThat(refused.received()).isEmpty();
			}
			open.remove(0).close();
			// The bridge notices the close a moment later; then there is room again.
			await().atMost(TIMEOUT).untilAsserted(() -> {
				try (RawConnection served = RawConnection.open(this.port)) {
					served.send("GET /api/clients HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
					assertThat(served.awaitResponse(TIMEOUT)).startsWith("HTTP/1.1 200");
				}
			});
		}
		finally {
			open.forEach(RawConnection::close);
		}
	}

}
