package dev.wsclient.core;

import java.time.Duration;

/**
 * When and how often a client reconnects after losing its connection: exponential backoff
 * from {@code initialDelay}, doubling up to {@code maxDelay}, each delay spread by
 * {@code jitter} (so the first delay is already random, as RFC 6455 section 7.2.3 asks),
 * at most {@code maxAttempts} attempts in a row. A connection that stays open for
 * {@code resetAfter} counts as stable: the next loss starts again from the first delay.
 *
 * @param enabled whether to reconnect at all
 * @param initialDelay the first delay
 * @param maxDelay the largest delay
 * @param jitter the random spread of each delay, as a fraction of it, from 0 to 1
 * @param maxAttempts how many attempts in a row before giving up
 * @param resetAfter how long a connection must stay open to reset the backoff
 * @since 0.1.0
 */
public record ReconnectPolicy(boolean enabled, Duration initialDelay, Duration maxDelay, double jitter,
		long maxAttempts, Duration resetAfter) {

	/** No reconnection: the default of the core client. */
	public static final ReconnectPolicy DISABLED = new ReconnectPolicy(false, Duration.ofSeconds(1),
			Duration.ofSeconds(30), 0.5, Long.MAX_VALUE, Duration.ofSeconds(10));

	public ReconnectPolicy {
		WsArguments.requirePositive(initialDelay, "initialDelay");
		WsArguments.requirePositive(maxDelay, "maxDelay");
		WsArguments.requirePositive(resetAfter, "resetAfter");
		if (maxDelay.compareTo(initialDelay) < 0) {
			throw new IllegalArgumentException(
					"maxDelay (" + maxDelay + ") must not be shorter than initialDelay (" + initialDelay + ")");
		}
		if (!(jitter >= 0 && jitter <= 1)) {
			throw new IllegalArgumentException("jitter must be between 0 and 1 but was " + jitter);
		}
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("maxAttempts must be at least 1 but was " + maxAttempts);
		}
	}

	/**
	 * Return a policy that reconnects with the default backoff: 1 s doubling up to 30 s,
	 * jitter 0.5, unlimited attempts, reset after 10 s of stable connection.
	 * @return an enabled policy
	 */
	public static ReconnectPolicy exponentialBackoff() {
		return DISABLED.withEnabled(true);
	}

	/**
	 * Return a copy with reconnection switched on or off.
	 * @param enabled whether to reconnect
	 * @return the policy
	 */
	public ReconnectPolicy withEnabled(boolean enabled) {
		return new ReconnectPolicy(enabled, this.initialDelay, this.maxDelay, this.jitter, this.maxAttempts,
				this.resetAfter);
	}

	/**
	 * Return a copy with other delays.
	 * @param initialDelay the first delay
	 * @param maxDelay the largest delay
	 * @return the policy
	 */
	public ReconnectPolicy withDelays(Duration initialDelay, Duration maxDelay) {
		return new ReconnectPolicy(this.enabled, initialDelay, maxDelay, this.jitter, this.maxAttempts,
				this.resetAfter);
	}

	/**
	 * Return a copy with another jitter.
	 * @param jitter the random spread, from 0 to 1
	 * @return the policy
	 */
	public ReconnectPolicy withJitter(double jitter) {
		return new ReconnectPolicy(this.enabled, this.initialDelay, this.maxDelay, jitter, this.maxAttempts,
				this.resetAfter);
	}

	/**
	 * Return a copy with another attempt limit.
	 * @param maxAttempts attempts in a row before giving up
	 * @return the policy
	 */
	public ReconnectPolicy withMaxAttempts(long maxAttempts) {
		return new ReconnectPolicy(this.enabled, this.initialDelay, this.maxDelay, this.jitter, maxAttempts,
				this.resetAfter);
	}

	/**
	 * Return a copy with another stability period.
	 * @param resetAfter how long a connection must stay open to reset the backoff
	 * @return the policy
	 */
	public ReconnectPolicy withResetAfter(Duration resetAfter) {
		return new ReconnectPolicy(this.enabled, this.initialDelay, this.maxDelay, this.jitter, this.maxAttempts,
				resetAfter);
	}

}
