package dev.wsclient.benchmarks.fanout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.wsclient.benchmarks.Report;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class FanOutTests {

	@Test
	@Timeout(value = 180, unit = TimeUnit.SECONDS)
	void aQuickRunOfTheFloorDeliversEveryMessageInOrderAndWritesTheReport(@TempDir Path directory) throws Exception {
		Path out = directory.resolve("FANOUT.md");
		Files.writeString(out, "old\n" + Report.NOTES_MARKER + "\nnotes written by hand\n");
		// 3 readers at 100 messages per second: far below what the floor takes, so none
		// is missed; the latency phases (2 s each in a quick run) record every delivery.
		// One pair of phases after one that is not measured; each phase with
		// never-readers has one for its throughput and another for its latency.
		List<FanOutRun> runs = FanOut.run(FanOutOptions.parse(new String[] { "--quick", "--servers", "floor",
				"--subscribers", "3", "--delivered-rate", "300", "--out", out.toString() }));
		assertThat(runs).singleElement().satisfies((run) -> {
			assertThat(run.failure()).isNull();
			assertThat(run.value("latencyCountWithout")).isEqualTo(3 * 200);
			assertThat(run.value("latencyCountWith")).isEqualTo(3 * 200);
			assertThat(run.value("missedWithout")).isZero();
			assertThat(run.value("missedWith")).isZero();
			assertThat(run.value("throughputWithout")).isPositive();
			assertThat(run.series(FanOut.THROUGHPUT_RATIO).boxed()).singleElement()
				.satisfies((ratio) -> assertThat(ratio).isPositive());
			assertThat(run.value("neverReadersConnected")).isEqualTo(4);
			// The server's CPU time per delivered message, read from outside its JVM.
			assertThat(run.value("cpuPushedWithout")).isPositive();
			assertThat(run.value("cpuAtRateWith")).isPositive();
			assertThat(run.series(FanOut.CPU_AT_RATE_RATIO).boxed()).singleElement()
				.satisfies((ratio) -> assertThat(ratio).isPositive());
			assertThat(run.value("heapPerSubscriber")).isNotNaN();
		});
		String report = Files.readString(out, StandardCharsets.UTF_8);
		assertThat(report).contains("## Server-Sent Events to 3 readers")
			.contains("| delivered messages/s, all readers | ")
			.contains("## Cost of the never-readers")
			.contains("| floor | 3 | ")
			.doesNotContain("old\n")
			.endsWith(Report.NOTES_MARKER + "\nnotes written by hand\n");
	}

}
