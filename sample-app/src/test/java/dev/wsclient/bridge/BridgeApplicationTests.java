package dev.wsclient.bridge;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.wsclient.autoconfigure.WsClients;
import dev.wsclient.bridge.security.GeneratedApiKey;
import dev.wsclient.bridge.support.SseSubscriber;
import dev.wsclient.bridge.support.TestKeys;
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

	@Autowired
	private GeneratedApiKey demoKey;

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
			.header(TestKeys.HEADER, this.demoKey.headerValue())
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
			.header(TestKeys.HEADER, this.demoKey.headerValue())
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
		String prometheus = prometheus();
		assertThat(prometheus).contains("wsclient_state{client=\"demo\",state=\"open\"} 1.0")
			.contains("wsclient_bridge_subscribers{client=\"demo\",transport=\"sse\"}")
			.contains(
					"wsclient_bridge_subscribers_disconnected_total{client=\"demo\",reason=\"slow\",transport=\"websocket\"} 0.0")
			.contains("wsclient_bridge_messages_dropped_total{client=\"demo\",transport=\"sse\"} 0.0");
	}

	@Test
	void everyMetricTheChartsGrafanaDashboardQueriesIsExported() throws IOException {
		String prometheus = prometheus();
		Set<String> exported = new TreeSet<>();
		Matcher sample = Pattern.compile("(?m)^(wsclient_[a-z_]+)[{ ]").matcher(prometheus);
		while (sample.find()) {
			exported.add(sample.group(1));
		}
		// The chart's dashboard, as its ConfigMap carries it (the chart's own tests check
		// the ConfigMap).
		String dashboard = Files.readString(
				Path.of("..", "helm", "wsclient-bridge", "dashboards", "wsclient-bridge.json"), StandardCharsets.UTF_8);
		Set<String> queried = new TreeSet<>();
		Matcher metric = Pattern.compile("\\b(wsclient_[a-z_]+)").matcher(dashboard);
		while (metric.find()) {
			queried.add(metric.group(1));
		}
		assertThat(queried).hasSizeGreaterThanOrEqualTo(10);
		assertThat(exported).containsAll(queried);
	}

	@Test
	void wsclientsEndpointIsReadOnly() {
		this.http.post()
			.uri("/actuator/wsclients/demo")
			.header(TestKeys.HEADER, this.demoKey.headerValue())
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
				.header(TestKeys.HEADER, this.demoKey.headerValue())
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
	void outOfTheBoxOnlyTheDemoStreamIsOpenToAnyoneAndNothingElse() {
		// Another stream, existing or not: credentials first, and no list of clients.
		for (MediaType accept : List.of(MediaType.TEXT_EVENT_STREAM, MediaType.ALL)) {
			this.http.get()
				.uri("/streams/nope")
				.accept(accept)
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo("https://wsclient.dev/problems/unauthenticated")
				.jsonPath("$.clients")
				.doesNotExist();
		}
		this.http.get()
			.uri("/streams/nope")
			.header(TestKeys.HEADER, this.demoKey.headerValue())
			.exchange()
			.expectStatus()
			.isForbidden();
		this.http.post()
			.uri("/clients/demo/messages")
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("hello")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		for (String endpoint : List.of("/actuator/wsclients", "/actuator/prometheus", "/actuator/info")) {
			this.http.get().uri(endpoint).exchange().expectStatus().isUnauthorized();
		}
		// Health answers everyone, with its status alone.
		this.http.get()
			.uri("/actuator/health/readiness")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP")
			.jsonPath("$.components")
			.doesNotExist();
		WsClient webSocket = WsClient.create();
		assertThatExceptionOfType(WsConnectException.class)
			.isThrownBy(() -> webSocket.connect("ws://127.0.0.1:" + this.port + "/streams/nope").block(TIMEOUT))
			.satisfies((ex) -> assertThat(ex.status().httpStatus()).isEqualTo(401));
	}

	@Test
	void theGeneratedKeyIsTheOnlyKeyAndIsAnnouncedWithoutBeingStoredAnywhereElse() {
		assertThat(this.demoKey.grants()).containsExactly("read:demo", "write:demo", "monitor");
		assertThat(this.demoKey.headerValue()).startsWith("demo.").hasSizeGreaterThan(5 + 32);
		this.http.post()
			.uri("/clients/demo/messages")
			.header(TestKeys.HEADER, "demo.not-the-secret")
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("hello")
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	void sendingWithAnotherContentTypeIsUnsupported() {
		this.http.post()
			.uri("/clients/demo/messages")
			.header(TestKeys.HEADER, this.demoKey.headerValue())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void statusPageIsServedAtTheRootWithSecurityHeaders() {
		this.http.get()
			.uri("/")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("Content-Security-Policy",
					"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
							+ "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
			.expectHeader()
			.valueEquals("X-Frame-Options", "DENY")
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader()
			.valueEquals("Referrer-Policy", "no-referrer")
			.expectBody(String.class)
			.value((html) -> assertThat(html).contains("<title>wsclient bridge</title>"));
	}

	private String prometheus() {
		String body = this.http.get()
			.uri("/actuator/prometheus")
			.header(TestKeys.HEADER, this.demoKey.headerValue())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(body).as("the /actuator/prometheus body").isNotNull();
		return String.valueOf(body);
	}

}
