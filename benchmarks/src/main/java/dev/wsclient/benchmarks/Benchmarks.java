package dev.wsclient.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Locale;

import dev.wsclient.benchmarks.fanout.FanOut;
import org.jspecify.annotations.Nullable;

/**
 * Runs the benchmarks and writes {@code RESULTS.md}: for each scenario a fresh load
 * server, then for each repetition one fresh JVM per client, the clients interleaved so
 * that the machine's noise falls on all of them alike.
 *
 * <pre>
 * ./mvnw -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/wsclient-benchmarks.jar --out benchmarks/RESULTS.md
 * java -jar benchmarks/target/wsclient-benchmarks.jar --quick --out target/QUICK.md
 * java -jar benchmarks/target/wsclient-benchmarks.jar fanout --quick --out target/FANOUT-QUICK.md
 * </pre>
 */
public final class Benchmarks {

	/** The first argument that runs the fan-out benchmark instead ({@link FanOut}). */
	static final String FAN_OUT = "fanout";

	private static final double QUIET_LOAD = 1.0;

	private Benchmarks() {
	}

	/**
	 * Run the benchmarks, or with {@code fanout} first the fan-out benchmark of the
	 * bridge.
	 * @param args see {@link DriverOptions#USAGE}
	 * @throws Exception when the load server or a JVM cannot be started
	 */
	public static void main(String[] args) throws Exception {
		if (args.length > 0 && FAN_OUT.equals(args[0])) {
			FanOut.main(Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		DriverOptions options;
		try {
			options = DriverOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(2);
			return;
		}
		Results results = run(options);
		System.exit(results.anyFailed() ? 1 : 0);
	}

	/**
	 * Run the benchmarks and write the report.
	 * @param options the options
	 * @return the results
	 * @throws Exception when the load server or a JVM cannot be started
	 */
	static Results run(DriverOptions options) throws Exception {
		ZonedDateTime started = Report.RunConditions.now();
		long waited = waitForQuietMachine(options.waitMinutes());
		double loadBefore = Machine.loadAverage();
		Path logs = logDirectory(options.out());
		Jvms jvms = new Jvms(logs);
		Results results = new Results();
		for (Scenario scenario : options.scenarios()) {
			boolean pin = scenario.kind() == Scenario.Kind.LATENCY && jvms.canPin();
			try (Jvms.Server server = jvms.startServer(pin ? "1" : null, scenario.name().toLowerCase(Locale.ROOT))) {
				for (int repetition = 1; repetition <= options.repetitions(scenario); repetition++) {
					for (String client : options.clients()) {
						if (!scenario.includes(client)) {
							continue;
						}
						String logName = scenario.name().toLowerCase(Locale.ROOT) + "-" + client + "-" + repetition;
						Measurement measurement = jvms.runClient(client, scenario.argument(options.quick()),
								scenario.jvmOptions(), server.url(), options.quick(), pin ? "0" : null, logName);
						results.add(scenario, client, measurement);
						System.out.printf(Locale.ROOT, "%-16s %-20s run %d: %s%n", scenario.title(), client, repetition,
								measurement.succeeded() ? measurement.values() : "FAILED " + measurement.failure());
					}
				}
			}
		}
		Report.RunConditions conditions = new Report.RunConditions(started, loadBefore, waited, loadBefore < QUIET_LOAD,
				Machine.loadAverage(), jvms.canPin());
		new Report(options, results, conditions).write();
		System.out.println("Wrote " + options.out().toAbsolutePath());
		return results;
	}

	/**
	 * Wait, checking every minute, until the 1-minute load average drops below 1.0.
	 * @param minutes the longest wait
	 * @return the minutes waited
	 * @throws InterruptedException when interrupted
	 */
	private static long waitForQuietMachine(int minutes) throws InterruptedException {
		long start = System.nanoTime();
		for (int minute = 0; minute < minutes && !(Machine.loadAverage() < QUIET_LOAD); minute++) {
			System.out.printf(Locale.ROOT, "load average %.2f: waiting for it to drop below %.1f (%d of %d min)%n",
					Machine.loadAverage(), QUIET_LOAD, minute, minutes);
			Thread.sleep(Duration.ofMinutes(1).toMillis());
		}
		return Duration.ofNanos(System.nanoTime() - start).toMinutes();
	}

	private static Path logDirectory(Path out) {
		@Nullable Path parent = out.toAbsolutePath().getParent();
		return ((parent != null) ? parent : Path.of(".")).resolve("target").resolve("benchmark-logs");
	}

}
