package dev.wsclient.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.wsclient.benchmarks.client.Clients;

/**
 * The driver's command line.
 *
 * @param out where to write the results
 * @param quick whether to run the smoke-test sized version
 * @param clients the client ids, the floor first
 * @param scenarios the scenarios
 * @param repetitions client JVMs per client and scenario (throughput and latency; idle
 * runs use at most 3, the slow subscriber 1)
 * @param waitMinutes how long to wait for a quiet machine before starting
 * @param arguments the arguments as given, for the report
 */
record DriverOptions(Path out, boolean quick, List<String> clients, List<Scenario> scenarios, int repetitions,
		int waitMinutes, List<String> arguments) {

	static final String USAGE = """
			usage: java -jar wsclient-benchmarks.jar [--out FILE] [--quick] [--clients ID,...]
			       [--scenarios NAME,...] [--reps N] [--wait-minutes N]
			       java -jar wsclient-benchmarks.jar fanout ... (the bridge's fan-out benchmark, see FANOUT.md)
			  --out FILE         where to write the results (default benchmarks/RESULTS.md)
			  --quick            a smoke run: small counts, one repetition, no waiting for a quiet machine
			  --clients          %s (default: all; reactor-netty, the floor, is always added)
			  --scenarios        throughput, latency, idle, slow or one of %s (default: all)
			  --reps N           repetitions of the throughput and latency runs (default 5, quick 1)
			  --wait-minutes N   wait up to N minutes for a 1-minute load average below 1.0 (default 20, quick 0)
			""".formatted(String.join(",", Clients.IDS), Arrays.toString(Scenario.values()));

	static DriverOptions parse(String[] args) {
		Path out = Path.of("benchmarks", "RESULTS.md");
		boolean quick = false;
		List<String> clients = Clients.IDS;
		List<Scenario> scenarios = List.of(Scenario.values());
		Integer repetitions = null;
		Integer waitMinutes = null;
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--out" -> out = Path.of(value(args, ++i));
				case "--quick" -> quick = true;
				case "--clients" -> clients = withFloor(Arrays.asList(value(args, ++i).split(",", -1)));
				case "--scenarios" -> scenarios = Scenario.select(Arrays.asList(value(args, ++i).split(",", -1)));
				case "--reps" -> repetitions = Integer.parseInt(value(args, ++i));
				case "--wait-minutes" -> waitMinutes = Integer.parseInt(value(args, ++i));
				default -> throw new IllegalArgumentException("unknown argument " + args[i] + "\n" + USAGE);
			}
		}
		if (scenarios.isEmpty()) {
			throw new IllegalArgumentException("no scenario selected\n" + USAGE);
		}
		return new DriverOptions(out, quick, clients, scenarios, (repetitions != null) ? repetitions : (quick ? 1 : 5),
				(waitMinutes != null) ? waitMinutes : (quick ? 0 : 20), List.of(args));
	}

	/**
	 * Return the repetitions of a scenario.
	 * @param scenario the scenario
	 * @return how many client JVMs per client
	 */
	int repetitions(Scenario scenario) {
		return switch (scenario.kind()) {
			case IDLE -> Math.min(this.repetitions, 3);
			case SLOW -> 1;
			default -> this.repetitions;
		};
	}

	private static String value(String[] args, int index) {
		if (index >= args.length) {
			throw new IllegalArgumentException(args[index - 1] + " needs a value\n" + USAGE);
		}
		return args[index];
	}

	private static List<String> withFloor(List<String> requested) {
		List<String> clients = new ArrayList<>();
		clients.add(Results.FLOOR);
		for (String client : requested) {
			if (!Clients.IDS.contains(client)) {
				throw new IllegalArgumentException("unknown client " + client + "\n" + USAGE);
			}
			if (!clients.contains(client)) {
				clients.add(client);
			}
		}
		return clients;
	}

}
