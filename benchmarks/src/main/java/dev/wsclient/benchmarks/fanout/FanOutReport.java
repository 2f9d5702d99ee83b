package dev.wsclient.benchmarks.fanout;

import java.io.IOException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.DoublePredicate;
import java.util.function.ToDoubleFunction;
import java.util.stream.DoubleStream;
import java.util.stream.Stream;

import dev.wsclient.benchmarks.Machine;
import dev.wsclient.benchmarks.Report;
import dev.wsclient.benchmarks.Statistics;
import org.jspecify.annotations.Nullable;

/**
 * Writes {@code FANOUT.md}: the command, the machine and method, a table per number of
 * readers with the bridge's ratios to the floor, the cost of the never-readers, the
 * targets and every run. What follows {@link Report#NOTES_MARKER} in an existing file is
 * kept.
 */
final class FanOutReport {

	/** The throughput ratio to the floor the bridge must reach. */
	static final double THROUGHPUT_TARGET = 0.9;

	/** The memory-per-subscriber ratio to the floor the bridge must stay within. */
	static final double MEMORY_TARGET = 1.2;

	/**
	 * The never-readers cost nothing measurable when the readers' throughput with /
	 * without them is within this fraction of the same ratio for the floor, which does no
	 * work for a never-reader (it drops its messages), so that what 10% more connections
	 * cost any server on this machine is not counted against the bridge...
	 */
	static final double NEVER_READER_THROUGHPUT = 0.95;

	/** ... and their p99 latency with / without within this factor. */
	static final double NEVER_READER_P99 = 1.2;

	private final FanOutOptions options;

	private final List<FanOutRun> runs;

	private final ZonedDateTime started;

	private final double loadBefore;

	private final double loadAfter;

	private final StringBuilder out = new StringBuilder();

	FanOutReport(FanOutOptions options, List<FanOutRun> runs, ZonedDateTime started, double loadBefore,
			double loadAfter) {
		this.options = options;
		this.runs = runs;
		this.started = started;
		this.loadBefore = loadBefore;
		this.loadAfter = loadAfter;
	}

	void write() throws IOException {
		header();
		for (int readers : this.options.subscriberCounts()) {
			table(readers);
		}
		neverReaders();
		targets();
		everyRun();
		Report.writeKeepingNotes(this.options.out(), this.out);
	}

	private void header() {
		line("# wsclient bridge: fan-out benchmark");
		line("");
		line((this.options.quick() ? "A **quick** smoke run (small counts, one repetition, short phases: not a result)"
				: "A run of " + this.options.repetitions() + " repetitions") + ", "
				+ this.started.format(DateTimeFormatter.RFC_1123_DATE_TIME) + ", written by:");
		line("");
		line("```bash");
		line("./mvnw -pl benchmarks,sample-app -am package -DskipTests && java -jar benchmarks/target/wsclient-benchmarks.jar fanout "
				+ String.join(" ", this.options.arguments()));
		line("```");
		line("");
		line("**Ratios are the result**: the bridge's median divided by the floor's median from this same run, "
				+ "the two servers' JVMs interleaved run by run (their order alternating) so that the noise of a busy "
				+ "machine falls on both alike. Absolute numbers are context.");
		line("");
		line("## Machine and method");
		line("");
		Machine.facts().forEach((fact) -> line("- " + fact));
		line("- 1-minute load average: " + format(this.loadBefore, "%.2f") + " when the runs began, "
				+ format(this.loadAfter, "%.2f") + " at the end (other builds share the machine)");
		line("- servers, each run a fresh JVM with the same options: `" + String.join(" ", ServerUnderTest.JVM_OPTIONS)
				+ "`");
		line("  - " + ServerKind.FLOOR.label() + ": `FloorApplication` in this module, Spring Boot WebFlux, "
				+ "a plain Reactor Netty WebSocket client emitting into `Sinks.many().multicast().directBestEffort()`, "
				+ "`GET /streams/{client}` returning it as `Flux<ServerSentEvent<String>>`; no security, buffer or "
				+ "metrics");
		line("  - " + ServerKind.BRIDGE.label() + ": the executable jar as users run it, its defaults unchanged "
				+ "(`bridge.demo.enabled=false`, one client `feed`); Spring Security on, every stream opened with an "
				+ "API key (`X-API-Key`, SHA-256 checked) granting `read:feed`");
		line("- the driver JVM (`java -jar`) holds both ends: the upstream feed, a Netty WebSocket server on "
				+ "127.0.0.1 that each server connects to, sending 1 KiB text messages that start with a sequence "
				+ "number and the send time (`System.nanoTime()`); and the subscribers, raw Netty HTTP clients "
				+ "reading the SSE stream at full speed, checking order and gaps by sequence number");
		line("- never-readers: " + "10% more subscribers that never read (automatic reads off, `SO_RCVBUF` "
				+ Subscribers.NEVER_READER_RECEIVE_BUFFER + " B)");
		line("- **throughput**: the feed is kept " + FanOut.WINDOW + " messages ahead of the slowest reader still "
				+ "streaming (inside the bridge's ring, `bridge.subscriber.buffer-size`: 1024 messages by default), "
				+ seconds(this.options.phases().settle())
				+ " to settle, then messages delivered to all readers together per second over "
				+ seconds(this.options.phases().measure())
				+ ": the most each server delivers without losing messages for readers that keep up. "
				+ "Pushing faster than that measures the overload policy instead (the floor drops, the bridge "
				+ "disconnects), not the capacity");
		line("- **latency**: the feed sends at a fixed rate, " + format(this.options.deliveredRate(), "%.0f")
				+ " deliveries per second across all readers (the feed's rate is that divided by the number of readers: "
				+ "a rate both servers sustain with 1000 readers on 2 cores, shared with the driver), each message stamped "
				+ "with the time it was due; every message's latency to every reader, over "
				+ seconds(this.options.phases().measure()) + " after " + seconds(this.options.phases().settle())
				+ " of settling, HdrHistogram");
		line("- **memory per subscriber**: with the readers connected and streaming (after " + "200 messages), minus "
				+ "the baseline after a warm-up with as many readers that then left (so that what serving them costs "
				+ "once, the code the JIT compiled, its arenas and the classes loaded, is in the baseline), divided by "
				+ "the number of readers; heap "
				+ "after a full collection (`jcmd GC.run`, `GC.heap_info`), direct memory (native memory tracking's "
				+ "`Other`: direct buffers), RSS (`/proc/<pid>/status`; the heap is pre-touched, so RSS grows only "
				+ "with what is not heap)");
		line("- **never-readers' cost**: in each run, " + this.options.pairs() + " pairs of phases without and with "
				+ "never-readers, alternating (A B B A, then B A A B in the next run) in the same server JVM, after "
				+ "a pair that is not measured (profiles showed the JIT compiling through the first phases, most in "
				+ "the first with never-readers: a one-time cost that fell on the first pair); in a "
				+ "phase with them, a fresh 10% connect after the throughput's settling and again after the latency's, "
				+ "and the feed sends at the latency rate for 1 s (in both kinds of phase) so that their requests "
				+ "are handled before the measurement starts (a connection's arrival costs the same for any "
				+ "subscriber); what they cost as they back up and, on the bridge, their disconnection fall inside "
				+ "what is measured, and they are closed when it ends. Each pair gives a ratio with / without; the "
				+ "cost is the median of every pair's ratio over all runs. The server's CPU time (`/proc/<pid>/stat`, "
				+ "user and system, all threads) is read around each measured part and divided by the messages "
				+ "delivered in it");
		line("- medians over the runs (within a run, over its phases); each run: warm-up, baseline, readers, "
				+ "memory, then the pairs");
	}

	private void table(int readers) {
		section("Server-Sent Events to " + readers + " readers",
				"Medians over the runs; latency at " + format(this.options.deliveredRate() / readers, "%.0f")
						+ " messages per second from the feed. Without never-readers.");
		row(List.of("", ServerKind.FLOOR.label(), ServerKind.BRIDGE.label(), "bridge / floor"));
		separator(4);
		metric(readers, "delivered messages/s, all readers", "throughputWithout", FanOutReport::rate);
		metric(readers, "feed messages/s at that throughput", "upstreamWithout", FanOutReport::rate);
		metric(readers, "p50 latency feed → reader", "p50Without", FanOutReport::micros);
		metric(readers, "p99 latency feed → reader", "p99Without", FanOutReport::micros);
		metric(readers, "heap per subscriber", "heapPerSubscriber", FanOutReport::bytes);
		metric(readers, "direct memory per subscriber", "directPerSubscriber", FanOutReport::bytes);
		memoryRow(readers);
		metric(readers, "RSS per subscriber", "rssPerSubscriber", FanOutReport::bytes);
		metric(readers, "messages readers missed in the latency run", "missedWithout",
				(value) -> format(value, "%.0f"));
		metric(readers, "readers the server stopped sending to (whole run, never-readers aside)", "stalledReaders",
				(value) -> format(value, "%.0f"));
	}

	private void metric(int readers, String name, String value, Formatter formatter) {
		OptionalDouble floor = median(ServerKind.FLOOR, readers, (run) -> run.value(value));
		OptionalDouble bridge = median(ServerKind.BRIDGE, readers, (run) -> run.value(value));
		row(List.of(name, cell(floor, formatter), cell(bridge, formatter), ratio(floor, bridge)));
	}

	private void memoryRow(int readers) {
		OptionalDouble floor = median(ServerKind.FLOOR, readers, FanOutReport::memoryPerSubscriber);
		OptionalDouble bridge = median(ServerKind.BRIDGE, readers, FanOutReport::memoryPerSubscriber);
		row(List.of("**heap + direct per subscriber**", cell(floor, FanOutReport::bytes),
				cell(bridge, FanOutReport::bytes), "**" + ratio(floor, bridge) + "**"));
	}

	private void neverReaders() {
		section("Cost of the never-readers", "The cells are the medians over every pair of phases ("
				+ this.options.pairs() + " per run) of the "
				+ "pair's ratio with / without (1.00 = no cost), with the spread of those ratios and how many of the "
				+ "pairs were worse with the never-readers than without, and the messages "
				+ "the readers missed in the latency phases with them.");
		row(List.of("server", "readers", "throughput with / without", "its pairs (min–max, worse)",
				"p99 with / without", "its pairs (min–max, worse)", "p99 with", "missed with",
				"never-readers the server disconnected"));
		separator(9);
		for (int readers : this.options.subscriberCounts()) {
			for (ServerKind server : this.options.servers()) {
				double[] throughput = pairs(server, readers, FanOut.THROUGHPUT_RATIO);
				double[] p99 = pairs(server, readers, FanOut.P99_RATIO);
				OptionalDouble disconnected = median(server, readers,
						(run) -> run.value("slowDisconnected") / run.value("neverReadersConnected"));
				row(List.of(server.id(), String.valueOf(readers), ratio(median(throughput)),
						spread(throughput, (ratio) -> ratio < 1), ratio(median(p99)), spread(p99, (ratio) -> ratio > 1),
						cell(median(server, readers, (run) -> run.value("p99With")), FanOutReport::micros),
						cell(median(server, readers, (run) -> run.value("missedWith")),
								(value) -> format(value, "%.0f")),
						(server == ServerKind.BRIDGE) ? cell(disconnected, (value) -> format(value * 100, "%.0f") + "%")
								: "none (drops their messages)"));
			}
		}
		line("");
		line("The bridge disconnects a never-reader once it is `bridge.subscriber.buffer-size` messages or "
				+ "`buffer-bytes` behind (1024 and 8 MiB by default; the command above shows any `--bridge-property`); "
				+ "one still within that when its phase ends is closed by the driver, so the share above depends on "
				+ "the feed's rate (in the latency phases it is far lower than in the throughput phases).");
		line("");
		line("The server's CPU time per message delivered to the readers, without never-readers (medians over the "
				+ "runs) and with / without (medians over the pairs, with their spread): what the never-readers make "
				+ "the server do, less moved by the machine's noise than the readers' throughput. At the fixed rate "
				+ "their buffers fill slowly, if at all before the measurement ends, so the server writes to them as "
				+ "to readers: that ratio is what 10% more connections cost. With the feed pushed ahead they back up "
				+ "within a second (and the bridge disconnects them), but a phase that delivers less for any reason "
				+ "also spends more per message.");
		line("");
		row(List.of("server", "readers", "pushed ahead, without", "with / without", "its pairs (min–max, worse)",
				"at the fixed rate, without", "with / without", "its pairs (min–max, worse)"));
		separator(8);
		for (int readers : this.options.subscriberCounts()) {
			for (ServerKind server : this.options.servers()) {
				double[] pushed = pairs(server, readers, FanOut.CPU_PUSHED_RATIO);
				double[] atRate = pairs(server, readers, FanOut.CPU_AT_RATE_RATIO);
				row(List.of(server.id(), String.valueOf(readers),
						cell(median(server, readers, (run) -> run.value("cpuPushedWithout")), FanOutReport::nanos),
						ratio(median(pushed)), spread(pushed, (ratio) -> ratio > 1),
						cell(median(server, readers, (run) -> run.value("cpuAtRateWithout")), FanOutReport::nanos),
						ratio(median(atRate)), spread(atRate, (ratio) -> ratio > 1)));
			}
		}
	}

	private void targets() {
		section("Targets", "From the issue; ratios from this run."
				+ (this.options.quick() ? " A quick run decides nothing." : ""));
		row(List.of("target", "readers", "measured", "met"));
		separator(4);
		for (int readers : this.options.subscriberCounts()) {
			OptionalDouble throughput = ratio(readers, (run) -> run.value("throughputWithout"));
			target("delivered throughput ≥ " + THROUGHPUT_TARGET + "× the floor's", readers, ratio(throughput),
					throughput.isPresent() ? throughput.getAsDouble() >= THROUGHPUT_TARGET : null);
		}
		for (int readers : this.options.subscriberCounts()) {
			OptionalDouble memory = ratio(readers, FanOutReport::memoryPerSubscriber);
			OptionalDouble heap = ratio(readers, (run) -> run.value("heapPerSubscriber"));
			OptionalDouble rss = ratio(readers, (run) -> run.value("rssPerSubscriber"));
			// Direct memory comes from Netty's pools in chunks, so it moves in steps; the
			// heap after a full collection is exact. Both must be within the target.
			target("memory per subscriber ≤ " + MEMORY_TARGET + "× the floor's (heap, and heap + direct)", readers,
					"heap " + ratio(heap) + ", heap + direct " + ratio(memory) + " (RSS " + ratio(rss) + ")",
					(memory.isPresent() && heap.isPresent())
							? memory.getAsDouble() <= MEMORY_TARGET && heap.getAsDouble() <= MEMORY_TARGET : null);
		}
		for (int readers : this.options.subscriberCounts()) {
			OptionalDouble throughput = median(pairs(ServerKind.BRIDGE, readers, FanOut.THROUGHPUT_RATIO));
			OptionalDouble floorThroughput = median(pairs(ServerKind.FLOOR, readers, FanOut.THROUGHPUT_RATIO));
			OptionalDouble relative = quotient(throughput, floorThroughput);
			OptionalDouble p99 = median(pairs(ServerKind.BRIDGE, readers, FanOut.P99_RATIO));
			OptionalDouble missed = median(ServerKind.BRIDGE, readers, (run) -> run.value("missedWith"));
			Boolean met = (relative.isPresent() && p99.isPresent() && missed.isPresent())
					? relative.getAsDouble() >= NEVER_READER_THROUGHPUT && p99.getAsDouble() <= NEVER_READER_P99
							&& missed.getAsDouble() == 0
					: null;
			target("the never-reading 10% cost the readers nothing measurable (throughput with / without ≥ "
					+ NEVER_READER_THROUGHPUT + "× the floor's with / without, whose never-readers cost it no work; "
					+ "p99 ≤ " + NEVER_READER_P99 + "× of without; no message missed)", readers,
					"throughput " + ratio(throughput) + " (floor " + ratio(floorThroughput) + ": " + ratio(relative)
							+ "), p99 " + ratio(p99) + ", missed " + cell(missed, (value) -> format(value, "%.0f")),
					met);
		}
	}

	private void everyRun() {
		section("Every run",
				"In the order they ran; rates per second, latencies in µs, memory in bytes per subscriber, ratios of each pair with / without never-readers.");
		for (FanOutRun run : this.runs) {
			line("- " + run.server().id() + ", " + run.readers() + " readers, run " + run.repetition() + ": "
					+ (run.succeeded() ? "" : "**failed**: " + String.valueOf(run.failure()).replace('|', '/') + "; ")
					+ String.join(", ",
							run.values()
								.entrySet()
								.stream()
								.map((entry) -> entry.getKey() + " " + value(entry.getValue()))
								.toList()));
		}
	}

	private OptionalDouble ratio(int readers, ToDoubleFunction<FanOutRun> value) {
		return quotient(median(ServerKind.BRIDGE, readers, value), median(ServerKind.FLOOR, readers, value));
	}

	/**
	 * Return the median over a server's successful runs with some readers.
	 */
	private OptionalDouble median(ServerKind server, int readers, ToDoubleFunction<FanOutRun> value) {
		return median(measured(runs(server, readers).mapToDouble(value)));
	}

	/**
	 * Return every pair's ratio from a server's successful runs with some readers.
	 */
	private double[] pairs(ServerKind server, int readers, String ratio) {
		return measured(runs(server, readers).flatMapToDouble((run) -> run.series(ratio)));
	}

	private Stream<FanOutRun> runs(ServerKind server, int readers) {
		return this.runs.stream()
			.filter((run) -> run.server() == server && run.readers() == readers && run.succeeded());
	}

	private static double[] measured(DoubleStream values) {
		return values.filter((number) -> !Double.isNaN(number)).toArray();
	}

	private static OptionalDouble median(double[] values) {
		return (values.length == 0) ? OptionalDouble.empty() : OptionalDouble.of(Statistics.median(values));
	}

	private static String spread(double[] values, DoublePredicate worse) {
		if (values.length == 0) {
			return "";
		}
		return format(Arrays.stream(values).min().getAsDouble(), "%.2f") + "–"
				+ format(Arrays.stream(values).max().getAsDouble(), "%.2f") + ", "
				+ Arrays.stream(values).filter(worse).count() + " of " + values.length + " worse";
	}

	private static double memoryPerSubscriber(FanOutRun run) {
		return run.value("heapPerSubscriber") + run.value("directPerSubscriber");
	}

	private static String ratio(OptionalDouble floor, OptionalDouble bridge) {
		OptionalDouble ratio = quotient(bridge, floor);
		return ratio.isPresent() ? ratio(ratio) : "";
	}

	private static OptionalDouble quotient(OptionalDouble dividend, OptionalDouble divisor) {
		if (dividend.isEmpty() || divisor.isEmpty() || divisor.getAsDouble() == 0) {
			return OptionalDouble.empty();
		}
		return OptionalDouble.of(dividend.getAsDouble() / divisor.getAsDouble());
	}

	private static String ratio(OptionalDouble ratio) {
		return ratio.isPresent() ? format(ratio.getAsDouble(), "%.2f") + "×" : "not measured";
	}

	private static String cell(OptionalDouble value, Formatter formatter) {
		return value.isPresent() ? formatter.format(value.getAsDouble()) : "failed or not run";
	}

	private void target(String name, int readers, String measured, @Nullable Boolean met) {
		row(List.of(name, String.valueOf(readers), measured,
				(met == null) ? "not measured" : met ? "**met**" : "**not met**"));
	}

	/**
	 * Show a run's value: whole numbers for rates, counts and sizes; two decimals for
	 * ratios and other small values, which rounding to a whole number would lose.
	 */
	private static String value(double value) {
		return format(value, (Math.abs(value) >= 100 || value == Math.rint(value)) ? "%.0f" : "%.2f");
	}

	private static String rate(double perSecond) {
		if (perSecond >= 1e6) {
			return format(perSecond / 1e6, "%.2f") + " M/s";
		}
		return format(perSecond / 1e3, "%.1f") + " k/s";
	}

	private static String micros(double micros) {
		return (micros >= 10_000) ? format(micros / 1e3, "%.1f") + " ms" : format(micros, "%.0f") + " µs";
	}

	private static String nanos(double nanos) {
		return format(nanos / 1e3, "%.2f") + " µs";
	}

	private static String bytes(double bytes) {
		return (Math.abs(bytes) >= 10 * 1024) ? format(bytes / 1024, "%.1f") + " KiB" : format(bytes, "%.0f") + " B";
	}

	private static String seconds(java.time.Duration duration) {
		return duration.toSeconds() + " s";
	}

	private static String format(double value, String pattern) {
		return Double.isNaN(value) ? "?" : String.format(Locale.ROOT, pattern, value);
	}

	private void section(String title, String description) {
		line("");
		line("## " + title);
		line("");
		line(description);
		line("");
	}

	private void row(List<String> cells) {
		line("| " + String.join(" | ", cells) + " |");
	}

	private void separator(int columns) {
		line("|" + "---|".repeat(columns));
	}

	private void line(String text) {
		this.out.append(text).append('\n');
	}

	/** How a number is shown. */
	@FunctionalInterface
	private interface Formatter {

		String format(double value);

	}

}
