package dev.wsclient.chart;

import java.nio.file.Path;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code helm lint --strict}: Chart.yaml, templates with the default values, and the
 * default values against the schema.
 */
class ChartLintTests {

	@Test
	void chartPassesStrictLintWithoutErrorsOrWarnings(@TempDir Path workDirectory) {
		LintResult result = new BridgeChart(workDirectory).lint();
		assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
		assertThat(result.getMessages()).noneMatch((message) -> message.contains("[ERROR]"))
			.noneMatch((message) -> message.contains("[WARNING]"));
	}

}
