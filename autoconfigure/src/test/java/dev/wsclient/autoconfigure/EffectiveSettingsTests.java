package dev.wsclient.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.wsclient.autoconfigure.event.WsClientConnectedEvent;
import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsEvent;

import dev.wsclient.test.server.MockWsServer;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.Disposable;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /actuator/wsclients/{name}} shows the effective settings of a client, the
 * defaults merged with its own, with every secret hidden; and the configured redaction
 * reaches every place that shows the URL: the endpoint, the health, the state log, and
 * the client's own events, statistics, application events and DEBUG lines.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,wsclients",
				"management.endpoint.health.show-components=always", "management.endpoint.health.show-details=always",
				"wsclient.redaction.query-parameters=jwt", "wsclient.redaction.headers=X-Tenant",
				"wsclient.defaults.ping-interval=7s", "wsclient.defaults.headers.Authorization=Bearer bearer-s3cret",
				"wsclient.defaults.headers.X-Trace=trace-visible", "wsclient.defaults.send-buffer-limit=2MB",
				"wsclient.clients.feed.headers[X-Api-Key]=k3y-s3cret",
				"wsclient.clients.feed.headers.X-Tenant=tenant-s3cret",
				"wsclient.clients.feed.on-connect-messages[0]={\"op\":\"auth\",\"key\":\"message-s3cret\"}",
				"wsclient.clients.other.subprotocols=v1.feed", "wsclient.clients.feed.reconnect.max-delay=9s",
				"wsclient.clients.feed.proxy.username=proxy-user", "wsclient.clients.feed.proxy.password=proxy-s3cret",
				"wsclient.clients.other.auto-connect=false", "logging.level.dev.wsclient.core=DEBUG" })
class EffectiveSettingsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final Duration RECONNECT_TIMEOUT = Duration.ofSeconds(20);

	private static final String[] SECRETS = { "token-s3cret", "jwt-s3cret", "bearer-s3cret", "k3y-s3cret",
			"tenant-s3cret", "message-s3cret", "proxy-s3cret" };

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	// Not closed after the class: it lives as long as the cached application context
	// whose clients are connected to it (closing it would leave them reconnecting for
	// the rest of the run), so that a test run again after a failure finds both.
	private static final MockWsServer server = MockWsServer.start();

	@LocalServerPort
	private int port;

	private WebTestClient http;

	@Autowired
	private WsClients clients;

	@Autowired
	private ConnectedEvents connectedEvents;

	@DynamicPropertySource
	static void clients(DynamicPropertyRegistry registry) {
		registry.add("wsclient.clients.feed.url",
				() -> server.uri("/feed?token=token-s3cret&jwt=jwt-s3cret&channel=btc"));
		registry.add("wsclient.clients.other.url", () -> server.uri("/other"));
	}

	@BeforeEach
	void awaitFeedOpen() {
		this.http = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(TIMEOUT)
			.build();
		await().atMost(TIMEOUT).until(() -> "OPEN".equals(json("/actuator/wsclients/feed").get("state")));
	}

	@Test
	void oneClientShowsItsEffectiveSettingsWithoutAnySecret() {
		String body = text("/actuator/wsclients/feed");
		assertThat(body).doesNotContain(SECRETS);
		Map<String, Object> feed = json("/actuator/wsclients/feed");
		assertThat(feed).containsKeys("state", "url", "connectedSince", "lastClose", "pingRttMillis",
				"messagesReceived", "messagesSent", "reconnectAttempts", "settings");
		assertThat(feed.get("url")).asString().endsWith("/feed?token=***&jwt=***&channel=btc");
		Map<String, Object> settings = map(feed.get("settings"));
		assertThat(settings.get("url")).asString().endsWith("/feed?token=***&jwt=***&channel=btc");
		// From the defaults, from the client, and built-in defaults, merged.
		assertThat(settings).containsEntry("ping-interval", "7s")
			.containsEntry("send-buffer-limit", "2MB")
			.containsEntry("connect-timeout", "10s")
			.containsEntry("max-message-size", "1MB")
			.containsEntry("max-missed-pings", 2)
			.containsEntry("auto-connect", true);
		assertThat(settings.get("subprotocols")).asInstanceOf(InstanceOfAssertFactories.LIST).isEmpty();
		assertThat(settings.get("on-connect-messages")).asInstanceOf(InstanceOfAssertFactories.LIST)
			.containsExactly("***");
		assertThat(map(settings.get("headers"))).containsEntry("Authorization", "***")
			.containsEntry("X-Api-Key", "***")
			.containsEntry("X-Tenant", "***")
			.containsEntry("X-Trace", "trace-visible");
		assertThat(map(settings.get("reconnect"))).containsEntry("max-delay", "9s")
			.containsEntry("initial-delay", "1s")
			.containsEntry("enabled", true)
			.containsEntry("jitter", 0.5);
		assertThat(map(settings.get("proxy"))).containsEntry("username", "proxy-user")
			.containsEntry("password", "***")
			.containsEntry("type", "http");
		// The server got the real values: what is hidden is only hidden from view.
		assertThat(server.takeHandshake(TIMEOUT).queryParameter("jwt")).isEqualTo("jwt-s3cret");
	}

	@Test
	void theSettingsShowEveryKeyAClientTakes() {
		Set<String> shown = new TreeSet<>();
		flatten("", map(json("/actuator/wsclients/other").get("settings")), shown);
		Set<String> documented = new TreeSet<>(StrictBinding.clientSettingKeys());
		// Groups are documented as names of their own; their keys are what is set.
		documented.removeIf((key) -> documented.stream().anyMatch((other) -> other.startsWith(key + ".")));
		documented.add("url");
		assertThat(shown).isEqualTo(documented);
	}

	@Test
	void otherClientsKeepTheDefaults() {
		Map<String, Object> settings = map(json("/actuator/wsclients/other").get("settings"));
		assertThat(settings).containsEntry("auto-connect", false).containsEntry("ping-interval", "7s");
		assertThat(settings.get("subprotocols")).asInstanceOf(InstanceOfAssertFactories.LIST)
			.containsExactly("v1.feed");
		assertThat(map(settings.get("headers"))).containsOnlyKeys("Authorization", "X-Trace");
		assertThat(map(settings.get("reconnect"))).containsEntry("max-delay", "30s");
		assertThat(map(settings.get("proxy"))).containsEntry("password", null);
	}

	@Test
	// Before the reconnect's own 20 s: a timeout prints every thread's stack (see
	// junit-platform.properties), to show where a reconnect that never answers waits.
	@Timeout(value = 19, unit = TimeUnit.SECONDS)
	void theListTheHealthAndTheLogUseTheConfiguredRedaction(CapturedOutput output) {
		String list = text("/actuator/wsclients");
		assertThat(list).contains("jwt=***", "channel=btc").doesNotContain(SECRETS);
		// DOWN (503): the other client is required and not connected.
		String health = text("/actuator/health/wsclients", 503);
		assertThat(health).contains("jwt=***", "channel=btc").doesNotContain(SECRETS);
		// Reconnect to log a state change within this test's captured output. The
		// endpoint answers once the client reconnected, within its close and connect
		// timeouts (5 s and 10 s, and a second of grace each).
		this.http.mutate()
			.responseTimeout(RECONNECT_TIMEOUT)
			.build()
			.post()
			.uri("/actuator/wsclients/feed")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("action", "reconnect"))
			.exchange()
			.expectStatus()
			.isOk();
		await().atMost(TIMEOUT).until(() -> output.getOut().contains("WebSocket client 'feed' connected to"));
		// The state log lines.
		List<String> stateLines = output.getOut()
			.lines()
			.filter((line) -> line.contains(ClientStateLog.LOGGER_PREFIX + "feed"))
			.toList();
		assertThat(stateLines).anySatisfy((line) -> assertThat(line).contains("connected to", "jwt=***"));
		assertThat(String.join("\n", stateLines)).doesNotContain(SECRETS);
	}

	@Test
	void theClientsOwnEventsStatsAndDebugLinesUseTheConfiguredRedaction(CapturedOutput output) {
		WsClient feed = this.clients.get("feed");
		List<WsEvent.Connected> connected = new CopyOnWriteArrayList<>();
		Disposable subscription = feed.events().ofType(WsEvent.Connected.class).subscribe(connected::add);
		try {
			this.clients.reconnect("feed").block(TIMEOUT);
			await().atMost(TIMEOUT).until(() -> !connected.isEmpty());
		}
		finally {
			subscription.dispose();
		}
		String expected = server.uri("/feed?token=***&jwt=***&channel=btc").toString();
		assertThat(connected).first().satisfies((event) -> assertThat(event.url()).isEqualTo(expected));
		assertThat(feed.stats().url()).isEqualTo(expected);
		assertThat(this.connectedEvents.urls).contains(expected)
			.allSatisfy((url) -> assertThat(url).doesNotContain(SECRETS));
		await().atMost(TIMEOUT).until(() -> output.getOut().contains("WebSocket open: " + expected));
		assertThat(output.getOut()).doesNotContain(SECRETS);
	}

	private static void flatten(String prefix, Map<String, Object> settings, Set<String> keys) {
		settings.forEach((key, value) -> {
			if (value instanceof Map<?, ?> group && !"headers".equals(key)) {
				flatten(prefix + key + ".", map(group), keys);
			}
			else {
				keys.add(prefix + key);
			}
		});
	}

	private String text(String path) {
		return text(path, 200);
	}

	private String text(String path, int status) {
		byte[] body = this.http.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody()
			.returnResult()
			.getResponseBody();
		return new String((body != null) ? body : new byte[0], StandardCharsets.UTF_8);
	}

	private Map<String, Object> json(String path) {
		Map<String, Object> body = this.http.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		return (body != null) ? body : Map.of();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(@Nullable Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) Objects.requireNonNull(value);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(ConnectedEvents.class)
	static class App {

	}

	static class ConnectedEvents {

		final List<String> urls = new CopyOnWriteArrayList<>();

		@EventListener
		void connected(WsClientConnectedEvent event) {
			this.urls.add(event.getUrl());
		}

	}

}
