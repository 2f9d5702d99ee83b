package dev.wsclient.benchmarks.fanout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The fan-out benchmark's command line.
 *
 * @param out where to write the results
 * @param quick whether to run the smoke-test sized version
 * @param servers the servers compared, the floor first
 * @param subscriberCounts the numbers of readers, each with 10% never-readers on top
 * @param repetitions runs per server and subscriber count
 * @param pairs pairs of phases without and with never-readers per run
 * @param deliveredRate the deliveries per second of the fixed-rate latency runs, all
 * readers together: the feed sends this divided by the number of readers
 * @param bridgeJar the bridge's executable jar
 * @param bridgeProperties application properties the bridge gets beyond the benchmark's,
 * as {@code key=value}
 * @param arguments the arguments as given, for the report
 */
record FanOutOptions(Path out, boolean quick, List<ServerKind> servers, List<Integer> subscriberCounts, int repetitions,
		int pairs, double deliveredRate, Path bridgeJar, List<String> bridgeProperties, List<String> arguments) {

	static final String USAGE = """
			usage: java -jar wsclient-benchmarks.jar fanout [--out FILE] [--quick] [--servers floor,bridge]
			       [--subscribers N,...] [--reps N] [--pairs N] [--delivered-rate N] [--bridge-jar FILE]
			       [--bridge-property KEY=VALUE]...
			  --out FILE            where to write the results (default benchmarks/FANOUT.md)
			  --quick               a smoke run: 10 and 50 readers, one repetition, short phases
			  --servers             floor, bridge or both (default both; the floor always runs)
			  --subscribers N,...   readers per run (default 100,1000), plus 10% never-readers
			  --reps N              runs per server and count, interleaved (default 5, quick 1)
			  --pairs N             pairs of phases without and with never-readers per run (default 3, quick 1)
			  --delivered-rate N    deliveries per second of the latency runs, all readers together (default 10000)
			  --bridge-jar FILE     the bridge (default sample-app/target/wsclient-bridge-*.jar)
			  --bridge-property K=V a property of the bridge beyond the benchmark's (repeatable)
			""";

	/**
	 * Return how long the phases of a run last.
	 * @return the durations
	 */
	Phases phases() {
		return this.quick ? new Phases(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2))
				: new Phases(Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(5));
	}

	static FanOutOptions parse(String[] args) {
		Path out = Path.of("benchmarks", "FANOUT.md");
		boolean quick = false;
		List<ServerKind> servers = List.of(ServerKind.values());
		List<Integer> counts = null;
		Integer repetitions = null;
		Integer pairs = null;
		double rate = 10_000;
		Path jar = null;
		List<String> bridgeProperties = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--out" -> out = Path.of(value(args, ++i));
				case "--quick" -> quick = true;
				case "--servers" -> servers = servers(value(args, ++i));
				case "--subscribers" -> counts = Arrays.stream(value(args, ++i).split(",", -1))
					.map((count) -> positive("--subscribers", count))
					.toList();
				case "--reps" -> repetitions = positive("--reps", value(args, ++i));
				case "--pairs" -> pairs = positive("--pairs", value(args, ++i));
				case "--delivered-rate" -> rate = positive("--delivered-rate", value(args, ++i));
				case "--bridge-jar" -> jar = Path.of(value(args, ++i));
				case "--bridge-property" -> bridgeProperties.add(property(value(args, ++i)));
				default -> throw new IllegalArgumentException("unknown argument " + args[i] + "\n" + USAGE);
			}
		}
		if (servers.contains(ServerKind.BRIDGE) && jar == null) {
			jar = findBridgeJar();
		}
		return new FanOutOptions(out, quick, servers,
				(counts != null) ? counts : (quick ? List.of(10, 50) : List.of(100, 1000)),
				(repetitions != null) ? repetitions : (quick ? 1 : 5), (pairs != null) ? pairs : (quick ? 1 : 3), rate,
				(jar != null) ? jar : Path.of(""), List.copyOf(bridgeProperties), List.of(args));
	}

	private static List<ServerKind> servers(String names) {
		List<ServerKind> servers = new ArrayList<>(List.of(ServerKind.FLOOR));
		for (String name : names.split(",", -1)) {
			ServerKind server = Arrays.stream(ServerKind.values())
				.filter((kind) -> kind.id().equals(name))
				.findFirst()
				.orElseThrow(() -> new IllegalArgumentException("--servers: unknown server " + name + "\n" + USAGE));
			if (!servers.contains(server)) {
				servers.add(server);
			}
		}
		return List.copyOf(servers);
	}

	private static Path findBridgeJar() {
		Path target = Path.of("sample-app", "target");
		try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
			return files.filter((file) -> file.getFileName().toString().matches("wsclient-bridge-.*\\.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalArgumentException("--bridge-jar: no wsclient-bridge-*.jar in " + target
						+ "; build it with ./mvnw -pl sample-app -am package -DskipTests, or pass --bridge-jar"));
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("--bridge-jar: cannot list " + target + ": " + ex.getMessage());
		}
	}

	private static String property(String property) {
		if (property.indexOf('=') <= 0) {
			throw new IllegalArgumentException("--bridge-property takes KEY=VALUE, not '" + property + "'\n" + USAGE);
		}
		return property;
	}

	private static String value(String[] args, int index) {
		if (index >= args.length) {
			throw new IllegalArgumentException(args[index - 1] + " needs a value\n" + USAGE);
		}
		return args[index];
	}

	private static int positive(String option, String value) {
		try {
			int number = Integer.parseInt(value.trim());
			if (number > 0) {
				return number;
			}
		}
		catch (NumberFormatException ex) {
			// Reported below with the option's name.
		}
		throw new IllegalArgumentException(option + " must be a positive whole number, not '" + value + "'\n" + USAGE);
	}

	/**
	 * How long the phases of a run last.
	 *
	 * @param warmUp the warm-up of a fresh server, with a few readers
	 * @param settle each phase's part before it is measured
	 * @param measure each phase's measured part
	 */
	record Phases(Duration warmUp, Duration settle, Duration measure) {

	}

}
