package dev.wsclient.chart;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The values examples in {@code helm/README.md} render, and do what the README says.
 */
class ReadmeExamplesTests {

	private static final Pattern YAML_BLOCK = Pattern.compile("(?ms)^```yaml\\n(.*?)^```");

	@Test
	void everyValuesExampleInTheReadmeRenders(@TempDir Path workDirectory) throws IOException {
		List<String> examples = valuesExamples();
		assertThat(examples).isNotEmpty();
		BridgeChart chart = new BridgeChart(workDirectory);
		assertThat(examples).allSatisfy((example) -> assertThat(chart.render(example).unknownFields()).isEmpty());
	}

	@Test
	void realFeedExampleTakesTheTokenFromTheSecret(@TempDir Path workDirectory) throws IOException {
		Manifests manifests = new BridgeChart(workDirectory).render(valuesExamples().get(0));
		assertThat(manifests.applicationProperties())
			.containsEntry("wsclient.clients.prices.headers.Authorization", "Bearer ${WSCLIENT_PRICES_AUTHORIZATION}")
			.containsEntry("bridge.demo.enabled", false);
		assertThat(UpstreamClientsTests.secretRef(manifests.bridgeContainer(), "WSCLIENT_PRICES_AUTHORIZATION"))
			.satisfies((ref) -> {
				assertThat(ref.getName()).isEqualTo("feed-token");
				assertThat(ref.getKey()).isEqualTo("token");
			});
		assertThat(manifests.kinds()).contains("ServiceMonitor", "PodDisruptionBudget");
	}

	private static List<String> valuesExamples() throws IOException {
		Path readme = BridgeChart.chartDirectory().resolveSibling("README.md");
		return YAML_BLOCK.matcher(Files.readString(readme, StandardCharsets.UTF_8))
			.results()
			.map((match) -> match.group(1))
			.toList();
	}

}
