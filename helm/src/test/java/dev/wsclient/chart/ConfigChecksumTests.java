package dev.wsclient.chart;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code checksum/config} pod annotation: a changed {@code application.yml} changes
 * the pod template, so that Kubernetes rolls the pods; anything else leaves it alone.
 */
class ConfigChecksumTests {

	private static final String PRICES = """
			clients:
			  prices:
			    url: wss://feed.example.com/v1/prices
			""";

	private BridgeChart chart;

	@BeforeEach
	void createChart(@TempDir Path workDirectory) {
		this.chart = new BridgeChart(workDirectory);
	}

	@Test
	void checksumIsASha256Digest() {
		assertThat(checksum(PRICES)).matches("[0-9a-f]{64}");
	}

	@Test
	void checksumIsStableForTheSameValues() {
		assertThat(checksum(PRICES)).isEqualTo(checksum(PRICES));
	}

	@Test
	void checksumChangesWhenAClientChanges() {
		assertThat(checksum(PRICES.replace("/v1/", "/v2/"))).isNotEqualTo(checksum(PRICES));
	}

	@Test
	void checksumChangesWhenASecretHeaderIsAdded() {
		String withToken = PRICES + """
				    secretHeaders:
				      Authorization: {secretName: feed-token, secretKey: token}
				""";
		assertThat(checksum(withToken)).isNotEqualTo(checksum(PRICES));
	}

	@Test
	void checksumChangesWhenTheShutdownTimeoutChanges() {
		assertThat(checksum(PRICES + "shutdown:\n  timeoutSeconds: 20\n")).isNotEqualTo(checksum(PRICES));
	}

	@Test
	void checksumChangesWhenWhoMayReadChanges() {
		assertThat(checksum(PRICES + "security:\n  anonymousRead: [prices]\n")).isNotEqualTo(checksum(PRICES));
	}

	@Test
	void checksumIgnoresValuesOutsideTheConfig() {
		assertThat(checksum(PRICES + "replicaCount: 4\npodAnnotations:\n  a: b\n")).isEqualTo(checksum(PRICES));
	}

	private String checksum(String values) {
		Map<String, String> annotations = this.chart.render(values)
			.deployment()
			.getSpec()
			.getTemplate()
			.getMetadata()
			.getAnnotations();
		assertThat(annotations).containsKey("checksum/config");
		return annotations.getOrDefault("checksum/config", "");
	}

}
