package dev.wsclient.bridge;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import dev.wsclient.autoconfigure.WsClients;
import dev.wsclient.bridge.support.SseSubscriber;
import dev.wsclient.bridge.support.WsSubscriber;
import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsConnectException;
import dev.wsclient.core.WsState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The bridge as it starts out of the box: the embedded demo feed and its client
 * {@code demo}, an ordinary configured client.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class BridgeApplicationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@LocalServerPort
	private int port;

	@Autowired
	private WsClients clients;

	private WebTestClient http;

	@BeforeEach
	void setUp() {
		this.http = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(TIMEOUT)
			.build();
		await().atMost(TIMEOUT).until(() -> this.clients.get("demo").state() == WsState.OPEN);
	}

	@Test
	void demoClientIsAConfiguredClientConnectedToTheFeedOnTheServersOwnPort() {
		assertThat(this.clients.names()).containsExactly("demo");
		assertThat(this.clients.url("demo")).isEqualTo(URI.create("ws://127.0.0.1:" + this.port + "/demo/feed"));
		this.http.get()
			.uri("/actuator/wsclients")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.clients.demo.state")
			.isEqualTo("OPEN")
			.jsonPath("$.clients.demo.url")
			.isEqualTo("ws://127.0.0.1:" + this.port + "/demo/feed");
	}

	@Test
	void demoClientIsInHealthReadinessAndMetrics() {
		this.http.get()
			.uri("/actuator/health/readiness")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.components.wsclients.components.demo.status")
			.isEqualTo("UP");
		this.http.get()
			.uri("/actuator/health/liveness")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.components.wsclients")
			.doesNotExist();
		String prometheus = this.http.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(prometheus).contains("wsclient_state{client=\"demo\",state=\"open\"} 1.0")
			.contains("wsclient_bridge_subscribers{client=\"demo\",transport=\"sse\"}")
			.contains(
					"wsclient_bridge_subscribers_disconnected_total{client=\"demo\",reason=\"slow\",transport=\"websocket\"} 0.0")
			.contains("wsclient_bridge_messages_dropped_total{client=\"demo\",transport=\"sse\"} 0.0");
	}

	@Test
	void wsclientsEndpointIsReadOnly() {
		this.http.post()
			.uri("/actuator/wsclients/demo")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"action\":\"close\"}")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
		assertThat(this.clients.get("demo").state()).isEqualTo(WsState.OPEN);
	}

	@Test
	void demoTicksArriveOverSseAndWebSocketAndSentTextComesBack() {
		try (SseSubscriber sse = SseSubscriber.subscribe(this.port, "demo");
				WsSubscriber ws = WsSubscriber.subscribe(this.port, "demo")) {
			await().atMost(TIMEOUT).untilAsserted(() -> {
				assertThat(sse.texts()).hasSizeGreaterThanOrEqualTo(3);
				assertThat(ws.texts()).hasSizeGreaterThanOrEqualTo(3);
			});
			assertThat(sse.texts().get(0)).startsWith("{\"type\":\"tick\"").contains("\"symbol\":");
			this.http.post()
				.uri("/clients/demo/messages")
				.contentType(MediaType.TEXT_PLAIN)
				.bodyValue("hello \"bridge\"")
				.exchange()
				.expectStatus()
				.isAccepted();
			String echo = "{\"type\":\"echo\",\"text\":\"hello \\\"bridge\\\"\"}";
			await().atMost(TIMEOUT).untilAsserted(() -> {
				assertThat(sse.texts()).contains(echo);
				assertThat(ws.texts()).contains(echo);
			});
		}
	}

	@Test
	void unknownClientIsNotFoundWithAProblemDetail() {
		for (MediaType accept : List.of(MediaType.TEXT_EVENT_STREAM, MediaType.ALL)) {
			this.http.get()
				.uri("/streams/nope")
				.accept(accept)
				.exchange()
				.expectStatus()
				.isNotFound()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo("https://wsclient.dev/problems/unknown-client")
				.jsonPath("$.title")
				.isEqualTo("Unknown client")
				.jsonPath("$.client")
				.isEqualTo("nope")
				.jsonPath("$.clients[0]")
				.isEqualTo("demo");
		}
		this.http.post()
			.uri("/clients/nope/messages")
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("hello")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		WsClient webSocket = WsClient.create();
		assertThatExceptionOfType(WsConnectException.class)
			.isThrownBy(() -> webSocket.connect("ws://127.0.0.1:" + this.port + "/streams/nope").block(TIMEOUT))
			.satisfies((ex) -> assertThat(ex.status().httpStatus()).isEqualTo(404));
	}

	@Test
	void sendingWithAnotherContentTypeIsUnsupported() {
		this.http.post()
			.uri("/clients/demo/messages")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void statusPageIsServedAtTheRoot() {
		this.http.get()
			.uri("/")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((html) -> assertThat(html).contains("<title>wsclient bridge</title>"));
	}

}
