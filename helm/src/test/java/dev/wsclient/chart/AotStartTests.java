package dev.wsclient.chart;

import java.nio.file.Path;

import io.fabric8.kubernetes.api.model.Container;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image's fast start ({@code aot.enabled}): the bridge starts from its AOT code
 * unless JWTs are configured, which that code cannot serve; the management port reaches
 * the JVM in a way that wins over the image's default.
 */
class AotStartTests {

	private static final String AOT = "-Dspring.aot.enabled=true";

	private BridgeChart chart;

	@BeforeEach
	void createChart(@TempDir Path workDirectory) {
		this.chart = new BridgeChart(workDirectory);
	}

	@Test
	void byDefaultTheBridgeStartsFromItsAotCode() {
		Container container = this.chart.render().bridgeContainer();
		assertThat(DefaultValuesTests.env(container, "JAVA_TOOL_OPTIONS"))
			.isEqualTo(AOT + " -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError");
		assertThat(DefaultValuesTests.env(container, "MANAGEMENT_SERVER_PORT")).isEqualTo("8081");
	}

	@Test
	void withJwtsTheBridgeStartsWithoutItsAotCode() {
		Container container = this.chart.render("""
				security:
				  jwt:
				    issuerUri: https://issuer.example.com/
				""").bridgeContainer();
		assertThat(DefaultValuesTests.env(container, "JAVA_TOOL_OPTIONS")).doesNotContain(AOT);
	}

	@Test
	void theSwitchCanBeForcedEitherWay() {
		Container forcedOn = this.chart.render("""
				aot:
				  enabled: true
				security:
				  jwt:
				    jwkSetUri: https://issuer.example.com/jwks
				""").bridgeContainer();
		assertThat(DefaultValuesTests.env(forcedOn, "JAVA_TOOL_OPTIONS")).startsWith(AOT);
		Container forcedOff = this.chart.render("""
				aot:
				  enabled: false
				""").bridgeContainer();
		assertThat(DefaultValuesTests.env(forcedOff, "JAVA_TOOL_OPTIONS")).doesNotContain(AOT);
	}

	@Test
	void theManagementPortFollowsTheValue() {
		Container container = this.chart.render("""
				management:
				  port: 9100
				""").bridgeContainer();
		assertThat(DefaultValuesTests.env(container, "MANAGEMENT_SERVER_PORT")).isEqualTo("9100");
	}

}
