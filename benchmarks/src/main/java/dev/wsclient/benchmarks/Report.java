package dev.wsclient.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.DoubleFunction;

import org.jspecify.annotations.Nullable;

/**
 * Writes {@code RESULTS.md}: the tables, the targets, the machine, the command and the
 * date. Whatever follows {@link #NOTES_MARKER} in an existing file (the analysis written
 * by hand) is kept.
 */
public final class Report {

	/** Everything after this line of a report is kept when it is written again. */
	public static final String NOTES_MARKER = "<!-- Everything below this line is kept when the benchmarks are run again. -->";

	/** The command that builds the benchmarks. */
	public static final String BUILD_COMMAND = "./mvnw -pl benchmarks -am package -DskipTests";

	private static final Map<String, String> LABELS = Map.ofEntries(
			Map.entry("reactor-netty", "raw Reactor Netty `HttpClient.websocket()` (floor)"),
			Map.entry("wsclient", "wsclient core, `onReceive` handler"),
			Map.entry("wsclient-flux", "wsclient core, `messages()` Flux"),
			Map.entry("starter-events-off", "wsclient starter, message events off"),
			Map.entry("starter-events-on", "wsclient starter, message events on"),
			Map.entry("starter-listener", "wsclient starter, `@WsClientListener` method taking the record"),
			Map.entry("starter-json-raw", "wsclient starter, `onReceive` parsing by hand into the same method"),
			Map.entry("webflux", "Spring WebFlux `ReactorNettyWebSocketClient`"),
			Map.entry("jdk", "JDK `java.net.http.WebSocket`"), Map.entry("okhttp", "OkHttp 5 (`okhttp-jvm`)"),
			Map.entry("jetty", "Jetty 12 WebSocket client"));

	private static final List<Scenario> THROUGHPUT = List.of(Scenario.BINARY_64, Scenario.BINARY_1K,
			Scenario.BINARY_64K, Scenario.TEXT_1K);

	private final DriverOptions options;

	private final Results results;

	private final RunConditions conditions;

	private final StringBuilder out = new StringBuilder();

	Report(DriverOptions options, Results results, RunConditions conditions) {
		this.options = options;
		this.results = results;
		this.conditions = conditions;
	}

	void write() throws IOException {
		header();
		throughput();
		latency();
		idle();
		slowSubscriber();
		listener();
		targets();
		failures();
		writeKeepingNotes(this.options.out(), this.out);
	}

	/**
	 * Write a generated report, followed by {@link #NOTES_MARKER} and whatever followed
	 * the marker in the file already there (the analysis written by hand).
	 * @param file the report file
	 * @param generated the generated part
	 * @throws IOException when the file cannot be read or written
	 */
	public static void writeKeepingNotes(Path file, CharSequence generated) throws IOException {
		String notes = "";
		if (Files.exists(file)) {
			String existing = Files.readString(file, StandardCharsets.UTF_8);
			int marker = existing.indexOf(NOTES_MARKER);
			if (marker >= 0) {
				notes = existing.substring(marker + NOTES_MARKER.length());
			}
		}
		StringBuilder text = new StringBuilder(generated);
		text.append('\n').append(NOTES_MARKER).append(notes.isEmpty() ? "\n" : notes);
		Path parent = file.toAbsolutePath().getParent();
		if (parent != null) {
			Files.createDirectories(parent);
		}
		Files.writeString(file, text, StandardCharsets.UTF_8);
	}

	private void header() {
		line("# wsclient benchmarks: results");
		line("");
		line((this.options.quick() ? "A **quick** smoke run (small counts, one repetition: not a result)"
				: "A full run") + ", " + this.conditions.started().format(DateTimeFormatter.RFC_1123_DATE_TIME)
				+ ", written by:");
		line("");
		line("```bash");
		line(BUILD_COMMAND + " && java -jar benchmarks/target/wsclient-benchmarks.jar "
				+ String.join(" ", this.options.arguments()));
		line("```");
		line("");
		line("**Ratios are the result**: each is a client's median divided by the median of raw Reactor Netty "
				+ "measured in this same run, with the clients' JVMs interleaved repetition by repetition so "
				+ "that the machine's noise falls on all of them alike. Absolute numbers are context.");
		line("");
		line("## Machine and method");
		line("");
		Machine.facts().forEach((fact) -> line("- " + fact));
		line("- 1-minute load average: " + this.conditions.describeLoad());
		line("- every client run is a fresh JVM: `-Xms" + Jvms.CLIENT_HEAP + " -Xmx" + Jvms.CLIENT_HEAP
				+ " -XX:+UseG1GC -XX:+AlwaysPreTouch`; the load server (Netty, 127.0.0.1, pre-encoded frames) is its own JVM, "
				+ "started anew for each scenario");
		line("- repetitions per client: " + this.options.repetitions() + " for throughput and latency, "
				+ this.options.repetitions(Scenario.IDLE_2000) + " for idle connections, 1 for the slow subscriber; "
				+ "tables show medians");
		line("- echo runs: " + (this.conditions.pinned() ? "server pinned to CPU 1 and client to CPU 0 with `taskset`"
				: "not pinned (`taskset` unavailable)"));
		line("- throughput: a warm-up blast in the same JVM sizes the measured blast to last at least "
				+ (this.options.quick() ? "0.25" : "2") + " s; every payload is touched (a checksum over every byte "
				+ "or character) and a run fails unless message count, bytes and checksum match exactly");
	}

	private void throughput() {
		if (THROUGHPUT.stream().noneMatch(this.results::has)) {
			return;
		}
		section("Inbound throughput",
				"Messages per second the client received and touched (median), MiB/s, and the ratio to the floor.");
		List<String> header = new ArrayList<>(List.of("client"));
		THROUGHPUT.stream().filter(this.results::has).forEach((scenario) -> header.add(scenario.title()));
		row(header);
		separator(header.size());
		for (String client : this.options.clients()) {
			List<String> cells = new ArrayList<>(List.of(label(client)));
			for (Scenario scenario : THROUGHPUT) {
				if (this.results.has(scenario)) {
					cells.add(cell(scenario, client, "msgsPerSec", (msgs) -> rate(msgs) + ", "
							+ format(this.results.median(scenario, client, "mibPerSec").orElse(Double.NaN), "%.0f")
							+ " MiB/s"));
				}
			}
			row(cells);
		}
		line("");
		line("Bytes allocated per received message (median; every thread of the client JVM during the measured "
				+ "blast, `ThreadMXBean`):");
		line("");
		row(header);
		separator(header.size());
		for (String client : this.options.clients()) {
			List<String> cells = new ArrayList<>(List.of(label(client)));
			for (Scenario scenario : THROUGHPUT) {
				if (this.results.has(scenario)) {
					cells.add(format(this.results.median(scenario, client, "bytesPerMessage").orElse(Double.NaN),
							"%.0f B"));
				}
			}
			row(cells);
		}
		line("");
		line("Every run (messages per second):");
		line("");
		for (Scenario scenario : THROUGHPUT) {
			for (String client : this.results.clients(scenario)) {
				line("- " + scenario.title() + ", " + client + ": " + runs(scenario, client));
			}
		}
	}

	private void latency() {
		Scenario scenario = Scenario.ECHO;
		if (!this.results.has(scenario)) {
			return;
		}
		section("Echo latency",
				"Sequential round trips of a 64 B binary message (each sent as the previous "
						+ "answer arrives, on the client's delivery thread), after as many warm-up round trips; "
						+ "microseconds, medians over the runs.");
		row(List.of("client", "p50 µs", "p99 µs", "p99.9 µs", "p99 ratio"));
		separator(5);
		for (String client : this.options.clients()) {
			if (!scenario.includes(client)) {
				continue;
			}
			List<String> failures = this.results.failures(scenario, client);
			if (!failures.isEmpty() || this.results.measurements(scenario, client).isEmpty()) {
				row(List.of(label(client), notMeasured(scenario, client), "", "", ""));
				continue;
			}
			row(List.of(label(client), micros(scenario, client, "p50"), micros(scenario, client, "p99"),
					micros(scenario, client, "p999"), ratio(this.results.ratio(scenario, client, "p99"))));
		}
	}

	private void idle() {
		List<Scenario> idle = List.of(Scenario.IDLE_2000, Scenario.IDLE_10000);
		if (idle.stream().noneMatch(this.results::has)) {
			return;
		}
		section("Idle connections",
				"Connections to `/idle` opened 128 at a time; heap after full GC and RSS "
						+ "(`/proc/self/status`) against a baseline taken after one connection was opened and closed; "
						+ "live threads before and after. Medians over the runs.");
		row(List.of("client", "connections", "heap per connection", "ratio", "RSS per connection", "heap after",
				"RSS after", "threads before → after"));
		separator(8);
		for (Scenario scenario : idle) {
			if (!this.results.has(scenario)) {
				continue;
			}
			for (String client : this.options.clients()) {
				if (!scenario.includes(client)) {
					continue;
				}
				String count = scenario.argument(this.options.quick()).substring("idle:".length());
				if (!this.results.failures(scenario, client).isEmpty()
						|| this.results.measurements(scenario, client).isEmpty()) {
					row(List.of(label(client), count, notMeasured(scenario, client), "", "", "", "", ""));
					continue;
				}
				row(List.of(label(client), count, bytes(this.results.median(scenario, client, "heapPerConnection")),
						ratio(this.results.ratio(scenario, client, "heapPerConnection")),
						bytes(this.results.median(scenario, client, "rssPerConnection")),
						format(this.results.median(scenario, client, "heapMiB").orElse(Double.NaN), "%.0f") + " MiB",
						format(this.results.median(scenario, client, "rssMiB").orElse(Double.NaN), "%.0f") + " MiB",
						format(this.results.median(scenario, client, "threadsBefore").orElse(Double.NaN), "%.0f")
								+ " → "
								+ format(this.results.median(scenario, client, "threads").orElse(Double.NaN), "%.0f")));
			}
		}
		line("");
		line("Not measured: the starter (one client per configured name in one application context, not a pool "
				+ "of thousands) and `messages()` (the same connection as `onReceive`).");
	}

	private void slowSubscriber() {
		Scenario scenario = Scenario.SLOW_SUBSCRIBER;
		if (!this.results.has(scenario)) {
			return;
		}
		section("Slow subscriber",
				"A blast of 1 KiB binary messages (400 000 in a full run: 391 MiB, more than " + "the "
						+ Jvms.CLIENT_HEAP + " heap) read through the client's backpressured stream (wsclient: "
						+ "`events()` as a Flux; Reactor Netty: `receiveFrames()`) by a subscriber that requests 100 "
						+ "messages every 50 ms (2 000/s), with the heap after GC sampled every second. Then the "
						+ "subscriber requests everything, and every message must arrive: the socket was paused, "
						+ "nothing was dropped.");
		row(List.of("client", "blast", "received while slow", "heap after GC each second (MiB)", "then drained",
				"all received"));
		separator(6);
		for (String client : this.results.clients(scenario)) {
			Measurement run = this.results.measurements(scenario, client).get(0);
			if (!run.succeeded()) {
				row(List.of(label(client), "failed: " + run.failure(), "", "", "", "no"));
				continue;
			}
			row(List.of(("wsclient".equals(client) ? "wsclient core, `events()` Flux" : label(client)),
					format(run.number("messages"), "%.0f") + " messages, " + format(run.number("blastMiB"), "%.0f")
							+ " MiB",
					format(run.number("slowReceived"), "%.0f") + " in " + format(run.number("slowSeconds"), "%.0f")
							+ " s",
					String.valueOf(run.values().get("heapSamplesMiB")).replace("_", " "),
					format(run.number("drainSeconds"), "%.1f") + " s", "yes"));
		}
	}

	private void listener() {
		Scenario scenario = Scenario.JSON_TICK;
		if (!this.results.has(scenario)) {
			return;
		}
		section("Listener methods",
				"A blast of " + Tick.SAMPLE_JSON.length + "-byte JSON ticks (`{\"symbol\",\"bid\",\"ask\",\"seq\"}`) "
						+ "read into a record, with Spring Boot's `JsonMapper`, by the starter in one application "
						+ "each: a `@WsClientListener` method taking the record, and the same method fed by the "
						+ "client's `onReceive` handler that parses by hand with an `ObjectReader` of the same mapper "
						+ "(the parse the listener's converter makes). Every tick's fields are checked. Each client "
						+ "JVM warms up for at least 6 s, then measures three blasts and reports the median one. "
						+ "Messages per second (median over the runs) and the ratio of the listener to the "
						+ "hand-written code, from this run; and "
						+ "the CPU time the client JVM used per message during the measured blast (every thread, GC "
						+ "and compilation included), which a busy machine disturbs much less, with the ratio of the "
						+ "hand-written code's to the listener's (above 1.0: the listener costs less).");
		row(List.of("client", "messages per second", "ratio to parsing by hand", "CPU per message", "CPU ratio"));
		separator(5);
		for (String client : this.results.clients(scenario)) {
			if (!this.results.failures(scenario, client).isEmpty()) {
				row(List.of(label(client), "failed", "", "", ""));
				continue;
			}
			OptionalDouble cpu = this.results.ratio(scenario, "starter-json-raw", client, "cpuNanosPerMsg");
			row(List.of(label(client), rate(this.results.median(scenario, client, "msgsPerSec").orElse(Double.NaN)),
					ratio(this.results.ratio(scenario, client, "starter-json-raw", "msgsPerSec")),
					format(this.results.median(scenario, client, "cpuNanosPerMsg").orElse(Double.NaN) / 1e3, "%.2f")
							+ " µs",
					ratio(cpu)));
		}
		line("");
		line("Every run (messages per second):");
		line("");
		for (String client : this.results.clients(scenario)) {
			line("- " + client + ": " + runs(scenario, client));
		}
	}

	private String runs(Scenario scenario, String client) {
		return String.join(", ", this.results.measurements(scenario, client)
			.stream()
			.map((run) -> run.succeeded()
					? rate(run.number("msgsPerSec")) + " in " + format(run.number("seconds"), "%.1f") + " s" : "failed")
			.toList());
	}

	private void targets() {
		section("Targets", "From the benchmarks issue; ratios to raw Reactor Netty from this run. "
				+ (this.options.quick() ? "A quick run decides nothing." : ""));
		row(List.of("target", "measured", "met"));
		separator(3);
		throughputTarget("throughput binary 64 B ≥ 1.5", Scenario.BINARY_64, 1.5);
		throughputTarget("throughput binary 1 KiB ≥ 1.0", Scenario.BINARY_1K, 1.0);
		throughputTarget("throughput binary 64 KiB ≥ 1.0", Scenario.BINARY_64K, 1.0);
		throughputTarget("throughput text 1 KiB ≥ 1.0", Scenario.TEXT_1K, 1.0);
		for (Scenario scenario : List.of(Scenario.IDLE_2000, Scenario.IDLE_10000)) {
			OptionalDouble ratio = this.results.ratio(scenario, "wsclient", "heapPerConnection");
			target("idle heap per connection ≤ 1.1 (" + scenario.title() + ")", ratio,
					ratio.isPresent() ? Boolean.valueOf(ratio.getAsDouble() <= 1.1) : null);
		}
		OptionalDouble few = this.results.median(Scenario.IDLE_2000, "wsclient", "threads");
		OptionalDouble many = this.results.median(Scenario.IDLE_10000, "wsclient", "threads");
		target("threads constant in the number of connections",
				(few.isPresent() && many.isPresent())
						? format(few.getAsDouble(), "%.0f") + " threads with " + Scenario.IDLE_2000.title() + ", "
								+ format(many.getAsDouble(), "%.0f") + " with " + Scenario.IDLE_10000.title()
						: "not measured",
				(few.isPresent() && many.isPresent()) ? Boolean.valueOf(many.getAsDouble() <= few.getAsDouble() + 2)
						: null);
		boolean tenThousand = !this.options.quick() && this.results.has(Scenario.IDLE_10000)
				&& !this.results.measurements(Scenario.IDLE_10000, "wsclient").isEmpty();
		target("10 000 idle clients fit in a " + Jvms.CLIENT_HEAP + " heap",
				tenThousand
						? (this.results.failures(Scenario.IDLE_10000, "wsclient").isEmpty()
								? "all runs opened 10 000 connections with -Xmx" + Jvms.CLIENT_HEAP : "a run failed")
						: "not measured",
				tenThousand ? Boolean.valueOf(this.results.failures(Scenario.IDLE_10000, "wsclient").isEmpty()) : null);
		OptionalDouble worstStarter = worstRatio("starter-events-off");
		target("starter, message events off ≥ 0.95 of core (lowest ratio over the throughput scenarios)", worstStarter,
				worstStarter.isPresent() ? Boolean.valueOf(worstStarter.getAsDouble() >= 0.95) : null);
		OptionalDouble eventsOn = worstRatio("starter-events-on");
		target("starter, message events on: cost measured (lowest ratio to core over the throughput scenarios)",
				eventsOn, eventsOn.isPresent() ? Boolean.TRUE : null);
		OptionalDouble listener = this.results.ratio(Scenario.JSON_TICK, "starter-listener", "starter-json-raw",
				"msgsPerSec");
		target("listener method taking a JSON record ≥ 0.9 of `onReceive` parsing by hand", listener,
				listener.isPresent() ? Boolean.valueOf(listener.getAsDouble() >= 0.9) : null);
		OptionalDouble p99 = this.results.ratio(Scenario.ECHO, "wsclient", "p99");
		target("echo p99 ≤ 1.1", p99, p99.isPresent() ? Boolean.valueOf(p99.getAsDouble() <= 1.1) : null);
	}

	private void throughputTarget(String name, Scenario scenario, double minimum) {
		OptionalDouble handler = this.results.ratio(scenario, "wsclient", "msgsPerSec");
		OptionalDouble stream = this.results.ratio(scenario, "wsclient-flux", "msgsPerSec");
		String measured = (handler.isPresent() ? "`onReceive` " + ratio(handler) : "`onReceive` not measured")
				+ (stream.isPresent() ? ", `messages()` " + ratio(stream) : "");
		target(name, measured, handler.isPresent() ? Boolean.valueOf(handler.getAsDouble() >= minimum) : null);
	}

	private OptionalDouble worstRatio(String client) {
		return THROUGHPUT.stream()
			.map((scenario) -> this.results.ratio(scenario, client, "wsclient", "msgsPerSec"))
			.filter(OptionalDouble::isPresent)
			.mapToDouble(OptionalDouble::getAsDouble)
			.min();
	}

	private void target(String name, OptionalDouble ratio, @Nullable Boolean met) {
		target(name, ratio.isPresent() ? ratio(ratio) : "not measured", met);
	}

	private void target(String name, String measured, @Nullable Boolean met) {
		row(List.of(name, measured, (met == null) ? "not measured" : met ? "**met**" : "**not met**"));
	}

	private void failures() {
		List<String> failures = new ArrayList<>();
		for (Scenario scenario : Scenario.values()) {
			for (String client : this.results.clients(scenario)) {
				this.results.failures(scenario, client)
					.forEach((failure) -> failures.add(scenario.title() + ", " + client + ": " + failure));
			}
		}
		if (!failures.isEmpty()) {
			section("Failed runs",
					"A failed run leaves its cell empty; logs are in `benchmarks/target/benchmark-logs`.");
			failures.forEach((failure) -> line("- " + failure.replace('|', '/')));
		}
	}

	private String cell(Scenario scenario, String client, String name, DoubleFunction<String> describe) {
		if (!scenario.includes(client)) {
			return "n/a";
		}
		if (!this.results.failures(scenario, client).isEmpty()
				|| this.results.measurements(scenario, client).isEmpty()) {
			return notMeasured(scenario, client);
		}
		OptionalDouble median = this.results.median(scenario, client, name);
		return describe.apply(median.orElse(Double.NaN)) + ", **" + ratio(this.results.ratio(scenario, client, name))
				+ "**";
	}

	private String notMeasured(Scenario scenario, String client) {
		return this.results.failures(scenario, client).isEmpty() ? "not measured" : "failed";
	}

	private String micros(Scenario scenario, String client, String name) {
		return format(this.results.median(scenario, client, name).orElse(Double.NaN), "%.1f");
	}

	private static String rate(double perSecond) {
		if (perSecond >= 1e6) {
			return format(perSecond / 1e6, "%.2f") + " M/s";
		}
		return format(perSecond / 1e3, "%.1f") + " k/s";
	}

	private static String bytes(OptionalDouble value) {
		if (value.isEmpty()) {
			return "";
		}
		double bytes = value.getAsDouble();
		return (Math.abs(bytes) >= 10 * 1024) ? format(bytes / 1024, "%.1f") + " KiB" : format(bytes, "%.0f") + " B";
	}

	private static String ratio(OptionalDouble ratio) {
		return ratio.isPresent() ? format(ratio.getAsDouble(), "%.2f") + "×" : "";
	}

	private static String format(double value, String pattern) {
		return Double.isNaN(value) ? "?" : String.format(Locale.ROOT, pattern, value);
	}

	private String label(String client) {
		return LABELS.getOrDefault(client, client);
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

	/**
	 * How the run went, beyond its numbers.
	 *
	 * @param started when it started
	 * @param loadBefore the 1-minute load average when the runs began
	 * @param waitedMinutes how long the driver waited for a quiet machine
	 * @param quiet whether the load average dropped below 1.0 before the runs
	 * @param loadAfter the 1-minute load average at the end
	 * @param pinned whether echo runs were pinned to CPUs
	 */
	record RunConditions(ZonedDateTime started, double loadBefore, long waitedMinutes, boolean quiet, double loadAfter,
			boolean pinned) {

		static ZonedDateTime now() {
			return ZonedDateTime.now(ZoneOffset.UTC);
		}

		String describeLoad() {
			String before = format(this.loadBefore, "%.2f") + " when the runs began, " + format(this.loadAfter, "%.2f")
					+ " at the end";
			if (this.quiet) {
				return before + ((this.waitedMinutes > 0)
						? " (waited " + this.waitedMinutes + " min for it to drop below 1.0)" : "");
			}
			return before + " — **the machine was busy**: the load did not drop below 1.0"
					+ ((this.waitedMinutes > 0) ? " in " + this.waitedMinutes + " min of waiting" : "")
					+ " and the run went ahead anyway; the ratios still compare clients under the same noise";
		}

	}

}
