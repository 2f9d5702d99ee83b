package dev.wsclient.bridge.stream;

import java.util.Iterator;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;

/**
 * The direct memory the bridge's downstream side holds, counted in bytes by the bridge
 * itself and kept within a budget: the JVM's direct memory is shared with the upstream
 * clients, which must never fail for lack of it because subscribers misbehave.
 *
 * <p>
 * What is counted: every encoded message, from its encoding until its buffer is released.
 * A message leaves its client's ring at some point; its buffer lives on while connections
 * still have it in their write queues, and is counted until then. Buffers are unpooled,
 * so a released one stays released and can be polled.
 *
 * <p>
 * Over budget, the subscribers whose streams the bridge already ended are dropped at once
 * rather than after their close timeout: they hold buffers they will never read.
 */
final class DownstreamMemory {

	private final long budget;

	private final AtomicLong used = new AtomicLong();

	// Released by the rings, still referenced by connections' write queues.
	private final Queue<Held> pinned = new ConcurrentLinkedQueue<>();

	private final Set<StreamSubscriber> ended = ConcurrentHashMap.newKeySet();

	DownstreamMemory(long budget) {
		this.budget = budget;
	}

	/**
	 * Return the budget.
	 * @return the budget in bytes
	 */
	long budget() {
		return this.budget;
	}

	/**
	 * Return what is held now.
	 * @return the bytes counted
	 */
	long used() {
		return this.used.get();
	}

	/**
	 * Count a newly encoded buffer.
	 * @param buffer the buffer
	 */
	void allocated(ByteBuf buffer) {
		this.used.addAndGet(buffer.capacity());
	}

	/**
	 * Release a counted buffer; it is counted until the last connection that writes it
	 * has released it too.
	 * @param buffer the buffer
	 */
	void release(ByteBuf buffer) {
		int size = buffer.capacity();
		if (buffer.release()) {
			this.used.addAndGet(-size);
		}
		else {
			this.pinned.add(new Held(buffer, size));
		}
	}

	/**
	 * Stop counting the buffers that connections have released meanwhile.
	 * @param all whether to look at all of them, or only at the oldest ones, which are
	 * usually released first
	 */
	void reclaim(boolean all) {
		Iterator<Held> iterator = this.pinned.iterator();
		while (iterator.hasNext()) {
			Held held = iterator.next();
			if (held.buffer().refCnt() == 0) {
				iterator.remove();
				this.used.addAndGet(-held.size());
			}
			else if (!all) {
				return;
			}
		}
	}

	/**
	 * Return whether more is held than the budget allows, after reclaiming what can be.
	 * @return whether the budget is exceeded
	 */
	boolean overBudget() {
		if (this.used.get() <= this.budget) {
			return false;
		}
		reclaim(true);
		return this.used.get() > this.budget;
	}

	/**
	 * Drop at once every subscriber whose stream the bridge has ended and whose
	 * connection is still open.
	 */
	void dropEnded() {
		this.ended.forEach(StreamSubscriber::abort);
	}

	/**
	 * Track a subscriber whose stream the bridge ended until its connection closes.
	 * @param subscriber the subscriber
	 */
	void ending(StreamSubscriber subscriber) {
		this.ended.add(subscriber);
	}

	/**
	 * Stop tracking a subscriber whose connection closed.
	 * @param subscriber the subscriber
	 */
	void closed(StreamSubscriber subscriber) {
		this.ended.remove(subscriber);
	}

	private record Held(ByteBuf buffer, int size) {
	}

}
