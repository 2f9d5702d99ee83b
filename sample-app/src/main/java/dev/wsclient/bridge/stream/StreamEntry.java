package dev.wsclient.bridge.stream;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

import dev.wsclient.core.WsMessage;
import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * One message in a client's ring, with its encodings: each made once, by the first
 * subscriber of a transport that needs it, and shared by every subscriber of that
 * transport, which writes a retained duplicate to its connection.
 *
 * <p>
 * The ring holds the entry until it evicts it; a subscriber holds it for the moment it
 * takes a duplicate. The encodings are released when the last holder lets go, so that a
 * subscriber never takes a duplicate of a released buffer.
 */
final class StreamEntry {

	private final long epoch;

	private final long sequence;

	private final long receivedNanos;

	private final WsMessage message;

	private final DownstreamMemory memory;

	private static final AtomicReferenceFieldUpdater<StreamEntry, ByteBuf> SSE = AtomicReferenceFieldUpdater
		.newUpdater(StreamEntry.class, ByteBuf.class, "sse");

	private static final AtomicReferenceFieldUpdater<StreamEntry, ByteBuf> WEBSOCKET = AtomicReferenceFieldUpdater
		.newUpdater(StreamEntry.class, ByteBuf.class, "webSocket");

	// Through SSE and WEBSOCKET.
	@SuppressWarnings("UnusedVariable")
	private volatile @Nullable ByteBuf sse;

	@SuppressWarnings("UnusedVariable")
	private volatile @Nullable ByteBuf webSocket;

	// The ring's hold and those of subscribers taking a duplicate; 0 once released.
	private final AtomicInteger holds = new AtomicInteger(1);

	StreamEntry(long epoch, long sequence, WsMessage message, long receivedNanos, DownstreamMemory memory) {
		this.epoch = epoch;
		this.sequence = sequence;
		this.receivedNanos = receivedNanos;
		this.message = message;
		this.memory = memory;
	}

	long sequence() {
		return this.sequence;
	}

	/**
	 * Return when the ring took the message.
	 * @return the time, as {@link System#nanoTime()}
	 */
	long receivedNanos() {
		return this.receivedNanos;
	}

	/**
	 * Return the payload size, what the entry counts against the ring's bytes.
	 * @return the size in bytes
	 */
	int size() {
		return this.message.size();
	}

	/**
	 * Return the message encoded for a transport, for one connection to write.
	 * @param transport the transport
	 * @return a retained duplicate of the encoding, or {@code null} when the entry was
	 * evicted meanwhile
	 */
	@Nullable ByteBuf retainedEncoding(Transport transport) {
		if (!hold()) {
			return null;
		}
		try {
			ByteBuf encoding = encoding(transport).get(this);
			if (encoding == null) {
				encoding = encode(transport);
			}
			return encoding.retainedDuplicate();
		}
		finally {
			letGo();
		}
	}

	/**
	 * Leave the ring: the encodings are released once no subscriber holds the entry.
	 */
	void evict() {
		letGo();
	}

	private ByteBuf encode(Transport transport) {
		ByteBuf encoded = transport.encode(new EventId(this.epoch, this.sequence), this.message);
		if (encoding(transport).compareAndSet(this, null, encoded)) {
			this.memory.allocated(encoded);
			return encoded;
		}
		// Another subscriber encoded it at the same time.
		encoded.release();
		ByteBuf winner = encoding(transport).get(this);
		if (winner == null) {
			throw new IllegalStateException("Encoding of message " + this.sequence + " vanished");
		}
		return winner;
	}

	private static AtomicReferenceFieldUpdater<StreamEntry, ByteBuf> encoding(Transport transport) {
		return switch (transport) {
			case SSE -> SSE;
			case WEBSOCKET -> WEBSOCKET;
		};
	}

	private boolean hold() {
		int current;
		do {
			current = this.holds.get();
			if (current == 0) {
				return false;
			}
		}
		while (!this.holds.compareAndSet(current, current + 1));
		return true;
	}

	private void letGo() {
		if (this.holds.decrementAndGet() == 0) {
			for (Transport transport : Transport.values()) {
				ByteBuf encoding = encoding(transport).getAndSet(this, null);
				if (encoding != null) {
					this.memory.release(encoding);
				}
			}
		}
	}

}
