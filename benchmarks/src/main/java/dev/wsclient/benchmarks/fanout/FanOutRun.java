package dev.wsclient.benchmarks.fanout;

import java.util.Map;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;

/**
 * What one run of one server with one number of readers measured, or why it failed.
 *
 * @param server the server
 * @param readers the readers (never-readers come on top)
 * @param repetition which repetition, from 1
 * @param values the numbers by name
 * @param failure why the run failed, {@code null} when it did not
 */
record FanOutRun(ServerKind server, int readers, int repetition, Map<String, Double> values, @Nullable String failure) {

	boolean succeeded() {
		return this.failure == null;
	}

	double value(String name) {
		Double value = this.values.get(name);
		return (value != null) ? value : Double.NaN;
	}

	/**
	 * Return the values named with a prefix and a number from 1 on, as far as they go.
	 * @param prefix the prefix, such as {@link FanOut#THROUGHPUT_RATIO}
	 * @return the values in order
	 */
	DoubleStream series(String prefix) {
		return IntStream.iterate(1, (number) -> this.values.containsKey(prefix + number), (number) -> number + 1)
			.mapToDouble((number) -> this.values.get(prefix + number));
	}

}
