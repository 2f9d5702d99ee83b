package dev.wsclient.chart;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * NOTES.txt, as printed by {@code helm install}: how to reach the streams, and which
 * Secrets must exist.
 */
class InstallNotesTests {

	private BridgeChart chart;

	@BeforeEach
	void createChart(@TempDir Path workDirectory) {
		this.chart = new BridgeChart(workDirectory);
	}

	@Test
	void withoutClientsNotesPointAtTheDemoStream() {
		String notes = this.chart.installNotes("{}");
		assertThat(notes).contains("port-forward service/prod-wsclient-bridge 8080:8080")
			.contains("curl -N http://localhost:8080/streams/demo")
			.contains("Demo feed: on");
	}

	@Test
	void withClientsNotesListTheirStreamsAndTheSecretsTheyNeed() {
		String notes = this.chart.installNotes("""
				replicaCount: 2
				clients:
				  prices:
				    url: wss://feed.example.com/v1/prices
				    secretHeaders:
				      Authorization: {secretName: feed-token, secretKey: token, prefix: "Bearer "}
				""");
		assertThat(notes).contains("curl -N http://localhost:8080/streams/prices")
			.doesNotContain("/streams/demo")
			.contains("Demo feed: off")
			.contains("feed-token (key token) -> clients.prices header Authorization")
			.contains("rollout restart deployment/prod-wsclient-bridge")
			.contains("Each of the 2 replicas opens its own connection");
	}

	@Test
	void podDisruptionBudgetWithOneReplicaIsFlagged() {
		assertThat(this.chart.installNotes("podDisruptionBudget:\n  enabled: true\n"))
			.contains("WARNING: a PodDisruptionBudget with replicaCount 1");
	}

}
