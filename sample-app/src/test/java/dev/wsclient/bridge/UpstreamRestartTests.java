package dev.wsclient.bridge;

import java.time.Duration;
import java.util.List;

import dev.wsclient.autoconfigure.WsClients;
import dev.wsclient.bridge.support.FeedServer;
import dev.wsclient.bridge.support.SseSubscriber;
import dev.wsclient.bridge.support.TestKeys;
import dev.wsclient.core.WsState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A required upstream that goes down and comes back: readiness follows it (503, then
 * 200), liveness never does, and downstream subscribers stay connected through it and get
 * the new connection's messages.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "bridge.demo.enabled=false", "wsclient.clients.feed.reconnect.initial-delay=200ms",
				"wsclient.clients.feed.reconnect.max-delay=500ms", "wsclient.clients.feed.reconnect.jitter=0",
				"bridge.security.anonymous-read=feed", TestKeys.MONITOR_HASH, TestKeys.MONITOR_GRANTS })
@DirtiesContext
class UpstreamRestartTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final FeedServer upstream = FeedServer.start();

	@LocalServerPort
	private int port;

	@Autowired
	private WsClients clients;

	@DynamicPropertySource
	static void upstream(DynamicPropertyRegistry registry) {
		registry.add("wsclient.clients.feed.url", () -> upstream.uri("/ticks"));
	}

	@AfterAll
	static void stopUpstream() {
		upstream.close();
	}

	@Test
	void upstreamRestartIsVisibleInReadinessAndRecovered() {
		WebTestClient http = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.defaultHeader(TestKeys.HEADER, TestKeys.MONITOR)
			.responseTimeout(TIMEOUT)
			.build();
		await().atMost(TIMEOUT).untilAsserted(() -> assertReadiness(http, HttpStatus.OK, "UP"));
		try (SseSubscriber subscriber = SseSubscriber.subscribe(this.port, "feed")) {
			await().atMost(TIMEOUT).until(() -> subscriber.texts().size() >= 2);

			upstream.stop();
			await().atMost(TIMEOUT).untilAsserted(() -> assertReadiness(http, HttpStatus.SERVICE_UNAVAILABLE, "DOWN"));
			assertThat(this.clients.get("feed").state()).isNotEqualTo(WsState.OPEN);
			http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
			assertThat(subscriber.texts()).allMatch((text) -> text.startsWith("run1-"));

			upstream.restart();
			await().atMost(TIMEOUT).untilAsserted(() -> assertReadiness(http, HttpStatus.OK, "UP"));
			// The same subscriber, still connected, gets the new connection's messages,
			// and its stream goes on without a gap.
			await().atMost(TIMEOUT)
				.untilAsserted(() -> assertThat(subscriber.texts()).contains("run2-tick0", "run2-tick1"));
			assertThat(subscriber.hasEnded()).isFalse();
			List<ServerSentEvent<String>> events = subscriber.events();
			long first = SseSubscriber.sequence(events.get(0));
			long epoch = SseSubscriber.epoch(events.get(0));
			for (int i = 0; i < events.size(); i++) {
				assertThat(events.get(i).id()).isEqualTo(epoch + "-" + (first + i));
			}
		}
	}

	private static void assertReadiness(WebTestClient http, HttpStatus status, String feedStatus) {
		http.get()
			.uri("/actuator/health/readiness")
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody()
			.jsonPath("$.components.wsclients.components.feed.status")
			.isEqualTo(feedStatus);
	}

}
