package dev.wsclient.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs every client case of the Autobahn|Testsuite fuzzing server against this client and
 * fails listing each case the server judged FAILED.
 * <ul>
 * <li>With {@code -Dautobahn.url=ws://127.0.0.1:9001}: against that fuzzing server
 * (started by hand, its reports land in its own {@code outdir}).</li>
 * <li>Otherwise, when Docker is available: against the
 * {@code crossbario/autobahn-testsuite} image started by Testcontainers; the reports are
 * copied to {@code target/autobahn-reports/clients/index.html}.</li>
 * <li>Otherwise: skipped, saying so.</li>
 * </ul>
 * {@code -Dautobahn.compression=true} offers permessage-deflate, so that cases 12.* and
 * 13.* run instead of being reported UNIMPLEMENTED; {@code -Dautobahn.skip=true} skips
 * both variants; {@code -Dautobahn.image=...} picks another image.
 */
class AutobahnClientTests {

	static final String URL_PROPERTY = "autobahn.url";

	private static final Duration CASE_TIMEOUT = Duration.ofMinutes(2);

	@Test
	@Timeout(value = 60, unit = TimeUnit.MINUTES)
	void everyClientCaseOfTheGivenFuzzingServerPasses() {
		assumeFalse(skipped(), "Autobahn|Testsuite skipped: -Dautobahn.skip=true");
		String url = System.getProperty(URL_PROPERTY, "").strip();
		if (url.isEmpty()) {
			String reason = "Autobahn|Testsuite against a running fuzzing server skipped: none given. Start one "
					+ "(docker run --rm -v \"$PWD/core/src/test/autobahn:/config\" -p 9001:9001 "
					+ "crossbario/autobahn-testsuite) and run ./mvnw -pl core verify "
					+ "-Dautobahn.url=ws://127.0.0.1:9001 (see README.md, \"Autobahn|Testsuite\")";
			System.out.println(reason);
			assumeFalse(true, reason);
		}
		runAndAssert(URI.create(url));
	}

	static boolean skipped() {
		return Boolean.getBoolean("autobahn.skip");
	}

	static void runAndAssert(URI fuzzingServer) {
		boolean compression = Boolean.getBoolean("autobahn.compression");
		AutobahnDriver driver = new AutobahnDriver(fuzzingServer, AutobahnDriver.AGENT,
				AutobahnDriver.caseOptions(compression), CASE_TIMEOUT);
		List<AutobahnDriver.CaseResult> results = driver.runAll();
		Map<String, Long> behaviors = results.stream()
			.collect(Collectors.groupingBy(AutobahnDriver.CaseResult::behavior, TreeMap::new, Collectors.counting()));
		System.out.println("Autobahn|Testsuite against " + fuzzingServer + " (permessage-deflate "
				+ (compression ? "offered" : "not offered") + "): " + results.size() + " cases, " + behaviors);
		results.stream()
			.filter((result) -> !"OK".equals(result.behavior()) && !result.failed())
			.forEach((result) -> System.out.println("  " + result));
		List<AutobahnDriver.CaseResult> failed = results.stream().filter(AutobahnDriver.CaseResult::failed).toList();
		assertThat(results).as("cases run").isNotEmpty();
		assertThat(failed)
			.as("%d of %d Autobahn cases FAILED:%n%s", failed.size(), results.size(),
					failed.stream().map((result) -> "  " + result).collect(Collectors.joining(System.lineSeparator())))
			.isEmpty();
	}

	/**
	 * The fuzzing server in Docker, when no server is given and Docker is available. The
	 * fuzzing server refuses handshakes whose {@code Host} port differs from the port of
	 * its configured URL, so the container's port is published on the same host port
	 * ({@code -Dautobahn.port}, 9001 by default) rather than on a random one.
	 */
	@Nested
	@Testcontainers(disabledWithoutDocker = true)
	class InDocker {

		@Test
		@Timeout(value = 60, unit = TimeUnit.MINUTES)
		void everyClientCaseOfTheFuzzingServerInDockerPasses() {
			assumeFalse(skipped(), "Autobahn|Testsuite skipped: -Dautobahn.skip=true");
			assumeTrue(System.getProperty(URL_PROPERTY, "").isBlank(),
					"a fuzzing server was given with -Dautobahn.url: the Docker run is not needed");
			int port = Integer.getInteger("autobahn.port", 9001);
			DockerImageName image = DockerImageName
				.parse(System.getProperty("autobahn.image", "crossbario/autobahn-testsuite:latest"));
			String config = """
					{
					  "url": "ws://127.0.0.1:%d",
					  "outdir": "/reports/clients",
					  "cases": ["*"],
					  "exclude-cases": [],
					  "exclude-agent-cases": {}
					}
					""".formatted(port);
			try (GenericContainer<?> fuzzer = new GenericContainer<>(image)) {
				fuzzer.withCopyToContainer(Transferable.of(config), "/config/fuzzingserver.json")
					.withExposedPorts(port)
					.withCreateContainerCmdModifier((command) -> command.getHostConfig()
						.withPortBindings(new PortBinding(Ports.Binding.bindPort(port), ExposedPort.tcp(port))))
					.waitingFor(Wait.forListeningPort())
					.withStartupTimeout(Duration.ofMinutes(5))
					.start();
				URI url = URI.create("ws://" + fuzzer.getHost() + ":" + fuzzer.getMappedPort(port));
				try {
					runAndAssert(url);
				}
				finally {
					copyReports(fuzzer, Path.of("target", "autobahn-reports"));
				}
			}
		}

		private static void copyReports(GenericContainer<?> fuzzer, Path target) {
			try (InputStream archive = DockerClientFactory.instance()
				.client()
				.copyArchiveFromContainerCmd(fuzzer.getContainerId(), "/reports/clients")
				.exec(); TarArchiveInputStream tar = new TarArchiveInputStream(archive)) {
				Path root = target.toAbsolutePath().normalize();
				for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
					Path file = root.resolve(entry.getName()).normalize();
					if (!file.startsWith(root)) {
						continue;
					}
					if (entry.isDirectory()) {
						Files.createDirectories(file);
					}
					else {
						Path directory = file.getParent();
						if (directory != null) {
							Files.createDirectories(directory);
						}
						Files.copy(tar, file, StandardCopyOption.REPLACE_EXISTING);
					}
				}
				System.out.println("Autobahn|Testsuite reports: " + root.resolve("clients/index.html"));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot copy the Autobahn reports out of the container", ex);
			}
		}

	}

}
