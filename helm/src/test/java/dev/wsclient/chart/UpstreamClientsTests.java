package dev.wsclient.chart;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Upstream clients from values: rendered into the ConfigMap's {@code application.yml}
 * under {@code wsclient.*}, with header secrets taken from Kubernetes Secrets through
 * environment variables.
 */
class UpstreamClientsTests {

	static final String TWO_FEEDS = """
			clients:
			  prices:
			    url: wss://feed.example.com/v1/prices
			    headers:
			      X-Client-Id: wsclient-bridge
			    secretHeaders:
			      Authorization:
			        secretName: feed-token
			        secretKey: token
			        prefix: "Bearer "
			    subprotocols: [prices.v2, prices.v1]
			    on-connect-messages:
			      - '{"op":"subscribe","channels":["EURUSD"]}'
			      - '{"op":"snapshot"}'
			    required: true
			    ping-interval: 20s
			    connect-timeout: 5s
			    max-message-size: 1MB
			    compression: true
			    publish-message-events: false
			    reconnect:
			      enabled: true
			      max-retries: 20
			    close-timeout: 3s
			  news-feed:
			    url: ws://news.feeds.svc:9000/stream?format=json
			    secretHeaders:
			      X-Api-Key:
			        secretName: news-credentials
			        secretKey: api-key
			    required: false
			defaults:
			  ping-interval: 30s
			  secretHeaders:
			    X-Tenant:
			      secretName: tenant
			      secretKey: id
			""";

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)}");

	private BridgeChart chart;

	private Manifests manifests;

	@BeforeEach
	void renderTwoFeeds(@TempDir Path workDirectory) {
		this.chart = new BridgeChart(workDirectory);
		this.manifests = this.chart.render(TWO_FEEDS);
	}

	@Test
	void rendersEveryClientPropertyUnderWsclientClients() {
		assertThat(this.manifests.unknownFields()).isEmpty();
		assertThat(this.manifests.applicationProperties())
			.containsEntry("wsclient.clients.prices.url", "wss://feed.example.com/v1/prices")
			.containsEntry("wsclient.clients.prices.headers.X-Client-Id", "wsclient-bridge")
			.containsEntry("wsclient.clients.prices.subprotocols[0]", "prices.v2")
			.containsEntry("wsclient.clients.prices.subprotocols[1]", "prices.v1")
			.containsEntry("wsclient.clients.prices.on-connect-messages[0]",
					"{\"op\":\"subscribe\",\"channels\":[\"EURUSD\"]}")
			.containsEntry("wsclient.clients.prices.on-connect-messages[1]", "{\"op\":\"snapshot\"}")
			.containsEntry("wsclient.clients.prices.required", true)
			.containsEntry("wsclient.clients.prices.ping-interval", "20s")
			.containsEntry("wsclient.clients.prices.connect-timeout", "5s")
			.containsEntry("wsclient.clients.prices.max-message-size", "1MB")
			.containsEntry("wsclient.clients.prices.compression", true)
			.containsEntry("wsclient.clients.prices.publish-message-events", false)
			.containsEntry("wsclient.clients.prices.reconnect.enabled", true)
			.containsEntry("wsclient.clients.news-feed.url", "ws://news.feeds.svc:9000/stream?format=json")
			.containsEntry("wsclient.clients.news-feed.required", false)
			.containsEntry("wsclient.defaults.ping-interval", "30s");
	}

	@Test
	void passesKeysTheChartDoesNotKnowThroughToTheBridge() {
		assertThat(this.manifests.applicationProperties())
			.containsEntry("wsclient.clients.prices.reconnect.max-retries", 20)
			.containsEntry("wsclient.clients.prices.close-timeout", "3s");
	}

	@Test
	void secretHeadersBecomePlaceholdersAndNeverReachTheConfigMap() {
		Map<String, Object> properties = this.manifests.applicationProperties();
		assertThat(properties)
			.containsEntry("wsclient.clients.prices.headers.Authorization",
					"Bearer ${SECRET_HEADER_PRICES_AUTHORIZATION}")
			.containsEntry("wsclient.clients.news-feed.headers.X-Api-Key", "${SECRET_HEADER_NEWS_FEED_X_API_KEY}")
			.containsEntry("wsclient.defaults.headers.X-Tenant", "${SECRET_HEADER_DEFAULTS_X_TENANT}");
		assertThat(properties.keySet()).noneMatch((key) -> key.contains("secretHeaders"));
		assertThat(this.manifests.applicationYaml()).doesNotContain("secretName", "secretKey", "feed-token",
				"news-credentials", "api-key");
		assertThat(this.manifests.kinds()).doesNotContain("Secret");
	}

	@Test
	void secretHeadersAreReadFromSecretsIntoEnvironmentVariables() {
		Container container = this.manifests.bridgeContainer();
		assertThat(secretRef(container, "SECRET_HEADER_PRICES_AUTHORIZATION")).satisfies((ref) -> {
			assertThat(ref.getName()).isEqualTo("feed-token");
			assertThat(ref.getKey()).isEqualTo("token");
		});
		assertThat(secretRef(container, "SECRET_HEADER_NEWS_FEED_X_API_KEY")).satisfies((ref) -> {
			assertThat(ref.getName()).isEqualTo("news-credentials");
			assertThat(ref.getKey()).isEqualTo("api-key");
		});
		assertThat(secretRef(container, "SECRET_HEADER_DEFAULTS_X_TENANT")).satisfies((ref) -> {
			assertThat(ref.getName()).isEqualTo("tenant");
			assertThat(ref.getKey()).isEqualTo("id");
		});
	}

	@Test
	void everyPlaceholderInTheConfigHasAnEnvironmentVariable() {
		List<String> variables = this.manifests.bridgeContainer().getEnv().stream().map(EnvVar::getName).toList();
		List<String> placeholders = this.manifests.applicationProperties()
			.values()
			.stream()
			.map(String::valueOf)
			.flatMap((value) -> PLACEHOLDER.matcher(value).results())
			.map((match) -> match.group(1))
			.toList();
		assertThat(placeholders).hasSize(3);
		assertThat(variables).containsAll(placeholders);
	}

	@Test
	void noEnvironmentVariableIsReadAsAWsclientKey() {
		// The bridge fails to start on an unknown key under wsclient, and relaxed binding
		// reads WSCLIENT_X_Y as wsclient.x.y.
		assertThat(this.manifests.bridgeContainer().getEnv()).extracting(EnvVar::getName)
			.noneMatch((name) -> name.toUpperCase(Locale.ROOT).startsWith("WSCLIENT"));
	}

	@Test
	void demoFeedIsOffWhenClientsAreConfigured() {
		assertThat(this.manifests.applicationProperties()).containsEntry("bridge.demo.enabled", false);
	}

	@Test
	void demoFeedCanBeForcedOnNextToRealClients() {
		Manifests forced = this.chart.render(TWO_FEEDS + "demo:\n  enabled: true\n");
		assertThat(forced.applicationProperties()).containsEntry("bridge.demo.enabled", true);
	}

	@Test
	void demoFeedCanBeTurnedOffWithoutClients() {
		Manifests off = this.chart.render("demo:\n  enabled: false\n");
		assertThat(off.applicationProperties()).containsEntry("bridge.demo.enabled", false);
	}

	@Test
	void extraConfigIsMergedOverTheGeneratedConfigIncludingFalseValues() {
		Manifests merged = this.chart.render(TWO_FEEDS + """
				extraConfig:
				  logging:
				    level:
				      dev.wsclient: DEBUG
				  wsclient:
				    clients:
				      prices:
				        compression: false
				""");
		assertThat(merged.applicationProperties()).containsEntry("logging.level.dev.wsclient", "DEBUG")
			.containsEntry("wsclient.clients.prices.compression", false)
			.containsEntry("wsclient.clients.prices.url", "wss://feed.example.com/v1/prices");
	}

	@Test
	void clientNamesThatMapToTheSameVariableAreRejected() {
		assertThatIllegalStateException().isThrownBy(() -> this.chart.render("""
				clients:
				  eu-prices:
				    url: wss://a.example.com
				    secretHeaders:
				      Authorization: {secretName: a, secretKey: token}
				  eu_prices:
				    url: wss://b.example.com
				    secretHeaders:
				      Authorization: {secretName: b, secretKey: token}
				""")).withMessageContaining("SECRET_HEADER_EU_PRICES_AUTHORIZATION");
	}

	@Test
	void aHeaderCannotBeBothPlainAndSecret() {
		assertThatIllegalStateException().isThrownBy(() -> this.chart.render("""
				clients:
				  prices:
				    url: wss://feed.example.com
				    headers:
				      Authorization: Bearer leaked
				    secretHeaders:
				      Authorization: {secretName: feed-token, secretKey: token}
				""")).withMessageContaining("clients.prices").withMessageContaining("Authorization");
	}

	static SecretKeySelector secretRef(Container container, String name) {
		List<EnvVar> matching = container.getEnv().stream().filter((env) -> name.equals(env.getName())).toList();
		assertThat(matching).as("environment variable %s", name).hasSize(1);
		EnvVar variable = matching.get(0);
		assertThat(variable.getValue()).as("literal value of %s", name).isNull();
		assertThat(variable.getValueFrom()).as("valueFrom of %s", name).isNotNull();
		return variable.getValueFrom().getSecretKeyRef();
	}

}
