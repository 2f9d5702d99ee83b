package dev.wsclient.core;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ReceiveClock} derives the wall clock from the monotonic one: the derived time
 * matches the wall clock read around it, and intervals on the monotonic clock are kept
 * exactly.
 */
class ReceiveClockTests {

	// Instant.now() has microsecond resolution here; the pair of clocks behind the
	// derived time is read within a microsecond or so.
	private static final long TOLERANCE_NANOS = Duration.ofMillis(1).toNanos();

	@Test
	void theDerivedTimeIsTheWallClockOfTheMomentGiven() {
		for (int i = 0; i < 1000; i++) {
			long before = epochNanos(Instant.now());
			long derived = ReceiveClock.epochNanos(System.nanoTime());
			long after = epochNanos(Instant.now());
			assertThat(derived).isBetween(before - TOLERANCE_NANOS, after + TOLERANCE_NANOS);
		}
	}

	@Test
	void intervalsOfTheMonotonicClockAreKept() {
		long now = System.nanoTime();
		long first = ReceiveClock.epochNanos(now);
		long later = ReceiveClock.epochNanos(now + 5_000);
		assertThat(later - first).isEqualTo(5_000);
	}

	private static long epochNanos(Instant instant) {
		return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
	}

}
