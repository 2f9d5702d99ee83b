package dev.wsclient.bridge;

import dev.wsclient.autoconfigure.WsClients;
import dev.wsclient.bridge.security.GeneratedApiKey;
import dev.wsclient.bridge.support.TestKeys;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bridge.demo.enabled=false}, as in production: no demo feed, no demo client, no
 * generated key, nothing anyone may read without credentials.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "bridge.demo.enabled=false", TestKeys.MONITOR_HASH, TestKeys.MONITOR_GRANTS })
class DemoDisabledTests {

	@LocalServerPort
	private int port;

	@Autowired
	private WsClients clients;

	@Autowired
	private ObjectProvider<GeneratedApiKey> generatedKey;

	@Test
	void thereIsNoDemoClientNoDemoFeedAndNoGeneratedKey() {
		assertThat(this.clients.names()).isEmpty();
		assertThat(this.generatedKey.getIfAvailable()).isNull();
		WebTestClient http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
		http.get().uri("/streams/demo").exchange().expectStatus().isUnauthorized();
		http.get().uri("/demo/feed").exchange().expectStatus().isNotFound();
		http.get()
			.uri("/actuator/wsclients")
			.header(TestKeys.HEADER, TestKeys.MONITOR)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.clients")
			.isEmpty();
		http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
		http.get().uri("/api/clients").exchange().expectStatus().isOk().expectBody().jsonPath("$.clients").isEmpty();
	}

}
