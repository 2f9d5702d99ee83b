package dev.wsclient.core;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.HttpResources;

/**
 * Where a client's time comes from: its clock and its timers (heartbeat, connect and
 * close timeouts, reconnection backoff). In production the clock is
 * {@link System#nanoTime()} and timers run on Netty event loops, the connection's own
 * where there is one, so they add no thread. With
 * {@link dev.wsclient.core.WsClientOptions.Builder#scheduler} a test gives a Reactor
 * scheduler instead, typically a {@code VirtualTimeScheduler}: the clock is its
 * {@code now()} and every timer is scheduled on it, then handed to the event loop it
 * belongs to, so that virtual time decides when and the event loop still runs it.
 */
abstract class Timers {

	private static final Timers SYSTEM = new SystemTimers();

	static Timers of(@Nullable Scheduler scheduler) {
		return (scheduler != null) ? new SchedulerTimers(scheduler) : SYSTEM;
	}

	/**
	 * Return the current time of this clock.
	 * @return nanoseconds, only for differences
	 */
	abstract long nanoTime();

	/**
	 * Return the time of this clock at a moment read with {@link System#nanoTime()}: that
	 * reading itself in production, so a socket read needs one clock call.
	 * @param systemNanos a fresh {@code System.nanoTime()}
	 * @return the time of this clock
	 */
	abstract long timeOf(long systemNanos);

	/**
	 * Run a task after a delay on any thread.
	 * @param task the task
	 * @param delayNanos the delay
	 * @return what cancels it
	 */
	abstract Disposable schedule(Runnable task, long delayNanos);

	/**
	 * Run a task after a delay on the given event loop.
	 * @param task the task
	 * @param delayNanos the delay
	 * @param loop the event loop that must run it
	 * @return what cancels it
	 */
	abstract Disposable schedule(Runnable task, long delayNanos, EventLoop loop);

	private static final class SystemTimers extends Timers {

		@Override
		long nanoTime() {
			return System.nanoTime();
		}

		@Override
		long timeOf(long systemNanos) {
			return systemNanos;
		}

		@Override
		Disposable schedule(Runnable task, long delayNanos) {
			// An event loop of the group connections run on: no thread of our own.
			return schedule(task, delayNanos, HttpResources.get().onClient(true).next());
		}

		@Override
		Disposable schedule(Runnable task, long delayNanos, EventLoop loop) {
			ScheduledFuture<?> future = loop.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
			return () -> future.cancel(false);
		}

	}

	private static final class SchedulerTimers extends Timers {

		private final Scheduler scheduler;

		SchedulerTimers(Scheduler scheduler) {
			this.scheduler = scheduler;
		}

		@Override
		long nanoTime() {
			return this.scheduler.now(TimeUnit.NANOSECONDS);
		}

		@Override
		long timeOf(long systemNanos) {
			return nanoTime();
		}

		@Override
		Disposable schedule(Runnable task, long delayNanos) {
			return this.scheduler.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
		}

		@Override
		Disposable schedule(Runnable task, long delayNanos, EventLoop loop) {
			return schedule(() -> run(loop, task), delayNanos);
		}

		// The scheduler's thread waits until the event loop has run the timer: when a
		// test has advanced virtual time, everything that time made due has happened, the
		// timers it scheduled again included. Without the wait a timer rescheduled by the
		// event loop while the test advances the clock lands after that advance.
		private static void run(EventLoop loop, Runnable task) {
			if (loop.inEventLoop()) {
				task.run();
				return;
			}
			CountDownLatch done = new CountDownLatch(1);
			loop.execute(() -> {
				try {
					task.run();
				}
				finally {
					done.countDown();
				}
			});
			awaitUninterruptibly(done);
		}

		private static void awaitUninterruptibly(CountDownLatch done) {
			boolean interrupted = false;
			while (true) {
				try {
					done.await();
					break;
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
			}
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
