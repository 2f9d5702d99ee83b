package dev.wsclient.aot;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.wsclient.autoconfigure.WsClients;
import dev.wsclient.core.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.aot.AotDetector;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs {@link AotTestApplication} from the code that the build's AOT processing generated
 * (failsafe starts this JVM with {@code -Dspring.aot.enabled=true}), against a WebSocket
 * feed in this JVM on 127.0.0.1. The client {@code yml} is in {@code application.yml};
 * the client {@code extra} is configured only now, as a system property, as an
 * environment variable would in a container: both must connect, deliver to the listener
 * methods, events and beans, and show in health, the endpoint and the meters.
 */
class AotTestApplicationIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String EXTRA_URL = "wsclient.clients.extra.url";

	private final Map<String, Queue<String>> replies = new ConcurrentHashMap<>();

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.shared();

	private DisposableServer feed;

	@BeforeEach
	void startFeed() {
		this.feed = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes.ws("/yml", (in, out) -> tickThenRecord("yml", in, out))
				.ws("/extra", (in, out) -> tickThenRecord("extra", in, out)))
			.bindNow(TIMEOUT);
	}

	@AfterEach
	void stopFeed() {
		this.feed.disposeNow(TIMEOUT);
		System.clearProperty(EXTRA_URL);
	}

	@Test
	void clientsOfTheBuildAndOfTheRunConnectDeliverAndAreObserved() throws Exception {
		assertThat(AotDetector.useGeneratedArtifacts()).as("spring.aot.enabled").isTrue();
		System.setProperty(EXTRA_URL, "ws://127.0.0.1:" + this.feed.port() + "/extra");
		// The main class names the generated initializer; here it cannot be deduced.
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AotTestApplication.class)
			.main(AotTestApplication.class)
			.run("--aot-test.feed-port=" + this.feed.port())) {
			// Started from generated code: no configuration class parsing at run time.
			assertThat(
					context.containsBeanDefinition(AnnotationConfigUtils.CONFIGURATION_ANNOTATION_PROCESSOR_BEAN_NAME))
				.isFalse();
			WsClients clients = context.getBean(WsClients.class);
			assertThat(clients.names()).containsExactlyInAnyOrder("yml", "extra");
			TickListener listener = context.getBean(TickListener.class);
			assertThat(listener.yml()).isSameAs(clients.get("yml")).isSameAs(context.getBean("yml"));
			assertThat(listener.extra()).isSameAs(clients.get("extra")).isSameAs(context.getBean("extra"));

			await().atMost(TIMEOUT).untilAsserted(() -> {
				assertThat(this.replies.get("yml")).contains("{\"client\":\"yml\",\"symbol\":\"yml\"}");
				assertThat(this.replies.get("extra")).contains("{\"client\":\"extra\",\"symbol\":\"extra\"}");
				assertThat(listener.messageEvents("yml")).isOne();
				assertThat(listener.messageEvents("extra")).isOne();
			});

			String base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port")
					+ "/actuator/";
			await().atMost(TIMEOUT).untilAsserted(() -> {
				JsonNode health = get(base + "health");
				assertThat(health.at("/status").asString()).isEqualTo("UP");
				assertThat(health.at("/components/wsclients/components/yml/status").asString()).isEqualTo("UP");
				assertThat(health.at("/components/wsclients/components/extra/status").asString()).isEqualTo("UP");
			});
			JsonNode extra = get(base + "wsclients/extra");
			assertThat(extra.at("/state").asString()).isEqualTo("OPEN");
			assertThat(extra.at("/url").asString()).isEqualTo("ws://127.0.0.1:" + this.feed.port() + "/extra");
			assertThat(extra.at("/messagesReceived").asLong()).isOne();
			assertThat(extra.at("/messagesSent").asLong()).isOne();
			assertThat(get(base + "wsclients").at("/clients/yml/state").asString()).isEqualTo("OPEN");
			for (String client : new String[] { "yml", "extra" }) {
				JsonNode received = get(base + "metrics/wsclient.messages.received?tag=client:" + client);
				assertThat(received.at("/measurements/0/value").asDouble()).isEqualTo(1.0);
			}
		}
	}

	private Mono<Void> tickThenRecord(String path, WebsocketInbound in, WebsocketOutbound out) {
		Queue<String> received = this.replies.computeIfAbsent(path, (key) -> new ConcurrentLinkedQueue<>());
		return Mono.when(out.sendString(Mono.just("{\"symbol\":\"" + path + "\",\"bid\":1.5}")),
				in.receive().asString().doOnNext(received::add));
	}

	private JsonNode get(String url) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(url).isEqualTo(200);
		return this.json.readTree(response.body());
	}

}
