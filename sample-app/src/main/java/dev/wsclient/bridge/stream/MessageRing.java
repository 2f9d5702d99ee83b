package dev.wsclient.bridge.stream;

import java.util.concurrent.atomic.AtomicReferenceArray;

import dev.wsclient.core.WsMessage;
import org.jspecify.annotations.Nullable;

/**
 * The latest messages of one client, numbered from 1, at most {@code maxMessages} of them
 * and at most {@code maxBytes} of payload (but always the newest one, however large).
 * Subscribers are positions in it: every subscriber of the client reads the same entries,
 * so what the bridge keeps does not grow with the number of subscribers.
 *
 * <p>
 * One writer (the client's stream, one message at a time), any number of readers.
 */
final class MessageRing {

	private final AtomicReferenceArray<StreamEntry> entries;

	private final long maxBytes;

	private final DownstreamMemory memory;

	// The oldest sequence still kept, and the sequence the next message gets; written by
	// the writer only.
	private volatile long first = 1;

	private volatile long next = 1;

	private long bytes;

	MessageRing(int maxMessages, long maxBytes, DownstreamMemory memory) {
		this.entries = new AtomicReferenceArray<>(maxMessages);
		this.maxBytes = maxBytes;
		this.memory = memory;
	}

	/**
	 * Add a message, evicting the oldest ones as needed.
	 * @param message the message
	 * @return its entry
	 */
	StreamEntry append(WsMessage message) {
		long sequence = this.next;
		while (this.first < sequence
				&& (sequence - this.first >= this.entries.length() || this.bytes + message.size() > this.maxBytes)) {
			evictFirst();
		}
		StreamEntry entry = new StreamEntry(sequence, message, this.memory);
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
	 * Evict every message, when the stream stops for good.
	 */
	void clear() {
		while (this.first < this.next) {
			evictFirst();
		}
	}

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
