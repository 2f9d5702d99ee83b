package dev.wsclient.bridge;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import dev.wsclient.autoconfigure.WsClients;
import dev.wsclient.core.WsState;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.WebsocketServerSpec;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.context.reactive.StandardReactiveWebEnvironment;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bridge started as the Helm chart deploys it. {@code helm} is not run here: the
 * configuration is the chart's rendering of the values in the chart tests'
 * {@code UpstreamClientsTests.TWO_FEEDS}, copied to
 * {@code chart-rendered/application.yml} (the chart's {@code ChartRenderedFixtureTests}
 * keep the copy equal to what the chart renders), and the environment is the one the
 * rendered Deployment sets: the configuration's location, one variable per secret header
 * from its Secret, plus the service links Kubernetes adds for a Service named
 * {@code wsclient-wsclient-bridge} (a release named "wsclient"). Only the ports and the
 * upstream URLs are changed, on the command line, to point at a feed on 127.0.0.1.
 */
@ExtendWith(OutputCaptureExtension.class)
class ChartDeploymentTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private final Map<String, HttpHeaders> handshakes = new ConcurrentHashMap<>();

	@Test
	void theBridgeStartsWithTheChartsConfigurationAndSendsTheSecretHeaders(CapturedOutput output)
			throws URISyntaxException {
		DisposableServer feed = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes.ws("/v1/prices", (in, out) -> {
				this.handshakes.put("prices", in.headers());
				return out.neverComplete();
			}, WebsocketServerSpec.builder().protocols("prices.v2").build()).ws("/stream", (in, out) -> {
				this.handshakes.put("news-feed", in.headers());
				return out.neverComplete();
			}))
			.bindNow();
		try (ConfigurableApplicationContext bridge = start(feed.port())) {
			WsClients clients = bridge.getBean(WsClients.class);
			assertThat(clients.names()).containsExactlyInAnyOrder("news-feed", "prices");
			await().atMost(TIMEOUT)
				.until(() -> clients.get("prices").state() == WsState.OPEN
						&& clients.get("news-feed").state() == WsState.OPEN);
			HttpHeaders prices = Objects.requireNonNull(this.handshakes.get("prices"));
			assertThat(prices.get("Authorization")).isEqualTo("Bearer feed-t0ken");
			assertThat(prices.get("X-Client-Id")).isEqualTo("wsclient-bridge");
			assertThat(prices.get("X-Tenant")).isEqualTo("acme");
			HttpHeaders news = Objects.requireNonNull(this.handshakes.get("news-feed"));
			assertThat(news.get("X-Api-Key")).isEqualTo("news-k3y");
			assertThat(news.get("X-Tenant")).isEqualTo("acme");
			assertThat(clients.get("prices").options().pingInterval()).isEqualTo(Duration.ofSeconds(20));
			// The bridge logs its clients' state, naming them, without their secrets.
			await().atMost(TIMEOUT)
				.until(() -> output.getOut()
					.contains("WebSocket client 'prices' connected to ws://127.0.0.1:" + feed.port()
							+ "/v1/prices with subprotocol prices.v2"));
			assertThat(output.getOut()).contains("WebSocket client 'news-feed' connected to ws://127.0.0.1:")
				.doesNotContain("feed-t0ken", "news-k3y");
		}
		finally {
			feed.disposeNow();
		}
	}

	private static ConfigurableApplicationContext start(int feedPort) throws URISyntaxException {
		Path config = Path
			.of(Objects.requireNonNull(ChartDeploymentTests.class.getResource("/chart-rendered/application.yml"))
				.toURI());
		Map<String, Object> variables = new HashMap<>(System.getenv());
		variables.put("SPRING_CONFIG_ADDITIONAL_LOCATION", "file:" + config);
		variables.put("SECRET_HEADER_PRICES_AUTHORIZATION", "feed-t0ken");
		variables.put("SECRET_HEADER_NEWS_FEED_X_API_KEY", "news-k3y");
		variables.put("SECRET_HEADER_DEFAULTS_X_TENANT", "acme");
		for (String link : List.of("SERVICE_HOST=10.0.0.7", "SERVICE_PORT=8080", "SERVICE_PORT_HTTP=8080",
				"PORT=tcp://10.0.0.7:8080", "PORT_8080_TCP=tcp://10.0.0.7:8080", "PORT_8080_TCP_PROTO=tcp",
				"PORT_8080_TCP_PORT=8080", "PORT_8080_TCP_ADDR=10.0.0.7")) {
			String[] nameAndValue = link.split("=", 2);
			variables.put("WSCLIENT_WSCLIENT_BRIDGE_" + nameAndValue[0], nameAndValue[1]);
		}
		SpringApplication application = new SpringApplication(BridgeApplication.class);
		application.setEnvironment(new StandardReactiveWebEnvironment() {

			@Override
			protected void customizePropertySources(MutablePropertySources propertySources) {
				super.customizePropertySources(propertySources);
				propertySources.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
								variables));
			}

		});
		String feed = "ws://127.0.0.1:" + feedPort;
		return application.run("--server.port=0", "--management.server.port=0",
				"--wsclient.clients.prices.url=" + feed + "/v1/prices",
				"--wsclient.clients.news-feed.url=" + feed + "/stream?format=json");
	}

}
