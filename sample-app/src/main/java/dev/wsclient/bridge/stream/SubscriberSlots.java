package dev.wsclient.bridge.stream;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The number of subscribers the bridge accepts, all clients together.
 */
final class SubscriberSlots {

	private final int max;

	private final AtomicInteger taken = new AtomicInteger();

	SubscriberSlots(int max) {
		this.max = max;
	}

	/**
	 * Take a slot for a new subscriber.
	 * @return whether one was free
	 */
	boolean tryAcquire() {
		int current;
		do {
			current = this.taken.get();
			if (current >= this.max) {
				return false;
			}
		}
		while (!this.taken.compareAndSet(current, current + 1));
		return true;
	}

	/**
	 * Free a slot.
	 */
	void release() {
		this.taken.decrementAndGet();
	}

	/**
	 * Return the maximum.
	 * @return the number of slots
	 */
	int max() {
		return this.max;
	}

}
