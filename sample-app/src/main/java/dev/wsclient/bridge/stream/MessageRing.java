package dev.wsclient.bridge.stream;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongSupplier;

import dev.wsclient.core.WsMessage;
import org.jspecify.annotations.Nullable;

/**
 * The latest messages of one client, numbered from 1, at most {@code maxMessages} of them
 * and at most {@code maxBytes} of payload (but always the newest one, however large).
 * Subscribers are positions in it: every subscriber of the client reads the same entries,
 * so what the bridge keeps does not grow with the number of subscribers. A subscriber
 * that resumes after a message it got earlier starts right after it, as long as the ring
 * still keeps the messages that followed and they are not older than the ring's maximum
 * age.
 *
 * <p>
 * One writer (the client's stream, one message at a time), any number of readers.
 */
final class MessageRing {

	private final AtomicReferenceArray<StreamEntry> entries;

	private final long maxBytes;

	private final DownstreamMemory memory;

	private final long epoch;

	private final LongSupplier nanoClock;

	// The oldest sequence still kept, and the sequence the next message gets; written by
	// the writer only.
	private volatile long first = 1;

	private volatile long next = 1;

	// Written by the writer only, read by the meters.
	private volatile long bytes;

	MessageRing(int maxMessages, long maxBytes, DownstreamMemory memory) {
		this(maxMessages, maxBytes, memory, 1, System::nanoTime);
	}

	/**
	 * Create an empty ring.
	 * @param maxMessages how many messages it keeps at most
	 * @param maxBytes how many payload bytes at most (but always the newest message)
	 * @param memory where the encodings of its messages are counted
	 * @param epoch the epoch of its messages' ids
	 * @param nanoClock when messages arrive, in nanoseconds as {@link System#nanoTime()}
	 */
	MessageRing(int maxMessages, long maxBytes, DownstreamMemory memory, long epoch, LongSupplier nanoClock) {
		this.entries = new AtomicReferenceArray<>(maxMessages);
		this.maxBytes = maxBytes;
		this.memory = memory;
		this.epoch = epoch;
		this.nanoClock = nanoClock;
	}

	/**
	 * Add a message, evicting the oldest ones as needed.
	 * @param message the message
	 * @return its entry
	 */
	@SuppressWarnings("NonAtomicVolatileUpdate") // One writer
	StreamEntry append(WsMessage message) {
		long sequence = this.next;
		while (this.first < sequence
				&& (sequence - this.first >= this.entries.length() || this.bytes + message.size() > this.maxBytes)) {
			evictFirst();
		}
		StreamEntry entry = new StreamEntry(this.epoch, sequence, message, this.nanoClock.getAsLong(), this.memory);
		this.entries.set(index(sequence), entry);
		this.bytes += entry.size();
		this.next = sequence + 1;
		return entry;
	}

	/**
	 * Evict the oldest message, unless it is the only one.
	 * @return whether a message was evicted
	 */
	boolean evictOldest() {
		if (this.first >= this.next - 1) {
			return false;
		}
		evictFirst();
		return true;
	}

	/**
	 * Return a message still kept.
	 * @param sequence its sequence number
	 * @return its entry, or {@code null} when it was evicted or has not arrived
	 */
	@Nullable StreamEntry get(long sequence) {
		if (sequence < this.first || sequence >= this.next) {
			return null;
		}
		StreamEntry entry = this.entries.get(index(sequence));
		return (entry != null && entry.sequence() == sequence) ? entry : null;
	}

	/**
	 * Return the sequence number of the oldest message kept.
	 * @return the sequence number, {@link #next()} when nothing is kept
	 */
	long first() {
		return this.first;
	}

	/**
	 * Return the sequence number the next message gets.
	 * @return the sequence number; the number of messages so far plus one
	 */
	long next() {
		return this.next;
	}

	/**
	 * Return the sequence number of the oldest message kept that is not older than a
	 * maximum age: where a subscriber that resumes from further back starts.
	 * @param maxAgeNanos the maximum age in nanoseconds
	 * @return the sequence number, {@link #next()} when no message is that recent
	 */
	long firstWithin(long maxAgeNanos) {
		long now = this.nanoClock.getAsLong();
		long next = this.next;
		for (long sequence = this.first; sequence < next; sequence++) {
			StreamEntry entry = get(sequence);
			if (entry != null && now - entry.receivedNanos() <= maxAgeNanos) {
				return sequence;
			}
		}
		return next;
	}

	/**
	 * Return the epoch of the ids of this ring's messages.
	 * @return the epoch
	 */
	long epoch() {
		return this.epoch;
	}

	/**
	 * Return how many messages are kept.
	 * @return the number of messages
	 */
	long size() {
		return Math.max(0, this.next - this.first);
	}

	/**
	 * Return the payload bytes of the messages kept.
	 * @return the number of bytes
	 */
	long bytes() {
		return this.bytes;
	}

	/**
	 * Evict every message, when the stream stops for good.
	 */
	void clear() {
		while (this.first < this.next) {
			evictFirst();
		}
	}

	@SuppressWarnings("NonAtomicVolatileUpdate") // One writer
	private void evictFirst() {
		long oldest = this.first;
		StreamEntry entry = this.entries.getAndSet(index(oldest), null);
		this.first = oldest + 1;
		if (entry != null) {
			this.bytes -= entry.size();
			entry.evict();
		}
	}

	private int index(long sequence) {
		return (int) (sequence % this.entries.length());
	}

}
