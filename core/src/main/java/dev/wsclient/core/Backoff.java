package dev.wsclient.core;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;
import reactor.util.context.ContextView;
import reactor.util.retry.Retry;
import reactor.util.retry.RetryBackoffSpec;

/**
 * The delays between reconnection attempts, as Reactor's {@code Retry.backoff} chooses
 * them: exponential from the initial delay, capped, jittered, and none once the attempts
 * are used up. The lifecycle asks for one delay at a time and keeps its own timer, so the
 * spec only computes: its delay is caught by a scheduler that runs nothing.
 *
 * <p>
 * The spec is made for each delay rather than kept: with its lambdas it weighs about 190
 * bytes, which every idle client would carry for a reconnection that may never come
 * (measured with the benchmarks' 10 000 idle connections).
 */
final class Backoff {

	private final ReconnectPolicy policy;

	Backoff(ReconnectPolicy policy) {
		this.policy = policy;
	}

	/**
	 * Return the delay before the next attempt.
	 * @param retriesInARow the reconnection attempts since the connection was last stable
	 * @return the delay, or {@code null} when no attempt is left
	 */
	@Nullable Duration delay(long retriesInARow) {
		DelayCatcher catcher = new DelayCatcher();
		Disposable companion = spec().scheduler(catcher)
			.generateCompanion(Flux.just(new Signal(retriesInARow)))
			.subscribe(null, (exhausted) -> {
			});
		companion.dispose();
		long nanos = catcher.delayNanos;
		return (nanos >= 0) ? Duration.ofNanos(nanos) : null;
	}

	private RetryBackoffSpec spec() {
		return Retry.backoff(this.policy.maxAttempts(), this.policy.initialDelay())
			.maxBackoff(this.policy.maxDelay())
			.jitter(this.policy.jitter())
			.transientErrors(true);
	}

	/** The failure that led to a reconnection, as {@code Retry} sees it. */
	private record Signal(long retriesInARow) implements Retry.RetrySignal {

		@Override
		public long totalRetries() {
			return this.retriesInARow;
		}

		@Override
		public long totalRetriesInARow() {
			return this.retriesInARow;
		}

		@Override
		public Throwable failure() {
			return new ConnectionLost();
		}

		@Override
		public ContextView retryContextView() {
			return Context.empty();
		}

		@Override
		public Retry.RetrySignal copy() {
			return this;
		}

	}

	/** What the spec is told the reconnection is for; only its presence matters. */
	private static final class ConnectionLost extends RuntimeException {

		private static final long serialVersionUID = 1L;

		ConnectionLost() {
			super("connection lost", null, false, false);
		}

	}

	/** Takes note of the one delay it is given and runs nothing. */
	private static final class DelayCatcher implements Scheduler {

		long delayNanos = -1;

		@Override
		public Disposable schedule(Runnable task) {
			return Disposables.disposed();
		}

		@Override
		public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
			this.delayNanos = unit.toNanos(delay);
			return Disposables.disposed();
		}

		@Override
		public Worker createWorker() {
			return Schedulers.immediate().createWorker();
		}

	}

}
