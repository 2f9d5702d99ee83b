package dev.wsclient.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What one client JVM reported: its numbers, or why it failed.
 *
 * @param values the numbers by name, as printed
 * @param failure why the run failed, {@code null} when it did not
 */
record Measurement(Map<String, String> values, @Nullable String failure) {

	static Measurement parse(String resultLine) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String pair : resultLine.trim().split(" ", -1)) {
			int equals = pair.indexOf('=');
			if (equals > 0) {
				values.put(pair.substring(0, equals), pair.substring(equals + 1));
			}
		}
		return new Measurement(values, null);
	}

	static Measurement failed(String failure) {
		return new Measurement(Map.of(), failure);
	}

	boolean succeeded() {
		return this.failure == null;
	}

	/**
	 * Return a number.
	 * @param name its name
	 * @return the number, or NaN when absent
	 */
	double number(String name) {
		String value = this.values.get(name);
		return (value != null) ? Double.parseDouble(value) : Double.NaN;
	}

}
