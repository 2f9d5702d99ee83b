package dev.wsclient.autoconfigure;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.wsclient.test.server.MockWsServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of the {@code wsclients} endpoint and the health over HTTP, in a running WebFlux
 * application with Actuator, against a real WebSocket server.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,wsclients",
				"management.endpoint.health.show-components=always", "management.endpoint.health.show-details=always",
				"management.endpoint.health.probes.enabled=true",
				"management.endpoint.health.group.readiness.include=readinessState,wsclients",
				"wsclient.defaults.close-timeout=2s", "wsclient.defaults.reconnect.initial-delay=100ms",
				"wsclient.defaults.reconnect.max-delay=300ms", "wsclient.clients.optional.required=false" })
class WsClientsEndpointApplicationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private static final MockWsServer server = MockWsServer.start();

	@LocalServerPort
	private int port;

	private WebTestClient http;

	@DynamicPropertySource
	static void clients(DynamicPropertyRegistry registry) {
		registry.add("wsclient.clients.prices.url", () -> server.uri("/ws?token=s3cret"));
		registry.add("wsclient.clients.optional.url", () -> "ws://127.0.0.1:" + unusedPort() + "/ws");
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@BeforeEach
	void awaitPricesUp() {
		this.http = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(TIMEOUT)
			.build();
		await().atMost(TIMEOUT).until(() -> "OPEN".equals(prices().get("state")));
	}

	@Test
	void listsEveryClientWithTheContractFields() {
		Map<String, Object> body = get("/actuator/wsclients");
		assertThat(body).containsOnlyKeys("clients");
		Map<String, Object> clients = map(body.get("clients"));
		assertThat(clients).containsOnlyKeys("prices", "optional");
		Map<String, Object> prices = map(clients.get("prices"));
		assertThat(prices).containsOnlyKeys("state", "url", "connectedSince", "lastClose", "pingRttMillis",
				"messagesReceived", "messagesSent", "reconnectAttempts");
		assertThat(prices.get("url")).asString().endsWith("/ws?token=***").doesNotContain("s3cret");
		assertThat(prices.get("connectedSince")).asString().isNotEmpty();
		assertThat(prices.get("messagesSent")).isInstanceOf(Number.class);
		await().atMost(TIMEOUT)
			.until(() -> map(get("/actuator/wsclients").get("clients")).get("optional") != null
					&& map(map(get("/actuator/wsclients").get("clients")).get("optional")).get("lastClose") != null);
		Map<String, Object> optional = map(map(get("/actuator/wsclients").get("clients")).get("optional"));
		assertThat(optional).containsEntry("connectedSince", null).containsEntry("pingRttMillis", null);
		Map<String, Object> lastClose = map(optional.get("lastClose"));
		assertThat(lastClose).containsOnlyKeys("code", "rfcCode", "reason")
			.containsEntry("code", -111)
			.containsEntry("rfcCode", null);
	}

	@Test
	void beforeAnyCloseTheLastCloseIsNull() {
		assertThat(prices()).containsEntry("lastClose", null).containsEntry("reconnectAttempts", 0);
	}

	@Test
	void readsOneClientByName() {
		assertThat(prices()).containsEntry("state", "OPEN").containsKeys("messagesReceived", "pingRttMillis");
		this.http.get().uri("/actuator/wsclients/nope").exchange().expectStatus().isNotFound();
	}

	@Test
	void closesConnectsAndReconnectsAClient() {
		Map<String, Object> closed = post("prices", "close");
		assertThat(closed).containsEntry("state", "CLOSED");
		assertThat(map(closed.get("lastClose"))).containsEntry("code", 0).containsEntry("rfcCode", 1000);
		assertThat(post("prices", "connect")).containsEntry("state", "OPEN");
		int handshakes = server.handshakeCount();
		assertThat(post("prices", "reconnect")).containsEntry("state", "OPEN");
		await().atMost(TIMEOUT).until(() -> server.handshakeCount() == handshakes + 1);
		this.http.post()
			.uri("/actuator/wsclients/prices")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("action", "explode"))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("Unknown action 'explode'")
			.jsonPath("$.actions")
			.isEqualTo(List.of("connect", "close", "reconnect"));
		this.http.post()
			.uri("/actuator/wsclients/nope")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("action", "close"))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("No WebSocket client named 'nope'")
			.jsonPath("$.clients")
			.isEqualTo(List.of("prices", "optional"));
	}

	@Test
	void anOptionalClientThatIsDownLeavesTheApplicationUpAndReady() {
		Map<String, Object> health = get("/actuator/health");
		assertThat(health).containsEntry("status", "UP");
		Map<String, Object> wsclients = map(map(health.get("components")).get("wsclients"));
		Map<String, Object> components = map(wsclients.get("components"));
		assertThat(map(components.get("prices"))).containsEntry("status", "UP");
		assertThat(map(components.get("optional"))).containsEntry("status", "UNAVAILABLE");
		assertThat(get("/actuator/health/readiness")).containsEntry("status", "UP");
	}

	@Test
	void aRequiredClientThatIsDownMakesTheApplicationNotReady() {
		server.stop();
		try {
			await().atMost(TIMEOUT)
				.untilAsserted(() -> this.http.get()
					.uri("/actuator/health/readiness")
					.exchange()
					.expectStatus()
					.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
					.expectBody()
					.jsonPath("$.components.wsclients.components.prices.status")
					.isEqualTo("DOWN"));
		}
		finally {
			server.restart();
		}
		await().atMost(TIMEOUT)
			.untilAsserted(() -> this.http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk());
	}

	private Map<String, Object> prices() {
		return get("/actuator/wsclients/prices");
	}

	private Map<String, Object> get(String path) {
		return Objects.requireNonNull(this.http.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody());
	}

	private Map<String, Object> post(String client, String action) {
		return Objects.requireNonNull(this.http.post()
			.uri("/actuator/wsclients/" + client)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("action", action))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody());
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(@Nullable Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) Objects.requireNonNull(value);
	}

	private static int unusedPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
