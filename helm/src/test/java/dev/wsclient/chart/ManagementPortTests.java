package dev.wsclient.chart;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.IntOrString;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The actuator on a port of its own ({@code management.port}): the bridge's
 * configuration, the container, the probes, the Service, the ServiceMonitor and the
 * NetworkPolicy all follow it.
 */
class ManagementPortTests {

	private static final String CUSTOM_PORTS = """
			containerPort: 9090
			management:
			  port: 9100
			service:
			  port: 80
			  managementPort: 9000
			serviceMonitor:
			  enabled: true
			""";

	private BridgeChart chart;

	@BeforeEach
	void createChart(@TempDir Path workDirectory) {
		this.chart = new BridgeChart(workDirectory);
	}

	@Test
	void everyResourceFollowsCustomPorts() {
		Manifests manifests = this.chart.render(CUSTOM_PORTS);
		assertThat(manifests.unknownFields()).isEmpty();
		assertThat(manifests.applicationProperties()).containsEntry("server.port", 9090)
			.containsEntry("management.server.port", 9100);
		assertThat(manifests.containerPort("http")).isEqualTo(9090);
		assertThat(manifests.containerPort("management")).isEqualTo(9100);
		assertThat(manifests.servicePort("http").getPort()).isEqualTo(80);
		assertThat(manifests.servicePort("management").getPort()).isEqualTo(9000);
		assertThat(manifests.servicePort("management").getTargetPort()).isEqualTo(new IntOrString("management"));
		List<Map<String, Object>> endpoints = manifests.singleGeneric("monitoring.coreos.com/v1", "ServiceMonitor")
			.get("spec", "endpoints");
		assertThat(endpoints).singleElement()
			.satisfies((endpoint) -> assertThat(endpoint).containsEntry("port", "management"));
		assertThat(manifests.networkPolicy().getSpec().getIngress()).extracting(NetworkPolicyTests::ports)
			.containsExactly(List.of(9090), List.of(9100));
	}

	@Test
	void probesFollowTheManagementPortByName() {
		Manifests manifests = this.chart.render(CUSTOM_PORTS);
		assertThat(List.of(manifests.bridgeContainer().getStartupProbe(),
				manifests.bridgeContainer().getLivenessProbe(), manifests.bridgeContainer().getReadinessProbe()))
			.allSatisfy((probe) -> assertThat(DefaultValuesTests.httpGet(probe).getPort())
				.isEqualTo(new IntOrString("management")));
	}

	@Test
	void managementPortEqualToTheApiPortIsRejected() {
		assertThatIllegalStateException().isThrownBy(() -> this.chart.render("""
				containerPort: 9090
				management:
				  port: 9090
				""")).withMessageContaining("management.port (9090) must differ from containerPort (9090)");
	}

	@Test
	void serviceManagementPortEqualToTheServicePortIsRejected() {
		assertThatIllegalStateException().isThrownBy(() -> this.chart.render("""
				service:
				  port: 8081
				""")).withMessageContaining("service.managementPort (8081) must differ from service.port (8081)");
	}

}
