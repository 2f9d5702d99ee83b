package dev.wsclient.core;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/** Argument checks whose messages name the argument. */
final class WsArguments {

	private WsArguments() {
	}

	static <T> T requireNonNull(@Nullable T value, String name) {
		if (value == null) {
			throw new IllegalArgumentException(name + " must not be null");
		}
		return value;
	}

	static Duration requirePositive(@Nullable Duration duration, String name) {
		if (duration == null) {
			throw new IllegalArgumentException(name + " must not be null");
		}
		if (duration.isZero() || duration.isNegative()) {
			throw new IllegalArgumentException(name + " must be positive but was " + duration);
		}
		return duration;
	}

	static int requirePositive(int value, String name) {
		if (value <= 0) {
			throw new IllegalArgumentException(name + " must be positive but was " + value);
		}
		return value;
	}

	static long requirePositive(long value, String name) {
		if (value <= 0) {
			throw new IllegalArgumentException(name + " must be positive but was " + value);
		}
		return value;
	}

}
