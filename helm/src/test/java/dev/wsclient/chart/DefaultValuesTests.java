package dev.wsclient.chart;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code helm template} with the chart's default values: what {@code helm install}
 * without a values file deploys.
 */
class DefaultValuesTests {

	private static final String FULLNAME = BridgeChart.RELEASE + "-wsclient-bridge";

	private BridgeChart chart;

	private Manifests manifests;

	@BeforeEach
	void renderWithDefaultValues(@TempDir Path workDirectory) {
		this.chart = new BridgeChart(workDirectory);
		this.manifests = this.chart.render();
	}

	@Test
	void rendersServiceAccountConfigMapServiceDeploymentAndNetworkPolicy() {
		assertThat(this.manifests.kinds()).containsExactlyInAnyOrder("ServiceAccount", "ConfigMap", "Service",
				"Deployment", "NetworkPolicy");
	}

	@Test
	void everyManifestParsesAsAKubernetesObjectWithoutUnknownFields() {
		assertThat(this.manifests.unknownFields()).isEmpty();
		assertThat(this.manifests.resources()).allSatisfy((resource) -> {
			assertThat(resource.getMetadata().getName()).isEqualTo(FULLNAME);
			assertThat(resource.getMetadata().getNamespace()).isEqualTo(BridgeChart.NAMESPACE);
			assertThat(resource.getMetadata().getLabels()).containsEntry("app.kubernetes.io/name", "wsclient-bridge")
				.containsEntry("app.kubernetes.io/instance", BridgeChart.RELEASE)
				.containsEntry("app.kubernetes.io/version", "0.1.0")
				.containsEntry("app.kubernetes.io/managed-by", "Helm")
				.containsEntry("helm.sh/chart", "wsclient-bridge-0.1.0");
		});
	}

	@Test
	void deploymentRunsTheChartAppVersionOfTheBridgeImage() {
		Deployment deployment = this.manifests.deployment();
		assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
		assertThat(this.manifests.bridgeContainer().getImage()).isEqualTo("ghcr.io/wsclient/wsclient-bridge:0.1.0");
	}

	@Test
	void deploymentSelectorMatchesThePodLabelsAndTheServiceSelector() {
		Deployment deployment = this.manifests.deployment();
		Map<String, String> selector = deployment.getSpec().getSelector().getMatchLabels();
		assertThat(selector).containsOnlyKeys("app.kubernetes.io/name", "app.kubernetes.io/instance");
		assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(selector);
		assertThat(this.manifests.service().getSpec().getSelector()).isEqualTo(selector);
	}

	@Test
	void containerHasTheApiPortAndTheManagementPort() {
		assertThat(this.manifests.bridgeContainer().getPorts()).extracting(ContainerPort::getName)
			.containsExactly("http", "management");
		assertThat(this.manifests.containerPort("http")).isEqualTo(8080);
		assertThat(this.manifests.containerPort("management")).isEqualTo(8081);
	}

	@Test
	void probesUseTheActuatorHealthGroupsOnTheManagementPort() {
		Container container = this.manifests.bridgeContainer();
		assertThat(httpGet(container.getLivenessProbe()).getPath()).isEqualTo("/actuator/health/liveness");
		assertThat(httpGet(container.getReadinessProbe()).getPath()).isEqualTo("/actuator/health/readiness");
		assertThat(httpGet(container.getStartupProbe()).getPath()).isEqualTo("/actuator/health/liveness");
		assertThat(List.of(container.getLivenessProbe(), container.getReadinessProbe(), container.getStartupProbe()))
			.allSatisfy((probe) -> assertThat(httpGet(probe).getPort()).isEqualTo(new IntOrString("management")));
	}

	@Test
	void startupProbeGivesTheJvmThreeMinutesBeforeLivenessTakesOver() {
		Probe startup = this.manifests.bridgeContainer().getStartupProbe();
		assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold()).isEqualTo(180);
	}

	@Test
	void podAndContainerSecurityContextsAreHardened() {
		PodSpec pod = this.manifests.deployment().getSpec().getTemplate().getSpec();
		PodSecurityContext podContext = pod.getSecurityContext();
		assertThat(podContext.getRunAsNonRoot()).isTrue();
		assertThat(podContext.getRunAsUser()).isEqualTo(65532L);
		assertThat(podContext.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
		SecurityContext context = this.manifests.bridgeContainer().getSecurityContext();
		assertThat(context.getRunAsNonRoot()).isTrue();
		assertThat(context.getRunAsUser()).isEqualTo(65532L);
		assertThat(context.getReadOnlyRootFilesystem()).isTrue();
		assertThat(context.getAllowPrivilegeEscalation()).isFalse();
		assertThat(context.getPrivileged()).isFalse();
		assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
		assertThat(context.getCapabilities().getAdd()).isEmpty();
		assertThat(context.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
		assertThat(pod.getAutomountServiceAccountToken()).isFalse();
		assertThat(pod.getEnableServiceLinks()).isFalse();
	}

	@Test
	void tmpIsTheOnlyWritableMountAndTheConfigIsMountedReadOnly() {
		PodSpec pod = this.manifests.deployment().getSpec().getTemplate().getSpec();
		Container container = this.manifests.bridgeContainer();
		assertThat(container.getVolumeMounts()).extracting(VolumeMount::getMountPath)
			.containsExactlyInAnyOrder("/tmp", "/etc/wsclient-bridge");
		assertThat(container.getVolumeMounts()).filteredOn((mount) -> !"/tmp".equals(mount.getMountPath()))
			.allSatisfy((mount) -> assertThat(mount.getReadOnly()).isTrue());
		Volume tmp = volume(pod, mount(container, "/tmp").getName());
		assertThat(tmp.getEmptyDir()).isNotNull();
		assertThat(tmp.getEmptyDir().getSizeLimit()).hasToString("64Mi");
		Volume config = volume(pod, mount(container, "/etc/wsclient-bridge").getName());
		assertThat(config.getConfigMap().getName()).isEqualTo(this.manifests.configMap().getMetadata().getName());
		assertThat(env(container, "SPRING_CONFIG_ADDITIONAL_LOCATION"))
			.isEqualTo("file:/etc/wsclient-bridge/application.yml");
	}

	@Test
	void jvmHeapIsSizedFromTheContainerMemoryLimit() {
		Container container = this.manifests.bridgeContainer();
		assertThat(env(container, "JAVA_TOOL_OPTIONS")).contains("-XX:MaxRAMPercentage=75");
		assertThat(container.getResources().getLimits()).containsKey("memory").doesNotContainKey("cpu");
		assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
	}

	@Test
	void gracefulShutdownFitsInTheTerminationGracePeriod() {
		PodSpec pod = this.manifests.deployment().getSpec().getTemplate().getSpec();
		assertThat(this.manifests.applicationProperties()).containsEntry("server.shutdown", "graceful")
			.containsEntry("spring.lifecycle.timeout-per-shutdown-phase", "30s");
		assertThat(this.manifests.bridgeContainer().getLifecycle().getPreStop().getExec().getCommand())
			.containsExactly("sleep", "5");
		assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThanOrEqualTo(35L);
	}

	@Test
	void applicationConfigServesTheActuatorOnItsOwnPortWithProbeGroups() {
		assertThat(this.manifests.applicationProperties()).containsEntry("server.port", 8080)
			.containsEntry("management.server.port", 8081)
			.containsEntry("management.endpoint.health.probes.enabled", true)
			.containsEntry("management.endpoint.health.group.liveness.include", "livenessState")
			.containsEntry("management.endpoints.web.exposure.include", "health,info,prometheus,wsclients");
	}

	@Test
	void accessControlIsLeftToTheBridgeDefaults() {
		Map<String, Object> properties = this.manifests.applicationProperties();
		assertThat(properties.keySet()).noneMatch((key) -> key.startsWith("bridge.security."))
			.noneMatch((key) -> key.startsWith("spring.security."))
			.doesNotContain("spring.config.import");
		assertThat(this.manifests.deployment().getSpec().getTemplate().getSpec().getVolumes())
			.noneMatch((volume) -> volume.getSecret() != null);
	}

	@Test
	void demoFeedRunsWhenNoClientIsConfigured() {
		Map<String, Object> properties = this.manifests.applicationProperties();
		assertThat(properties).containsEntry("bridge.demo.enabled", true);
		assertThat(properties.keySet()).noneMatch((key) -> key.startsWith("wsclient."));
	}

	@Test
	void serviceExposesTheApiPortAndTheManagementPortByName() {
		Service service = this.manifests.service();
		assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
		assertThat(service.getSpec().getPorts()).extracting(ServicePort::getName).containsExactly("http", "management");
		assertThat(this.manifests.servicePort("http")).satisfies((port) -> {
			assertThat(port.getPort()).isEqualTo(8080);
			assertThat(port.getTargetPort()).isEqualTo(new IntOrString("http"));
		});
		assertThat(this.manifests.servicePort("management")).satisfies((port) -> {
			assertThat(port.getPort()).isEqualTo(8081);
			assertThat(port.getTargetPort()).isEqualTo(new IntOrString("management"));
		});
		assertThat(service.getSpec().getPorts()).extracting(ServicePort::getAppProtocol).containsOnly("http");
	}

	@Test
	void releaseNamedAfterTheChartIsNotRepeatedInResourceNames() {
		Manifests named = this.chart.renderRelease("wsclient-bridge");
		assertThat(named.resources())
			.allSatisfy((resource) -> assertThat(resource.getMetadata().getName()).isEqualTo("wsclient-bridge"));
	}

	static HTTPGetAction httpGet(Probe probe) {
		assertThat(probe).isNotNull();
		assertThat(probe.getHttpGet()).as("httpGet probe").isNotNull();
		return probe.getHttpGet();
	}

	static String env(Container container, String name) {
		List<EnvVar> matching = container.getEnv().stream().filter((env) -> name.equals(env.getName())).toList();
		assertThat(matching).as("environment variable %s", name).hasSize(1);
		return matching.get(0).getValue();
	}

	private static VolumeMount mount(Container container, String path) {
		return container.getVolumeMounts()
			.stream()
			.filter((mount) -> path.equals(mount.getMountPath()))
			.findFirst()
			.orElseThrow();
	}

	private static Volume volume(PodSpec pod, String name) {
		return pod.getVolumes().stream().filter((volume) -> name.equals(volume.getName())).findFirst().orElseThrow();
	}

}
