package dev.wsclient.chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

/**
 * The wsclient-bridge chart, linted and rendered by the Helm library that helm-java
 * ships: the same code as the {@code helm} command, offline, without a cluster.
 */
final class BridgeChart {

	/**
	 * Release name used for rendering; resources are named
	 * {@code <release>-wsclient-bridge}.
	 */
	static final String RELEASE = "prod";

	/** Namespace used for rendering. */
	static final String NAMESPACE = "feeds";

	/** Kubernetes version to render for; the chart requires 1.25 or later. */
	static final String KUBE_VERSION = "1.31.0";

	private final Path directory;

	private final Path workDirectory;

	/**
	 * Create a chart for the tests.
	 * @param workDirectory where values files are written
	 */
	BridgeChart(Path workDirectory) {
		this.directory = chartDirectory();
		this.workDirectory = workDirectory;
	}

	/**
	 * The chart's directory: {@code wsclient.chart.dir} as set by the build, else
	 * {@code wsclient-bridge} under the working directory (the module, when run from an
	 * IDE).
	 * @return the chart directory
	 */
	static Path chartDirectory() {
		return Path.of(System.getProperty("wsclient.chart.dir", "wsclient-bridge")).toAbsolutePath();
	}

	/**
	 * Run {@code helm lint --strict}.
	 * @return the lint result
	 */
	LintResult lint() {
		return new Helm(this.directory).lint().strict().call();
	}

	/**
	 * Run {@code helm template} with the chart's default values.
	 * @return the rendered manifests
	 */
	Manifests render() {
		return Manifests.parse(template().call());
	}

	/**
	 * Run {@code helm template} with a values file.
	 * @param valuesYaml content of the values file
	 * @return the rendered manifests
	 * @throws IllegalStateException if Helm rejects the values, with Helm's message
	 */
	Manifests render(String valuesYaml) {
		return Manifests.parse(template().withValuesFile(writeValues(valuesYaml)).call());
	}

	/**
	 * Run {@code helm template} with a release name of choice and default values.
	 * @param release the release name
	 * @return the rendered manifests
	 */
	Manifests renderRelease(String release) {
		return Manifests.parse(template().withName(release).call());
	}

	/**
	 * Run {@code helm install --dry-run=client}, which renders NOTES.txt without a
	 * cluster.
	 * @param valuesYaml content of the values file
	 * @return the install output, NOTES included
	 */
	String installNotes(String valuesYaml) {
		return new Helm(this.directory).install()
			.withName(RELEASE)
			.withNamespace(NAMESPACE)
			.withKubeVersion(KUBE_VERSION)
			.withValuesFile(writeValues(valuesYaml))
			.clientOnly()
			.withDryRunOption(DryRun.CLIENT)
			.call()
			.getOutput();
	}

	private TemplateCommand template() {
		return new Helm(this.directory).template()
			.withName(RELEASE)
			.withNamespace(NAMESPACE)
			.withKubeVersion(KUBE_VERSION);
	}

	private Path writeValues(String valuesYaml) {
		try {
			Path file = Files.createTempFile(this.workDirectory, "values-", ".yaml");
			return Files.writeString(file, valuesYaml, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
