package dev.wsclient.chart;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The values examples in {@code helm/README.md} render, and do what the README says.
 */
class ReadmeExamplesTests {

	private static final Pattern YAML_BLOCK = Pattern.compile("(?ms)^```yaml\\n(.*?)^```");

	/** The here-document that writes the API keys Secret's document in step 3. */
	private static final Pattern API_KEYS_DOCUMENT = Pattern
		.compile("(?ms)^cat > api-keys\\.yaml <<EOF\\nbridge:\\n  security:\\n    api-keys:\\n(.*?)^EOF$");

	private static final Pattern COMMAND_SUBSTITUTION = Pattern.compile("\\$\\([^\\n]*\\)");

	@Test
	void everyValuesExampleInTheReadmeRenders(@TempDir Path workDirectory) throws IOException {
		List<String> examples = valuesExamples();
		assertThat(examples).isNotEmpty();
		BridgeChart chart = new BridgeChart(workDirectory);
		assertThat(examples).allSatisfy((example) -> assertThat(chart.render(example).unknownFields()).isEmpty());
	}

	@Test
	void realFeedExampleTakesTheTokenFromTheSecret(@TempDir Path workDirectory) throws IOException {
		Manifests manifests = new BridgeChart(workDirectory).render(example("secretHeaders:"));
		assertThat(manifests.applicationProperties())
			.containsEntry("wsclient.clients.prices.headers.Authorization",
					"Bearer ${SECRET_HEADER_PRICES_AUTHORIZATION}")
			.containsEntry("bridge.demo.enabled", false);
		assertThat(UpstreamClientsTests.secretRef(manifests.bridgeContainer(), "SECRET_HEADER_PRICES_AUTHORIZATION"))
			.satisfies((ref) -> {
				assertThat(ref.getName()).isEqualTo("feed-token");
				assertThat(ref.getKey()).isEqualTo("token");
			});
		assertThat(manifests.kinds()).contains("ServiceMonitor", "PodDisruptionBudget");
	}

	@Test
	void realFeedExampleImportsTheApiKeysFromTheSecretTheReadmeCreates(@TempDir Path workDirectory) throws IOException {
		Manifests manifests = new BridgeChart(workDirectory).render(example("secretHeaders:"));
		List<Volume> secrets = manifests.deployment()
			.getSpec()
			.getTemplate()
			.getSpec()
			.getVolumes()
			.stream()
			.filter((volume) -> volume.getSecret() != null)
			.toList();
		assertThat(secrets).singleElement().satisfies((volume) -> {
			assertThat(volume.getSecret().getSecretName()).isEqualTo("bridge-api-keys");
			assertThat(volume.getSecret().getItems()).singleElement()
				.satisfies((item) -> assertThat(item.getKey()).isEqualTo("api-keys.yaml"));
		});
		assertThat(readme()).contains("create secret generic bridge-api-keys --from-file=api-keys.yaml");
		assertThat(manifests.applicationProperties().get("spring.config.import")).asString().endsWith("/api-keys.yaml");
	}

	@Test
	void apiKeysDocumentHasTheShapeOfTheBridgeKeys(@TempDir Path workDirectory) throws IOException {
		Matcher document = API_KEYS_DOCUMENT.matcher(readme());
		assertThat(document.find()).as("the api-keys.yaml here-document in README.md").isTrue();
		String keys = COMMAND_SUBSTITUTION.matcher(document.group(1)).replaceAll("a".repeat(64));
		// Inline keys have the same shape, at the same depth, and the schema and the
		// chart check them.
		Manifests manifests = new BridgeChart(workDirectory).render("""
				clients:
				  prices:
				    url: wss://feed.example.com/v1/prices
				security:
				  apiKeys:
				    keys:
				""" + keys);
		assertThat(manifests.applicationProperties())
			.containsEntry("bridge.security.api-keys.dashboard.grants[0]", "read:prices")
			.containsEntry("bridge.security.api-keys.publisher.grants[0]", "write:prices")
			.containsEntry("bridge.security.api-keys.publisher.sha256", "a".repeat(64));
	}

	@Test
	void accessExampleRendersEveryKindOfCredential(@TempDir Path workDirectory) throws IOException {
		Map<String, Object> properties = new BridgeChart(workDirectory).render(example("anonymousRead"))
			.applicationProperties();
		assertThat(properties).containsEntry("bridge.security.anonymous-read[0]", "news")
			.containsEntry("bridge.security.allowed-origins[0]", "https://status.example.com")
			.containsEntry("spring.security.oauth2.resourceserver.jwt.issuer-uri",
					"https://login.example.com/realms/feeds")
			.containsKey("spring.config.import");
	}

	@Test
	void networkPolicyExampleAddsTheIngressControllerAndReplacesTheMonitoringPeers(@TempDir Path workDirectory)
			throws IOException {
		List<NetworkPolicyIngressRule> rules = new BridgeChart(workDirectory).render(example("networkPolicy:"))
			.networkPolicy()
			.getSpec()
			.getIngress();
		assertThat(rules.get(0).getFrom()).hasSize(3)
			.last()
			.satisfies((peer) -> assertThat(peer.getNamespaceSelector().getMatchLabels())
				.containsEntry("kubernetes.io/metadata.name", "ingress-nginx"));
		assertThat(rules.get(1).getFrom()).singleElement()
			.satisfies((peer) -> assertThat(peer.getPodSelector().getMatchLabels())
				.containsEntry("app.kubernetes.io/name", "prometheus"));
	}

	@Test
	void scalingExampleRendersTheAutoscalerTheSpreadAndTheDashboard(@TempDir Path workDirectory) throws IOException {
		Manifests manifests = new BridgeChart(workDirectory).render(example("autoscaling:"));
		assertThat(manifests.kinds()).contains("HorizontalPodAutoscaler", "PodDisruptionBudget", "ServiceMonitor")
			.filteredOn("ConfigMap"::equals)
			.hasSize(2);
		assertThat(manifests.deployment().getSpec().getTemplate().getSpec().getTopologySpreadConstraints()).hasSize(2);
		assertThat(manifests.deployment().getSpec().getReplicas()).isNull();
	}

	private static String example(String containing) throws IOException {
		List<String> matching = valuesExamples().stream().filter((example) -> example.contains(containing)).toList();
		assertThat(matching).as("README examples containing %s", containing).hasSize(1);
		return matching.get(0);
	}

	private static List<String> valuesExamples() throws IOException {
		return YAML_BLOCK.matcher(readme()).results().map((match) -> match.group(1)).toList();
	}

	private static String readme() throws IOException {
		Path readme = BridgeChart.chartDirectory().resolveSibling("README.md");
		return Files.readString(readme, StandardCharsets.UTF_8);
	}

}
