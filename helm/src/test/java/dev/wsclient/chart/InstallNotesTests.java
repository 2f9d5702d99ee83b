package dev.wsclient.chart;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * NOTES.txt, as printed by {@code helm install}: how to reach the streams and the
 * actuator, which Secrets must exist, who may get in.
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
		assertThat(notes).contains("curl -N -H 'X-API-Key: <id>.<secret>' http://localhost:8080/streams/prices")
			.doesNotContain("/streams/demo")
			.contains("Demo feed: off")
			.contains("feed-token (key token) -> clients.prices header Authorization")
			.contains("rollout restart deployment/prod-wsclient-bridge")
			.contains("Each of the 2 replicas opens its own connection");
	}

	@Test
	void withTheAutoscalerNotesGiveItsRangeInsteadOfTheReplicaCount() {
		String notes = this.chart.installNotes("""
				replicaCount: 3
				autoscaling:
				  enabled: true
				  minReplicas: 1
				  maxReplicas: 4
				podDisruptionBudget:
				  enabled: true
				""");
		assertThat(notes)
			.contains("The autoscaler runs 1 to 4 replicas; each opens its own connection to every upstream feed.")
			.contains("WARNING: a PodDisruptionBudget with autoscaling.minReplicas 1")
			.doesNotContain("Each of the 3 replicas");
	}

	@Test
	void notesShowTheManagementPortAndWhomTheNetworkPolicyAdmits() {
		String notes = this.chart.installNotes("{}");
		assertThat(notes).contains("management port 8081")
			.contains("port-forward service/prod-wsclient-bridge 8081:8081")
			.contains("streams readable without them: demo.")
			.contains("the bridge makes one at start-up that may read and send to demo")
			.contains(
					"to the API port 8080:\n    {\"namespaceSelector\":{\"matchLabels\":{\"bridge.wsclient.dev/access\":\"true\"}}}")
			.contains(
					"to the management port 8081:\n    {\"namespaceSelector\":{\"matchLabels\":{\"kubernetes.io/metadata.name\":\"monitoring\"}}}");
	}

	@Test
	void clientsWithoutCredentialsAreFlagged() {
		assertThat(this.chart.installNotes("clients:\n  prices:\n    url: wss://feed.example.com\n"))
			.contains("WARNING: no API key and no JWT issuer is configured");
	}

	@Test
	void notesNameTheCredentialSourcesAndTheAnonymousStreams() {
		String notes = this.chart.installNotes("""
				clients:
				  prices:
				    url: wss://feed.example.com
				  news:
				    url: wss://news.example.com
				security:
				  anonymousRead: [news]
				  jwt:
				    issuerUri: https://login.example.com/realms/feeds
				  apiKeys:
				    existingSecret: bridge-api-keys
				networkPolicy:
				  management:
				    from: []
				""");
		assertThat(notes).contains("curl -N http://localhost:8080/streams/news")
			.contains("curl -N -H 'X-API-Key: <id>.<secret>' http://localhost:8080/streams/prices")
			.contains("streams readable without them: news.")
			.contains("Secret bridge-api-keys (key api-keys.yaml), which must exist in feeds")
			.contains("JWTs accepted from https://login.example.com/realms/feeds")
			.contains("to the management port 8081:\n    none")
			.doesNotContain("WARNING");
	}

	@Test
	void externalServiceWithoutNetworkPolicyIsFlagged() {
		assertThat(this.chart.installNotes("service:\n  type: LoadBalancer\nnetworkPolicy:\n  enabled: false\n"))
			.contains("WARNING: the Service is of type LoadBalancer and networkPolicy.enabled is false");
	}

	@Test
	void podDisruptionBudgetWithOneReplicaIsFlagged() {
		assertThat(this.chart.installNotes("podDisruptionBudget:\n  enabled: true\n"))
			.contains("WARNING: a PodDisruptionBudget with replicaCount 1");
	}

}
