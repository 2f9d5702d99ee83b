package dev.wsclient.test.server;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * What a server recorded and a test has not taken yet, up to a capacity: a test that
 * never takes cannot make the server grow without bound, and what did not fit is counted
 * and reported by the next take instead of vanishing.
 */
final class RecordQueue<T> {

	private final BlockingQueue<T> queue;

	private final int capacity;

	private final String what;

	private final AtomicLong overflow = new AtomicLong();

	RecordQueue(int capacity, String what) {
		this.queue = new ArrayBlockingQueue<>(capacity);
		this.capacity = capacity;
		this.what = what;
	}

	void add(T item) {
		if (!this.queue.offer(item)) {
			this.overflow.incrementAndGet();
		}
	}

	@Nullable T poll(Duration timeout) {
		long lost = this.overflow.get();
		if (lost > 0) {
			throw new IllegalStateException(lost + " " + this.what + "(s) were not recorded: at most " + this.capacity
					+ " wait to be taken; take them sooner or raise MockWsServer.builder().recordCapacity(..)");
		}
		try {
			return this.queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for a " + this.what, ex);
		}
	}

	T take(Duration timeout, String situation) {
		T item = poll(timeout);
		if (item == null) {
			throw new AssertionError("no " + this.what + " within " + timeout + " (" + situation + ")");
		}
		return item;
	}

	List<T> snapshot() {
		return List.copyOf(this.queue);
	}

}
