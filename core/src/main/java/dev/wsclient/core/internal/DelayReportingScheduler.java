package dev.wsclient.core.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * A scheduler that reports the delay of every timed task before handing it to its
 * delegate. Reactor's {@code Retry.backoff} computes its jittered delays internally and
 * tells no hook about them; running the backoff on this scheduler lets the client
 * announce each reconnection with the exact delay Reactor chose, without computing
 * backoff itself.
 */
final class DelayReportingScheduler implements Scheduler {

	private final Scheduler delegate;

	private final Consumer<Duration> delayListener;

	DelayReportingScheduler(Scheduler delegate, Consumer<Duration> delayListener) {
		this.delegate = delegate;
		this.delayListener = delayListener;
	}

	@Override
	public Disposable schedule(Runnable task) {
		return this.delegate.schedule(task);
	}

	@Override
	public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
		this.delayListener.accept(Duration.ofNanos(unit.toNanos(delay)));
		return this.delegate.schedule(task, delay, unit);
	}

	@Override
	public Worker createWorker() {
		return this.delegate.createWorker();
	}

	@Override
	public long now(TimeUnit unit) {
		return this.delegate.now(unit);
	}

	@Override
	public void init() {
		// The delegate is a shared scheduler whose life is not ours to manage.
	}

	@Override
	public void dispose() {
		// The delegate is a shared scheduler whose life is not ours to manage.
	}

}
