package dev.wsclient.benchmarks.fanout;

import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import dev.wsclient.benchmarks.Statistics;

/**
 * What one phase of a run measured, with or without never-readers: the throughput with
 * the feed pushed ahead, then the latency at a fixed rate.
 *
 * @param throughput messages delivered to all readers together per second
 * @param upstream messages the feed sent per second meanwhile
 * @param missedPushing messages the readers missed while the feed was pushed ahead
 * @param p50 the median latency from the feed to a reader, in µs
 * @param p99 the 99th percentile of that latency, in µs
 * @param latencyCount the deliveries whose latency was recorded
 * @param missed messages the readers missed in the latency part
 * @param cpuPushed the server's CPU time per message delivered while the feed was pushed
 * ahead, in ns
 * @param cpuAtRate the server's CPU time per message delivered at the fixed rate, in ns
 */
record Phase(double throughput, double upstream, long missedPushing, double p50, double p99, long latencyCount,
		long missed, double cpuPushed, double cpuAtRate) {

	/**
	 * Put the medians of some phases' rates and latencies, and the sums of their counts,
	 * into a run's values, each name ending with a suffix.
	 * @param phases the phases, at least one
	 * @param suffix {@code "With"} or {@code "Without"}
	 * @param values the run's values
	 */
	static void summarize(List<Phase> phases, String suffix, Map<String, Double> values) {
		values.put("throughput" + suffix, median(phases, Phase::throughput));
		values.put("missedPushing" + suffix, sum(phases, Phase::missedPushing));
		values.put("upstream" + suffix, median(phases, Phase::upstream));
		values.put("p50" + suffix, median(phases, Phase::p50));
		values.put("p99" + suffix, median(phases, Phase::p99));
		values.put("latencyCount" + suffix, sum(phases, Phase::latencyCount));
		values.put("missed" + suffix, sum(phases, Phase::missed));
		values.put("cpuPushed" + suffix, median(phases, Phase::cpuPushed));
		values.put("cpuAtRate" + suffix, median(phases, Phase::cpuAtRate));
	}

	private static double median(List<Phase> phases, ToDoubleFunction<Phase> value) {
		return Statistics.median(phases.stream().mapToDouble(value).toArray());
	}

	private static double sum(List<Phase> phases, ToDoubleFunction<Phase> value) {
		return phases.stream().mapToDouble(value).sum();
	}

}
