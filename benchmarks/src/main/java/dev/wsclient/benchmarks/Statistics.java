package dev.wsclient.benchmarks;

import java.util.Arrays;

/** What the reports compute over repeated runs. */
public final class Statistics {

	private Statistics() {
	}

	/**
	 * Return the median: the middle value, or the mean of the two middle ones.
	 * @param values the values, in any order, at least one
	 * @return the median
	 */
	public static double median(double... values) {
		if (values.length == 0) {
			throw new IllegalArgumentException("no values");
		}
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

}
