package dev.wsclient.chart;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Resources and settings that are off or different by default: ServiceMonitor,
 * PodDisruptionBudget, replicas, resources, scheduling and probe tuning.
 */
class OptionalResourcesTests {

	private BridgeChart chart;

	@BeforeEach
	void createChart(@TempDir Path workDirectory) {
		this.chart = new BridgeChart(workDirectory);
	}

	@Test
	void serviceMonitorScrapesThePrometheusEndpointOnTheManagementPortOfTheService() {
		Manifests manifests = this.chart.render("""
				serviceMonitor:
				  enabled: true
				  interval: 15s
				  scrapeTimeout: 5s
				  labels:
				    release: kube-prometheus-stack
				""");
		GenericKubernetesResource monitor = manifests.singleGeneric("monitoring.coreos.com/v1", "ServiceMonitor");
		assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack")
			.containsEntry("app.kubernetes.io/name", "wsclient-bridge");
		Map<String, String> selector = monitor.get("spec", "selector", "matchLabels");
		assertThat(manifests.service().getMetadata().getLabels()).containsAllEntriesOf(selector);
		List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");
		assertThat(endpoints).singleElement()
			.satisfies((endpoint) -> assertThat(endpoint).containsEntry("port", "management")
				.containsEntry("path", "/actuator/prometheus")
				.containsEntry("interval", "15s")
				.containsEntry("scrapeTimeout", "5s"));
		assertThat(manifests.servicePort("management").getTargetPort()).isEqualTo(new IntOrString("management"));
		List<String> namespaces = monitor.get("spec", "namespaceSelector", "matchNames");
		assertThat(namespaces).containsExactly(BridgeChart.NAMESPACE);
		assertThat(manifests.applicationProperties().get("management.endpoints.web.exposure.include")).asString()
			.contains("prometheus");
	}

	@Test
	void podDisruptionBudgetKeepsAllButOnePodUpByDefault() {
		Manifests manifests = this.chart.render("""
				replicaCount: 3
				podDisruptionBudget:
				  enabled: true
				""");
		PodDisruptionBudget budget = manifests.single(PodDisruptionBudget.class);
		assertThat(budget.getApiVersion()).isEqualTo("policy/v1");
		assertThat(budget.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
		assertThat(budget.getSpec().getMinAvailable()).isNull();
		assertThat(manifests.deployment().getSpec().getTemplate().getMetadata().getLabels())
			.containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
		assertThat(manifests.deployment().getSpec().getReplicas()).isEqualTo(3);
	}

	@Test
	void podDisruptionBudgetMinAvailableTakesPrecedenceAndAcceptsAPercentage() {
		Manifests manifests = this.chart.render("""
				replicaCount: 4
				podDisruptionBudget:
				  enabled: true
				  minAvailable: 50%
				""");
		PodDisruptionBudget budget = manifests.single(PodDisruptionBudget.class);
		assertThat(budget.getSpec().getMinAvailable()).isEqualTo(new IntOrString("50%"));
		assertThat(budget.getSpec().getMaxUnavailable()).isNull();
	}

	@Test
	void podDisruptionBudgetNeedsABound() {
		assertThatIllegalStateException().isThrownBy(() -> this.chart.render("""
				podDisruptionBudget:
				  enabled: true
				  maxUnavailable: ""
				""")).withMessageContaining("podDisruptionBudget");
	}

	@Test
	void customResourcesSchedulingAndJvmOptionsReachThePod() {
		Manifests manifests = this.chart.render("""
				resources:
				  requests:
				    cpu: "1"
				    memory: 1Gi
				  limits:
				    cpu: "2"
				    memory: 2Gi
				javaToolOptions: -XX:MaxRAMPercentage=60 -Xss512k
				nodeSelector:
				  kubernetes.io/arch: arm64
				tolerations:
				  - key: dedicated
				    operator: Equal
				    value: feeds
				    effect: NoSchedule
				priorityClassName: feeds-critical
				podAnnotations:
				  example.com/team: market-data
				podLabels:
				  team: market-data
				""");
		assertThat(manifests.unknownFields()).isEmpty();
		Container container = manifests.bridgeContainer();
		assertThat(container.getResources().getRequests()).containsEntry("cpu", new Quantity("1"))
			.containsEntry("memory", new Quantity("1Gi"));
		assertThat(container.getResources().getLimits()).containsEntry("cpu", new Quantity("2"))
			.containsEntry("memory", new Quantity("2Gi"));
		assertThat(DefaultValuesTests.env(container, "JAVA_TOOL_OPTIONS"))
			.isEqualTo("-Dspring.aot.enabled=true -XX:MaxRAMPercentage=60 -Xss512k");
		PodSpec pod = manifests.deployment().getSpec().getTemplate().getSpec();
		assertThat(pod.getNodeSelector()).containsEntry("kubernetes.io/arch", "arm64");
		assertThat(pod.getTolerations()).singleElement().satisfies((toleration) -> {
			assertThat(toleration.getKey()).isEqualTo("dedicated");
			assertThat(toleration.getEffect()).isEqualTo("NoSchedule");
		});
		assertThat(pod.getPriorityClassName()).isEqualTo("feeds-critical");
		assertThat(manifests.deployment().getSpec().getTemplate().getMetadata().getAnnotations())
			.containsEntry("example.com/team", "market-data")
			.containsKey("checksum/config");
		assertThat(manifests.deployment().getSpec().getTemplate().getMetadata().getLabels()).containsEntry("team",
				"market-data");
	}

	@Test
	void probesCanBeTunedAndSwitchedOff() {
		Manifests manifests = this.chart.render("""
				probes:
				  startup:
				    enabled: false
				  readiness:
				    periodSeconds: 2
				    failureThreshold: 1
				""");
		Container container = manifests.bridgeContainer();
		assertThat(container.getStartupProbe()).isNull();
		assertThat(container.getReadinessProbe().getPeriodSeconds()).isEqualTo(2);
		assertThat(container.getReadinessProbe().getFailureThreshold()).isEqualTo(1);
		assertThat(container.getLivenessProbe()).isNotNull();
	}

	@Test
	void customPortAndShutdownBudgetStayConsistent() {
		Manifests manifests = this.chart.render("""
				containerPort: 9090
				service:
				  port: 80
				shutdown:
				  timeoutSeconds: 60
				  preStopSleepSeconds: 0
				terminationGracePeriodSeconds: 70
				""");
		assertThat(manifests.applicationProperties()).containsEntry("server.port", 9090)
			.containsEntry("spring.lifecycle.timeout-per-shutdown-phase", "60s");
		assertThat(manifests.bridgeContainer().getPorts().get(0).getContainerPort()).isEqualTo(9090);
		assertThat(manifests.bridgeContainer().getLifecycle()).isNull();
		assertThat(manifests.service().getSpec().getPorts().get(0).getPort()).isEqualTo(80);
	}

	@Test
	void terminationGracePeriodShorterThanTheShutdownIsRejected() {
		assertThatIllegalStateException().isThrownBy(() -> this.chart.render("""
				shutdown:
				  timeoutSeconds: 60
				terminationGracePeriodSeconds: 30
				""")).withMessageContaining("terminationGracePeriodSeconds");
	}

	@Test
	void imageDigestWinsOverTheTag() {
		String digest = "sha256:" + "a".repeat(64);
		Manifests manifests = this.chart.render("""
				image:
				  repository: registry.example.com/bridge
				  tag: "1.2.3"
				  digest: %s
				""".formatted(digest));
		assertThat(manifests.bridgeContainer().getImage()).isEqualTo("registry.example.com/bridge@" + digest);
	}

}
