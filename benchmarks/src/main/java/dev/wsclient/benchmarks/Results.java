package dev.wsclient.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Every measurement of a run, by scenario and client, and their medians.
 */
final class Results {

	/** The client every ratio is taken against. */
	static final String FLOOR = "reactor-netty";

	private final Map<Scenario, Map<String, List<Measurement>>> measurements = new LinkedHashMap<>();

	void add(Scenario scenario, String client, Measurement measurement) {
		this.measurements.computeIfAbsent(scenario, (key) -> new LinkedHashMap<>())
			.computeIfAbsent(client, (key) -> new ArrayList<>())
			.add(measurement);
	}

	boolean has(Scenario scenario) {
		return this.measurements.containsKey(scenario);
	}

	List<String> clients(Scenario scenario) {
		return List.copyOf(this.measurements.getOrDefault(scenario, Map.of()).keySet());
	}

	List<Measurement> measurements(Scenario scenario, String client) {
		return this.measurements.getOrDefault(scenario, Map.of()).getOrDefault(client, List.of());
	}

	/**
	 * Return the failures of a client in a scenario.
	 * @param scenario the scenario
	 * @param client the client
	 * @return why its runs failed
	 */
	List<String> failures(Scenario scenario, String client) {
		return measurements(scenario, client).stream()
			.filter((measurement) -> !measurement.succeeded())
			.map(Measurement::failure)
			.map(String::valueOf)
			.toList();
	}

	boolean anyFailed() {
		return this.measurements.values()
			.stream()
			.flatMap((byClient) -> byClient.values().stream())
			.flatMap(List::stream)
			.anyMatch((measurement) -> !measurement.succeeded());
	}

	/**
	 * Return the median of a number over the successful runs, or nothing when a run
	 * failed: a failed run makes the whole cell fail.
	 * @param scenario the scenario
	 * @param client the client
	 * @param name the number
	 * @return the median
	 */
	OptionalDouble median(Scenario scenario, String client, String name) {
		List<Measurement> runs = measurements(scenario, client);
		if (runs.isEmpty() || runs.stream().anyMatch((run) -> !run.succeeded())) {
			return OptionalDouble.empty();
		}
		return OptionalDouble.of(Statistics.median(runs.stream().mapToDouble((run) -> run.number(name)).toArray()));
	}

	/**
	 * Return the ratio of a client's median to the floor's, both from this run.
	 * @param scenario the scenario
	 * @param client the client
	 * @param name the number
	 * @return the ratio
	 */
	OptionalDouble ratio(Scenario scenario, String client, String name) {
		return ratio(scenario, client, FLOOR, name);
	}

	/**
	 * Return the ratio of one client's median to another's.
	 * @param scenario the scenario
	 * @param client the client
	 * @param base the client it is compared with
	 * @param name the number
	 * @return the ratio
	 */
	OptionalDouble ratio(Scenario scenario, String client, String base, String name) {
		OptionalDouble value = median(scenario, client, name);
		OptionalDouble floor = median(scenario, base, name);
		if (value.isEmpty() || floor.isEmpty() || floor.getAsDouble() == 0) {
			return OptionalDouble.empty();
		}
		return OptionalDouble.of(value.getAsDouble() / floor.getAsDouble());
	}

}
