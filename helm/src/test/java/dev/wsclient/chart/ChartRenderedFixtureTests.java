package dev.wsclient.chart;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bridge's {@code ChartDeploymentTests} start the bridge with a copy of the
 * configuration this chart renders; the copy must stay what the chart renders.
 */
class ChartRenderedFixtureTests {

	@Test
	void theBridgesCopyOfTheRenderedConfigurationIsWhatTheChartRenders(@TempDir Path workDirectory) throws IOException {
		Path fixture = BridgeChart.chartDirectory()
			.resolve("../../sample-app/src/test/resources/chart-rendered/application.yml")
			.normalize();
		String copy = Files.readAllLines(fixture, StandardCharsets.UTF_8)
			.stream()
			.filter((line) -> !line.startsWith("#"))
			.collect(Collectors.joining("\n"));
		String rendered = new BridgeChart(workDirectory).render(UpstreamClientsTests.TWO_FEEDS).applicationYaml();
		assertThat(copy.strip()).as("%s, rendered again from UpstreamClientsTests.TWO_FEEDS", fixture)
			.isEqualTo(rendered.strip());
	}

}
