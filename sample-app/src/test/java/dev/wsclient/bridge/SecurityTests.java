package dev.wsclient.bridge;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import dev.wsclient.autoconfigure.WsClients;
import dev.wsclient.bridge.support.FeedServer;
import dev.wsclient.bridge.support.JwtIssuer;
import dev.wsclient.bridge.support.ParanoidLeakDetection;
import dev.wsclient.bridge.support.RawConnection;
import dev.wsclient.bridge.support.TestKeys;
import dev.wsclient.core.WsState;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.StatusAssertions;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who may read and who may write, with real credentials over real sockets: JWTs signed by
 * a key pair made here and checked against its JWK set served on 127.0.0.1, API keys,
 * stream tickets, and the origin allow-list.
 */
@ParanoidLeakDetection
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "bridge.demo.enabled=false", "bridge.security.allowed-origins=http://status.example",
				"logging.level.dev.wsclient.bridge.security=DEBUG", TestKeys.READER_HASH, TestKeys.READER_GRANTS,
				TestKeys.WRITER_HASH, TestKeys.WRITER_GRANTS, TestKeys.MONITOR_HASH, TestKeys.MONITOR_GRANTS })
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class SecurityTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final FeedServer upstream = FeedServer.start();

	private static final JwtIssuer issuer = JwtIssuer.start();

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Autowired
	private WsClients clients;

	private WebTestClient http;

	@DynamicPropertySource
	static void upstreamAndIssuer(DynamicPropertyRegistry registry) {
		registry.add("wsclient.clients.ticks.url", () -> upstream.uri("/ticks"));
		registry.add("wsclient.clients.feed.url", () -> upstream.uri("/record"));
		registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", issuer::jwkSetUri);
	}

	@AfterAll
	static void stop(@Autowired WsClients clients) {
		clients.names().forEach((name) -> clients.close(name).block(TIMEOUT));
		upstream.close();
		issuer.close();
	}

	@BeforeEach
	void setUp() {
		this.http = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(TIMEOUT)
			.build();
		await().atMost(TIMEOUT)
			.until(() -> this.clients.get("ticks").state() == WsState.OPEN
					&& this.clients.get("feed").state() == WsState.OPEN);
	}

	@Test
	void readingAStreamNeedsCredentialsWithAReadGrant() {
		expectStream(null).isUnauthorized();
		expectStream(bearer(issuer.token("openid profile"))).isForbidden();
		expectStream(bearer(issuer.token("bridge:read:feed"))).isForbidden();
		expectStream(bearer(issuer.expiredToken("bridge:read:ticks"))).isUnauthorized();
		expectStream(bearer(issuer.tokenSignedWithAnotherKey("bridge:read:ticks"))).isUnauthorized();
		expectStream(apiKey("reader.wrong-secret")).isUnauthorized();
		expectStream(apiKey(TestKeys.MONITOR)).isForbidden();

		assertReceivesTicks("Authorization: Bearer " + issuer.token("openid bridge:read:ticks"));
		assertReceivesTicks("Authorization: Bearer " + issuer.token("bridge:read:*"));
		assertReceivesTicks(TestKeys.HEADER + ": " + TestKeys.READER);
	}

	@Test
	void sendingNeedsCredentialsWithAWriteGrant() {
		expectSend("anonymous", null).isUnauthorized();
		expectSend("reader", apiKey(TestKeys.READER)).isForbidden();
		expectSend("read scope", bearer(issuer.token("bridge:read:*"))).isForbidden();
		expectSend("other client", bearer(issuer.token("bridge:write:ticks"))).isForbidden();
		expectSend("token", bearer(issuer.token("bridge:write:feed"))).isAccepted();
		expectSend("key", apiKey(TestKeys.WRITER)).isAccepted();
		await().atMost(TIMEOUT).until(() -> upstream.received().contains("key"));
		assertThat(upstream.received()).contains("token")
			.doesNotContain("anonymous", "reader", "read scope", "other client");
	}

	@Test
	void aRefusedKeyIsLoggedByItsIdNeverWithItsSecret(CapturedOutput output) {
		expectSend("wrong", apiKey("writer.not-the-secret-7f3a")).isUnauthorized();
		expectSend("unknown", apiKey("nobody.another-secret-9c1e")).isUnauthorized();
		assertThat(output).contains("Refused API key 'writer'")
			.contains("Refused API key 'nobody'")
			.doesNotContain("not-the-secret-7f3a")
			.doesNotContain("another-secret-9c1e")
			.doesNotContain("writer-secret-9b7d3e");
	}

	@Test
	void aTicketOpensOneStreamOnceWithTheReadGrantsOfWhoAskedForIt() {
		this.http.post().uri("/api/stream-tickets").exchange().expectStatus().isUnauthorized();
		String ticket = ticket(apiKey(TestKeys.READER));
		try (RawConnection stream = RawConnection.open(this.port)) {
			stream.send("GET /streams/ticks?ticket=" + ticket + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
					+ "Accept: text/event-stream\r\n\r\n");
			assertThat(stream.awaitReceived("-tick", 2, TIMEOUT)).startsWith("HTTP/1.1 200");
		}
		// Once only.
		this.http.get()
			.uri("/streams/ticks?ticket={ticket}", ticket)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isUnauthorized();
		// Never for sending, even when asked for with a key that may send.
		String writerTicket = ticket(apiKey(TestKeys.WRITER));
		this.http.post()
			.uri("/clients/feed/messages?ticket={ticket}", writerTicket)
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("with a ticket")
			.exchange()
			.expectStatus()
			.isUnauthorized();
		// Only the read grants of its owner.
		String writeOnlyTicket = ticket(bearer(issuer.token("bridge:write:feed")));
		this.http.get()
			.uri("/streams/ticks?ticket={ticket}", writeOnlyTicket)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isForbidden();
		assertThat(upstream.received()).doesNotContain("with a ticket");
	}

	@Test
	void aPageFromAnotherOriginCanNeitherSendNorOpenAStreamEvenWithCredentials() {
		// text/plain needs no CORS preflight: the bridge itself must refuse it, and the
		// upstream must never see it.
		this.http.post()
			.uri("/clients/feed/messages")
			.header(HttpHeaders.ORIGIN, "http://evil.example")
			.header(TestKeys.HEADER, TestKeys.WRITER)
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("from evil")
			.exchange()
			.expectStatus()
			.isForbidden();
		try (RawConnection upgrade = RawConnection.open(this.port)) {
			upgrade.send("GET /streams/ticks HTTP/1.1\r\nHost: 127.0.0.1:" + this.port
					+ "\r\nOrigin: http://evil.example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
					+ "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nX-API-Key: "
					+ TestKeys.READER + "\r\n\r\n");
			assertThat(upgrade.awaitResponse(TIMEOUT)).startsWith("HTTP/1.1 403");
		}
		this.http.options()
			.uri("/clients/feed/messages")
			.header(HttpHeaders.ORIGIN, "http://evil.example")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
			.exchange()
			.expectStatus()
			.isForbidden();

		this.http.post()
			.uri("/clients/feed/messages")
			.header(HttpHeaders.ORIGIN, "http://status.example")
			.header(TestKeys.HEADER, TestKeys.WRITER)
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("from an allowed origin")
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "http://status.example");
		this.http.post()
			.uri("/clients/feed/messages")
			.header(HttpHeaders.ORIGIN, "http://127.0.0.1:" + this.port)
			.header(TestKeys.HEADER, TestKeys.WRITER)
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("from the bridge's own page")
			.exchange()
			.expectStatus()
			.isAccepted();
		await().atMost(TIMEOUT).until(() -> upstream.received().contains("from the bridge's own page"));
		assertThat(upstream.received()).contains("from an allowed origin").doesNotContain("from evil");
	}

	@Test
	void theActuatorOnTheApiPortIsForMonitorsOnlyAndHealthShowsDetailsToThemAlone() {
		for (String endpoint : List.of("/actuator/prometheus", "/actuator/wsclients", "/actuator/info")) {
			this.http.get().uri(endpoint).exchange().expectStatus().isUnauthorized();
			this.http.get()
				.uri(endpoint)
				.header(TestKeys.HEADER, TestKeys.READER)
				.exchange()
				.expectStatus()
				.isForbidden();
			this.http.get().uri(endpoint).header(TestKeys.HEADER, TestKeys.MONITOR).exchange().expectStatus().isOk();
		}
		this.http.get()
			.uri("/actuator/wsclients")
			.headers(bearer(issuer.token("bridge:monitor")))
			.exchange()
			.expectStatus()
			.isOk();
		for (String health : List.of("/actuator/health", "/actuator/health/readiness")) {
			this.http.get()
				.uri(health)
				.header(TestKeys.HEADER, TestKeys.READER)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.components")
				.doesNotExist();
			this.http.get()
				.uri(health)
				.header(TestKeys.HEADER, TestKeys.MONITOR)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.components")
				.exists();
		}
	}

	@Test
	void theStatusPagesDataShowsOnlyTheClientsTheCallerMayRead() {
		assertThat(clientNames(null)).isEmpty();
		assertThat(clientNames(bearer(issuer.token("bridge:read:ticks")))).containsExactly("ticks");
		assertThat(clientNames(apiKey(TestKeys.READER))).containsExactly("ticks", "feed");
	}

	private List<String> clientNames(@Nullable Consumer<HttpHeaders> credentials) {
		String body = this.http.get().uri("/api/clients").headers((headers) -> {
			if (credentials != null) {
				credentials.accept(headers);
			}
		}).exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
		JsonNode clients = this.json.readTree(body).get("clients");
		return clients.propertyNames().stream().toList();
	}

	private String ticket(Consumer<HttpHeaders> credentials) {
		String body = this.http.post()
			.uri("/api/stream-tickets")
			.headers(credentials)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		JsonNode ticket = this.json.readTree(body);
		assertThat(ticket.get("expiresInSeconds").asLong()).isEqualTo(30);
		return ticket.get("ticket").asString();
	}

	/**
	 * Read the first events of the stream over a plain socket: a client that stops
	 * reading an endless response is what the bridge must live with anyway, and the test
	 * JVM's own HTTP client then has nothing to clean up.
	 */
	private void assertReceivesTicks(String credentialHeader) {
		try (RawConnection stream = RawConnection.open(this.port)) {
			stream.send("GET /streams/ticks HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
					+ credentialHeader + "\r\n\r\n");
			assertThat(stream.awaitReceived("-tick", 2, TIMEOUT)).startsWith("HTTP/1.1 200");
		}
	}

	private StatusAssertions expectStream(@Nullable Consumer<HttpHeaders> credentials) {
		return this.http.get().uri("/streams/ticks").headers((headers) -> {
			if (credentials != null) {
				credentials.accept(headers);
			}
		}).accept(MediaType.TEXT_EVENT_STREAM).exchange().expectStatus();
	}

	private StatusAssertions expectSend(String text, @Nullable Consumer<HttpHeaders> credentials) {
		return this.http.method(HttpMethod.POST).uri("/clients/feed/messages").headers((headers) -> {
			if (credentials != null) {
				credentials.accept(headers);
			}
		}).contentType(MediaType.TEXT_PLAIN).bodyValue(text).exchange().expectStatus();
	}

	private static Consumer<HttpHeaders> bearer(String token) {
		return (headers) -> headers.setBearerAuth(token);
	}

	private static Consumer<HttpHeaders> apiKey(String key) {
		return (headers) -> headers.set(TestKeys.HEADER, key);
	}

}
