package dev.wsclient.chart;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What a production install switches on explicitly: the HorizontalPodAutoscaler,
 * spreading the pods over zones and nodes, and the Grafana dashboard's ConfigMap. None of
 * them is rendered by default ({@link DefaultValuesTests} lists what is).
 */
class ProductionResourcesTests {

	private BridgeChart chart;

	@BeforeEach
	void createChart(@TempDir Path workDirectory) {
		this.chart = new BridgeChart(workDirectory);
	}

	@Test
	void theAutoscalerScalesTheDeploymentOnCpuAndTheDeploymentNoLongerSetsItsReplicas() {
		Manifests manifests = this.chart.render("""
				replicaCount: 3
				autoscaling:
				  enabled: true
				  minReplicas: 2
				  maxReplicas: 6
				  behavior:
				    scaleDown:
				      stabilizationWindowSeconds: 600
				""");
		HorizontalPodAutoscaler autoscaler = manifests.single(HorizontalPodAutoscaler.class);
		assertThat(autoscaler.getApiVersion()).isEqualTo("autoscaling/v2");
		assertThat(autoscaler.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
		assertThat(autoscaler.getSpec().getScaleTargetRef().getName())
			.isEqualTo(manifests.deployment().getMetadata().getName());
		assertThat(autoscaler.getSpec().getMinReplicas()).isEqualTo(2);
		assertThat(autoscaler.getSpec().getMaxReplicas()).isEqualTo(6);
		assertThat(autoscaler.getSpec().getMetrics()).singleElement().satisfies((metric) -> {
			assertThat(metric.getResource().getName()).isEqualTo("cpu");
			assertThat(metric.getResource().getTarget().getType()).isEqualTo("Utilization");
			assertThat(metric.getResource().getTarget().getAverageUtilization()).isEqualTo(70);
		});
		assertThat(autoscaler.getSpec().getBehavior().getScaleDown().getStabilizationWindowSeconds()).isEqualTo(600);
		// An upgrade must not reset the count the autoscaler chose.
		assertThat(manifests.deployment().getSpec().getReplicas()).isNull();
		assertThat(manifests.unknownFields()).isEmpty();
	}

	@Test
	void theAutoscalerCanTargetMemoryInsteadOfCpu() {
		Manifests manifests = this.chart.render("""
				autoscaling:
				  enabled: true
				  targetCPUUtilizationPercentage: 0
				  targetMemoryUtilizationPercentage: 80
				""");
		List<MetricSpec> metrics = manifests.single(HorizontalPodAutoscaler.class).getSpec().getMetrics();
		assertThat(metrics).singleElement().satisfies((metric) -> {
			assertThat(metric.getResource().getName()).isEqualTo("memory");
			assertThat(metric.getResource().getTarget().getAverageUtilization()).isEqualTo(80);
		});
	}

	@Test
	void autoscalingValuesThatCannotWorkAreRefusedNamingTheValue() {
		assertThatIllegalStateException().isThrownBy(() -> this.chart.render("""
				autoscaling:
				  enabled: true
				  minReplicas: 4
				  maxReplicas: 3
				""")).withMessageContaining("autoscaling.maxReplicas (3) must be at least autoscaling.minReplicas (4)");
		assertThatIllegalStateException().isThrownBy(() -> this.chart.render("""
				autoscaling:
				  enabled: true
				  targetCPUUtilizationPercentage: 0
				""")).withMessageContaining("set targetCPUUtilizationPercentage or targetMemoryUtilizationPercentage");
		assertThatIllegalStateException().isThrownBy(() -> this.chart.render("""
				resources:
				  requests:
				    cpu: null
				autoscaling:
				  enabled: true
				""")).withMessageContaining("autoscaling.targetCPUUtilizationPercentage needs resources.requests.cpu");
		assertThatIllegalStateException().isThrownBy(() -> this.chart.render("""
				autoscaling:
				  enabled: true
				  minReplicas: 0
				""")).withMessageContaining("minReplicas");
	}

	@Test
	void spreadingPutsOneConstraintPerTopologyKeyOnThisReleasesPodsBeforeTheGivenOnes() {
		Manifests manifests = this.chart.render("""
				topologySpread:
				  enabled: true
				topologySpreadConstraints:
				  - maxSkew: 2
				    topologyKey: example.com/rack
				    whenUnsatisfiable: DoNotSchedule
				    labelSelector:
				      matchLabels:
				        team: market-data
				""");
		List<TopologySpreadConstraint> constraints = manifests.deployment()
			.getSpec()
			.getTemplate()
			.getSpec()
			.getTopologySpreadConstraints();
		assertThat(constraints).extracting(TopologySpreadConstraint::getTopologyKey)
			.containsExactly("topology.kubernetes.io/zone", "kubernetes.io/hostname", "example.com/rack");
		Map<String, String> podLabels = manifests.deployment().getSpec().getTemplate().getMetadata().getLabels();
		assertThat(constraints.subList(0, 2)).allSatisfy((constraint) -> {
			assertThat(constraint.getMaxSkew()).isEqualTo(1);
			assertThat(constraint.getWhenUnsatisfiable()).isEqualTo("ScheduleAnyway");
			assertThat(constraint.getLabelSelector().getMatchLabels()).isNotEmpty();
			assertThat(podLabels).containsAllEntriesOf(constraint.getLabelSelector().getMatchLabels());
		});
		assertThat(constraints.get(2).getMaxSkew()).isEqualTo(2);
		assertThat(manifests.unknownFields()).isEmpty();
	}

	@Test
	void spreadingIsOffByDefaultAndGivenConstraintsStillApply() {
		assertThat(this.chart.render().deployment().getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
			.isNullOrEmpty();
		Manifests manifests = this.chart.render("""
				topologySpreadConstraints:
				  - maxSkew: 1
				    topologyKey: kubernetes.io/hostname
				    whenUnsatisfiable: DoNotSchedule
				""");
		assertThat(manifests.deployment().getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
			.singleElement()
			.satisfies((constraint) -> assertThat(constraint.getWhenUnsatisfiable()).isEqualTo("DoNotSchedule"));
	}

	@Test
	void theDashboardConfigMapHoldsTheChartsDashboardForGrafanasSidecar() throws Exception {
		Manifests manifests = this.chart.render("""
				grafanaDashboard:
				  enabled: true
				  namespace: monitoring
				  annotations:
				    grafana_folder: Feeds
				""");
		List<ConfigMap> dashboards = manifests.all(ConfigMap.class)
			.stream()
			.filter((configMap) -> configMap.getData().containsKey("wsclient-bridge.json"))
			.toList();
		assertThat(dashboards).singleElement().satisfies((configMap) -> {
			assertThat(configMap.getMetadata().getName())
				.isEqualTo(manifests.deployment().getMetadata().getName() + "-dashboard");
			assertThat(configMap.getMetadata().getNamespace()).isEqualTo("monitoring");
			assertThat(configMap.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1")
				.containsEntry("app.kubernetes.io/name", "wsclient-bridge");
			assertThat(configMap.getMetadata().getAnnotations()).containsEntry("grafana_folder", "Feeds");
		});
		// The bridge's configuration is still the other ConfigMap.
		assertThat(manifests.configMap().getData()).containsKey("application.yml");
		JsonNode dashboard = new JsonMapper().readTree(dashboards.get(0).getData().get("wsclient-bridge.json"));
		assertThat(dashboard.path("uid").asText()).isEqualTo("wsclient-bridge");
		List<String> expressions = new ArrayList<>();
		dashboard.path("panels").forEach((panel) -> panel.path("targets").forEach((target) -> {
			assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
			expressions.add(target.path("expr").asText());
		}));
		assertThat(expressions).hasSizeGreaterThanOrEqualTo(10)
			.allSatisfy((expression) -> assertThat(expression).contains("namespace=\"$namespace\""));
		List<String> variables = new ArrayList<>();
		dashboard.path("templating").path("list").forEach((variable) -> variables.add(variable.path("name").asText()));
		assertThat(variables).containsExactly("datasource", "namespace", "job", "client");
	}

	@Test
	void theDashboardConfigMapGoesToTheReleaseNamespaceUnlessToldOtherwise() {
		Manifests manifests = this.chart.render("""
				grafanaDashboard:
				  enabled: true
				""");
		assertThat(manifests.all(ConfigMap.class)).hasSize(2)
			.allSatisfy(
					(configMap) -> assertThat(configMap.getMetadata().getNamespace()).isEqualTo(BridgeChart.NAMESPACE));
	}

}
