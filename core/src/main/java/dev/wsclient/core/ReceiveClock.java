package dev.wsclient.core;

import java.time.Instant;

/**
 * The wall-clock time of a socket read, derived from the {@link System#nanoTime()} taken
 * for the read, so that stamping a received message costs no second clock call (both
 * clocks cost about 25 ns a call here, a share of the time a small message takes). The
 * pair of clocks is read together again at most once a second, so the derived time
 * follows adjustments of the wall clock within a second.
 */
final class ReceiveClock {

	private static final long REANCHOR_NANOS = 1_000_000_000L;

	// Replaced whole, so a reader always sees a matching pair.
	private static volatile Anchor anchor = Anchor.now();

	private ReceiveClock() {
	}

	/**
	 * Return the wall-clock time at the given moment of the monotonic clock.
	 * @param nanoTime a recent value of {@link System#nanoTime()}
	 * @return nanoseconds since the epoch
	 */
	static long epochNanos(long nanoTime) {
		Anchor current = anchor;
		if (nanoTime - current.nanoTime > REANCHOR_NANOS) {
			current = Anchor.now();
			anchor = current;
		}
		return current.epochNanos + (nanoTime - current.nanoTime);
	}

	private record Anchor(long nanoTime, long epochNanos) {

		static Anchor now() {
			Instant wall = Instant.now();
			return new Anchor(System.nanoTime(), wall.getEpochSecond() * 1_000_000_000L + wall.getNano());
		}

	}

}
