package dev.wsclient.core;

import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.util.Logger;
import reactor.util.Loggers;
import reactor.util.concurrent.Queues;

/**
 * Runs a client's announcements one at a time, in the order they were added, on whatever
 * thread added them, and never while the lifecycle lock is held. The state machine adds
 * what a transition announces while it holds the lock, so the order of announcements is
 * the order of transitions; it drains after letting go of the lock, so handlers and
 * listeners may call the client again (a close handler that connects) without deadlock.
 * Whoever finds the outbox idle runs the work, including work added meanwhile by other
 * threads; everybody else only queues it.
 *
 * <p>
 * A connection's first messages ask {@link #runNow()}: with the outbox idle they go out
 * at once and every later one goes out directly on the connection's event loop; otherwise
 * they queue behind the announcements, so that no message overtakes the {@code Connected}
 * of its connection, and delivery stays on the event loop as soon as the queue is out.
 */
final class Outbox {

	private static final Logger logger = Loggers.getLogger(Outbox.class);

	private final Queue<Runnable> queue = Queues.<Runnable>unboundedMultiproducer().get();

	private final AtomicInteger wip = new AtomicInteger();

	/**
	 * Queue work; call {@link #drain()} after it.
	 * @param work the work
	 */
	void add(Runnable work) {
		this.queue.offer(work);
	}

	/** Run the queued work unless another thread is already running it. */
	void drain() {
		if (this.wip.getAndIncrement() == 0) {
			drainLoop(1);
		}
	}

	/**
	 * Run work at once if nothing else is running or waiting, else queue it.
	 * @param work the work
	 */
	void run(Runnable work) {
		if (runNow()) {
			try {
				runSafely(work);
			}
			finally {
				done();
			}
		}
		else {
			this.queue.offer(work);
			drain();
		}
	}

	/**
	 * Claim the outbox for work done by the caller itself, when it is idle and empty.
	 * @return whether the caller now runs its work and must call {@link #done()}
	 */
	boolean runNow() {
		return this.queue.isEmpty() && this.wip.compareAndSet(0, 1);
	}

	/**
	 * Give the outbox back after {@link #runNow()}, running what was queued meanwhile.
	 */
	void done() {
		int missed = this.wip.decrementAndGet();
		if (missed != 0) {
			// Work queued meanwhile found the outbox taken: it is ours to run.
			drainLoop(missed);
		}
	}

	// Whatever the work, the outbox must go on: a failure here would leave it taken and
	// every later announcement and message stuck behind it.
	private static void runSafely(Runnable work) {
		try {
			work.run();
		}
		catch (RuntimeException ex) {
			logger.error("A WebSocket client failed to announce what happened; it carries on", ex);
		}
	}

	private void drainLoop(int missed) {
		do {
			Runnable work;
			while ((work = this.queue.poll()) != null) {
				runSafely(work);
			}
			missed = this.wip.addAndGet(-missed);
		}
		while (missed != 0);
	}

}
