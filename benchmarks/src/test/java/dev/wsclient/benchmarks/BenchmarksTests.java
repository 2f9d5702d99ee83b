package dev.wsclient.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class BenchmarksTests {

	@Test
	@Timeout(value = 90, unit = TimeUnit.SECONDS)
	void aQuickRunOfOneClientAndOneScenarioWritesTheResults(@TempDir Path directory) throws Exception {
		Path out = directory.resolve("RESULTS.md");
		Files.writeString(out, "old\n" + Report.NOTES_MARKER + "\nnotes written by hand\n");
		Results results = Benchmarks.run(DriverOptions.parse(new String[] { "--quick", "--clients", "reactor-netty",
				"--scenarios", "BINARY_64K", "--out", out.toString() }));
		assertThat(results.failures(Scenario.BINARY_64K, Results.FLOOR)).isEmpty();
		assertThat(results.median(Scenario.BINARY_64K, Results.FLOOR, "msgsPerSec")).isPresent();
		String report = Files.readString(out, StandardCharsets.UTF_8);
		assertThat(report).contains("| client | binary 64 KiB |")
			.contains("raw Reactor Netty `HttpClient.websocket()` (floor) | ")
			.contains("1.00×")
			.doesNotContain("old\n")
			.endsWith(Report.NOTES_MARKER + "\nnotes written by hand\n");
	}

	@Test
	@Timeout(value = 120, unit = TimeUnit.SECONDS)
	void aQuickRunOfTheListenerScenarioComparesTheListenerWithParsingByHand(@TempDir Path directory) throws Exception {
		Path out = directory.resolve("RESULTS.md");
		Results results = Benchmarks.run(DriverOptions.parse(new String[] { "--quick", "--clients",
				"starter-listener,starter-json-raw", "--scenarios", "listener", "--out", out.toString() }));
		// Each run checks every tick's fields; the floor takes no part.
		assertThat(results.clients(Scenario.JSON_TICK)).containsExactly("starter-listener", "starter-json-raw");
		assertThat(results.failures(Scenario.JSON_TICK, "starter-listener")).isEmpty();
		assertThat(results.failures(Scenario.JSON_TICK, "starter-json-raw")).isEmpty();
		assertThat(results.ratio(Scenario.JSON_TICK, "starter-listener", "starter-json-raw", "msgsPerSec")).isPresent();
		assertThat(Files.readString(out, StandardCharsets.UTF_8)).contains("## Listener methods")
			.contains("| wsclient starter, `@WsClientListener` method taking the record | ")
			.contains("listener method taking a JSON record ≥ 0.9 of `onReceive` parsing by hand");
	}

}
