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

	// The anchor behind the derived time is up to a second old, and the wall clock moves
	// against the monotonic one meanwhile while NTP corrects it (seen in CI: 1.0017 ms
	// within one anchor's second). A derived time that fell out of this window would be
	// wrong in earnest.
	private static final long TOLERANCE_NANOS = Duration.ofMillis(10).toNanos();

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
