package dev.wsclient.chart;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The NetworkPolicy: on by default, the API port open to labelled namespaces and pods,
 * the management port to the monitoring namespace, nothing else.
 */
class NetworkPolicyTests {

	private static final String ACCESS_LABEL = "bridge.wsclient.dev/access";

	private BridgeChart chart;

	@BeforeEach
	void createChart(@TempDir Path workDirectory) {
		this.chart = new BridgeChart(workDirectory);
	}

	@Test
	void selectsTheBridgePodsAndGovernsIngressOnly() {
		Manifests manifests = this.chart.render();
		NetworkPolicy policy = manifests.networkPolicy();
		assertThat(policy.getApiVersion()).isEqualTo("networking.k8s.io/v1");
		assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
		assertThat(policy.getSpec().getPodSelector().getMatchLabels())
			.isEqualTo(manifests.deployment().getSpec().getSelector().getMatchLabels());
		assertThat(policy.getSpec().getEgress()).isEmpty();
	}

	@Test
	void admitsLabelledNamespacesAndPodsToTheApiPortAndTheMonitoringNamespaceToTheManagementPort() {
		Manifests manifests = this.chart.render();
		List<NetworkPolicyIngressRule> rules = manifests.networkPolicy().getSpec().getIngress();
		assertThat(rules).hasSize(2);
		assertThat(ports(rules.get(0))).containsExactly(manifests.containerPort("http"));
		assertThat(rules.get(0).getFrom()).satisfiesExactly((peer) -> {
			assertThat(peer.getNamespaceSelector().getMatchLabels()).isEqualTo(Map.of(ACCESS_LABEL, "true"));
			assertThat(peer.getPodSelector()).isNull();
		}, (peer) -> {
			assertThat(peer.getNamespaceSelector()).as("a pod selector alone means the release namespace").isNull();
			assertThat(peer.getPodSelector().getMatchLabels()).isEqualTo(Map.of(ACCESS_LABEL, "true"));
		});
		assertThat(ports(rules.get(1))).containsExactly(manifests.containerPort("management"));
		assertThat(rules.get(1).getFrom()).singleElement()
			.satisfies((peer) -> assertThat(peer.getNamespaceSelector().getMatchLabels())
				.isEqualTo(Map.of("kubernetes.io/metadata.name", "monitoring")));
		assertThat(rules).flatMap(NetworkPolicyIngressRule::getPorts)
			.extracting(NetworkPolicyPort::getProtocol)
			.containsOnly("TCP");
	}

	@Test
	void extraPeersAreAddedToTheDefaultOnes() {
		List<NetworkPolicyIngressRule> rules = this.chart.render("""
				networkPolicy:
				  api:
				    extraFrom:
				      - namespaceSelector:
				          matchLabels:
				            kubernetes.io/metadata.name: ingress-nginx
				  management:
				    extraFrom:
				      - namespaceSelector:
				          matchLabels:
				            kubernetes.io/metadata.name: observability
				        podSelector:
				          matchLabels:
				            app.kubernetes.io/name: grafana-agent
				""").networkPolicy().getSpec().getIngress();
		assertThat(rules.get(0).getFrom()).hasSize(3)
			.last()
			.satisfies((peer) -> assertThat(peer.getNamespaceSelector().getMatchLabels())
				.containsEntry("kubernetes.io/metadata.name", "ingress-nginx"));
		assertThat(rules.get(1).getFrom()).hasSize(2).last().satisfies((peer) -> {
			assertThat(peer.getNamespaceSelector().getMatchLabels()).containsEntry("kubernetes.io/metadata.name",
					"observability");
			assertThat(peer.getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name", "grafana-agent");
		});
	}

	@Test
	void peersCanBeReplacedIncludingIpBlocks() {
		List<NetworkPolicyIngressRule> rules = this.chart.render("""
				networkPolicy:
				  api:
				    from:
				      - ipBlock:
				          cidr: 10.20.0.0/16
				          except: [10.20.5.0/24]
				  management:
				    from:
				      - namespaceSelector:
				          matchLabels:
				            team: sre
				""").networkPolicy().getSpec().getIngress();
		assertThat(rules.get(0).getFrom()).singleElement().satisfies((peer) -> {
			assertThat(peer.getIpBlock().getCidr()).isEqualTo("10.20.0.0/16");
			assertThat(peer.getIpBlock().getExcept()).containsExactly("10.20.5.0/24");
		});
		assertThat(rules.get(1).getFrom()).singleElement()
			.satisfies((peer) -> assertThat(peer.getNamespaceSelector().getMatchLabels())
				.isEqualTo(Map.of("team", "sre")));
	}

	@Test
	void aPortWithoutPeersAdmitsNoPodRatherThanEveryPod() {
		Manifests manifests = this.chart.render("""
				networkPolicy:
				  management:
				    from: []
				""");
		List<NetworkPolicyIngressRule> rules = manifests.networkPolicy().getSpec().getIngress();
		assertThat(rules).singleElement()
			.satisfies((rule) -> assertThat(ports(rule)).containsExactly(manifests.containerPort("http")));
		assertThat(rules).allSatisfy((rule) -> assertThat(rule.getFrom()).isNotEmpty());
	}

	@Test
	void withoutAnyPeerNoIngressRuleIsRenderedAndAllIngressIsDenied() {
		NetworkPolicy policy = this.chart.render("""
				networkPolicy:
				  api:
				    from: null
				  management:
				    from: []
				""").networkPolicy();
		assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
		assertThat(policy.getSpec().getIngress()).isEmpty();
	}

	@Test
	void canBeSwitchedOff() {
		assertThat(this.chart.render("networkPolicy:\n  enabled: false\n").kinds()).doesNotContain("NetworkPolicy");
	}

	@Test
	void everyPeerParsesWithoutUnknownFields() {
		Manifests manifests = this.chart.render("""
				networkPolicy:
				  api:
				    extraFrom:
				      - podSelector:
				          matchExpressions:
				            - {key: app, operator: In, values: [dashboard, alerts]}
				""");
		assertThat(manifests.unknownFields()).isEmpty();
		assertThat(manifests.networkPolicy().getSpec().getIngress().get(0).getFrom()).last()
			.extracting(NetworkPolicyPeer::getPodSelector)
			.satisfies((selector) -> assertThat(selector.getMatchExpressions()).singleElement()
				.satisfies((expression) -> assertThat(expression.getValues()).containsExactly("dashboard", "alerts")));
	}

	static List<Integer> ports(NetworkPolicyIngressRule rule) {
		return rule.getPorts().stream().map(NetworkPolicyPort::getPort).map(IntOrString::getIntVal).toList();
	}

}
