package dev.wsclient.bridge.stream;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Operators;

/**
 * One downstream subscriber: its position in its client's {@link MessageRing} and the
 * publisher of what its connection writes, one shared encoded message after the other.
 *
 * <p>
 * Nothing is buffered per subscriber. The subscriber hands its connection the next
 * message only while the connection asks for more and is writable, so what waits in its
 * write queue stays around Netty's high water mark (64 KiB) plus one message, whatever
 * the peer does. When its position falls out of the ring, its stream ends
 * ({@link ClientStream#publish}): with a last event or a close frame, queued behind what
 * was written, and its connection is dropped after the close timeout if the peer does not
 * read them.
 *
 * <p>
 * {@link #drain()} may be called from any thread (the upstream's when a message arrives,
 * the connection's event loop when it asks for more or becomes writable); one call at a
 * time does the work.
 */
public final class StreamSubscriber implements Publisher<ByteBuf>, Subscription {

	private static final AtomicIntegerFieldUpdater<StreamSubscriber> WIP = AtomicIntegerFieldUpdater
		.newUpdater(StreamSubscriber.class, "wip");

	private static final AtomicLongFieldUpdater<StreamSubscriber> REQUESTED = AtomicLongFieldUpdater
		.newUpdater(StreamSubscriber.class, "requested");

	private static final AtomicReferenceFieldUpdater<StreamSubscriber, Ending> ENDING = AtomicReferenceFieldUpdater
		.newUpdater(StreamSubscriber.class, Ending.class, "ending");

	private final ClientStream stream;

	private final Transport transport;

	private final Channel channel;

	private final StreamStart start;

	private volatile @Nullable Subscriber<? super ByteBuf> actual;

	// The sequence number of the next message to write; written by the drain only.
	private volatile long position;

	@SuppressWarnings("UnusedVariable") // Through WIP
	private volatile int wip;

	@SuppressWarnings("UnusedVariable") // Through REQUESTED
	private volatile long requested;

	private volatile @Nullable Ending ending;

	private volatile boolean cancelled;

	private volatile boolean keepAliveDue;

	// Whether a WebSocket ping is out and nothing arrived from the peer since.
	private volatile boolean pingOutstanding;

	// Drain-only state.
	private boolean opened;

	private boolean started;

	private boolean endingWritten;

	private boolean finished;

	StreamSubscriber(ClientStream stream, Transport transport, Channel channel, StreamStart start) {
		this.stream = stream;
		this.transport = transport;
		this.channel = channel;
		this.start = start;
		this.position = start.next().sequence();
	}

	Transport transport() {
		return this.transport;
	}

	Channel channel() {
		return this.channel;
	}

	/**
	 * Return where this subscriber's stream started.
	 * @return the start
	 */
	StreamStart start() {
		return this.start;
	}

	/**
	 * Return the sequence number of the next message this subscriber would write.
	 * @return the position in the ring
	 */
	long position() {
		return this.position;
	}

	/**
	 * Return why the bridge ended this stream.
	 * @return the ending, or {@code null} while the stream goes on
	 */
	public @Nullable Ending ending() {
		return this.ending;
	}

	@Override
	public void subscribe(Subscriber<? super ByteBuf> subscriber) {
		if (this.actual != null) {
			Operators.error(subscriber, new IllegalStateException("A stream can be written to one connection only"));
			return;
		}
		this.actual = subscriber;
		subscriber.onSubscribe(this);
	}

	@Override
	public void request(long n) {
		if (Operators.validate(n)) {
			Operators.addCap(REQUESTED, this, n);
			drain();
		}
	}

	@Override
	public void cancel() {
		this.cancelled = true;
		this.stream.remove(this);
	}

	/**
	 * Write what is due, as far as the connection takes it.
	 */
	void drain() {
		if (WIP.getAndIncrement(this) != 0) {
			return;
		}
		int missed = 1;
		do {
			Subscriber<? super ByteBuf> subscriber = this.actual;
			if (subscriber != null && !this.cancelled && !this.finished) {
				emit(subscriber);
			}
			missed = WIP.addAndGet(this, -missed);
		}
		while (missed != 0);
	}

	/**
	 * End the stream: the subscriber gets no more messages, then what the transport sends
	 * last, and the connection is dropped after the close timeout unless it closed by
	 * then.
	 * @param ending why
	 * @param closeTimeout how long the peer gets to read the end
	 * @return whether this call ended it (it was not ended before)
	 */
	boolean end(Ending ending, Duration closeTimeout) {
		if (!ENDING.compareAndSet(this, null, ending)) {
			return false;
		}
		this.channel.eventLoop().schedule(this::abort, closeTimeout.toNanos(), TimeUnit.NANOSECONDS);
		drain();
		return true;
	}

	/**
	 * Drop the connection at once, discarding what it has not written (a reset rather
	 * than a graceful close, so that the operating system frees its buffers too).
	 */
	void abort() {
		if (this.channel.isOpen()) {
			this.channel.config().setOption(ChannelOption.SO_LINGER, 0);
			this.channel.close();
		}
	}

	/**
	 * Send what keeps the stream alive the next time the connection is idle and writable.
	 * For a WebSocket this is a ping; a subscriber that sent nothing since the previous
	 * one is ended as unresponsive instead.
	 */
	void keepAlive() {
		if (this.transport == Transport.WEBSOCKET && this.pingOutstanding) {
			this.stream.end(this, Ending.Reason.UNRESPONSIVE, "unresponsive: no answer to a ping");
			return;
		}
		this.keepAliveDue = true;
		drain();
	}

	/**
	 * Note that the peer sent something, which answers a ping.
	 */
	public void heardFromPeer() {
		this.pingOutstanding = false;
	}

	private void emit(Subscriber<? super ByteBuf> subscriber) {
		long wanted = this.requested;
		long emitted = 0;
		while (emitted != wanted && !this.cancelled && (this.channel.isWritable() || this.ending != null)) {
			ByteBuf next = next();
			if (next == null) {
				break;
			}
			subscriber.onNext(next);
			emitted++;
		}
		if (emitted != 0 && wanted != Long.MAX_VALUE) {
			REQUESTED.addAndGet(this, -emitted);
		}
		if (this.endingWritten && !this.cancelled) {
			this.finished = true;
			this.stream.remove(this);
			subscriber.onComplete();
		}
	}

	private @Nullable ByteBuf next() {
		if (!this.opened) {
			this.opened = true;
			ByteBuf opening = this.transport.opening(this.stream.client(), this.channel.alloc());
			if (opening != null) {
				return opening;
			}
		}
		if (!this.started) {
			// Before the ending too: a gap event's id moves a reconnecting
			// subscriber past what it stands for.
			this.started = true;
			ByteBuf starting = this.transport.start(this.start, this.channel.alloc());
			if (starting != null) {
				return starting;
			}
		}
		Ending end = this.ending;
		if (end != null) {
			return last(end);
		}
		long sequence = this.position;
		if (sequence < this.stream.nextSequence()) {
			StreamEntry entry = this.stream.entry(sequence);
			ByteBuf encoded = (entry != null) ? entry.retainedEncoding(this.transport) : null;
			if (encoded == null) {
				// Evicted before this subscriber got to it.
				this.stream.end(this, Ending.Reason.SLOW, this.stream.slowDescription());
				Ending ended = this.ending;
				return (ended != null) ? last(ended) : null;
			}
			this.position = sequence + 1;
			return encoded;
		}
		if (this.keepAliveDue) {
			this.keepAliveDue = false;
			if (this.transport == Transport.WEBSOCKET) {
				this.pingOutstanding = true;
			}
			return this.transport.keepAlive(this.channel.alloc());
		}
		return null;
	}

	private @Nullable ByteBuf last(Ending end) {
		if (this.endingWritten) {
			return null;
		}
		this.endingWritten = true;
		return this.transport.ending(end, this.channel.alloc());
	}

}
