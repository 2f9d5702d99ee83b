package dev.wsclient.bridge;

import java.time.Duration;

import dev.wsclient.bridge.support.RawConnection;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The actuator on a port of its own, as the Helm chart runs it: open there (the network
 * decides who reaches it), absent from the API port, which keeps what the status page
 * needs; and held to the same limits as the API port.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "bridge.http.request-header-timeout=1s" })
class ManagementPortTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	@Test
	void theActuatorIsOpenOnTheManagementPortAndAbsentFromTheApiPort() {
		WebTestClient management = client(this.managementPort);
		WebTestClient api = client(this.port);
		management.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
		management.get()
			.uri("/actuator/wsclients")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.clients.demo")
			.exists();
		management.get()
			.uri("/actuator/health/readiness")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.components")
			.doesNotExist();
		api.get().uri("/actuator/prometheus").exchange().expectStatus().isUnauthorized();
		api.get()
			.uri("/api/clients")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.clients.demo.state")
			.exists();
	}

	@Test
	void theManagementPortHasTheSameDeadlinesAsTheApiPort() {
		try (RawConnection connection = RawConnection.open(this.managementPort)) {
			long start = System.nanoTime();
			connection.send("GET /actuator/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
			while (connection.send("a") && !connection.awaitEnd(Duration.ofMillis(100))
					&& Duration.ofNanos(System.nanoTime() - start).compareTo(TIMEOUT) < 0) {
				// Trickling.
			}
			assertThat(connection.awaitEnd(TIMEOUT)).isTrue();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
		}
	}

	private static WebTestClient client(int port) {
		return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(TIMEOUT).build();
	}

}
