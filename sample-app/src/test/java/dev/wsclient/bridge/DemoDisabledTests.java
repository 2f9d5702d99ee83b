package dev.wsclient.bridge;

import dev.wsclient.autoconfigure.WsClients;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bridge.demo.enabled=false}, as in production: no demo feed, no demo client.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "bridge.demo.enabled=false")
class DemoDisabledTests {

	@LocalServerPort
	private int port;

	@Autowired
	private WsClients clients;

	@Test
	void thereIsNoDemoClientAndNoDemoFeed() {
		assertThat(this.clients.names()).isEmpty();
		WebTestClient http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
		http.get().uri("/streams/demo").exchange().expectStatus().isNotFound();
		http.get().uri("/demo/feed").exchange().expectStatus().isNotFound();
		http.get()
			.uri("/actuator/wsclients")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.clients")
			.isEmpty();
		http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
	}

}
