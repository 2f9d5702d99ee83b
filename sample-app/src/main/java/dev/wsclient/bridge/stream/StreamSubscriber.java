package dev.wsclient.bridge.stream;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.publisher.Sinks.EmitResult;

/**
 * One downstream subscriber: a buffer of at most {@code bufferSize} messages between the
 * upstream, which never waits, and the subscriber's connection, which takes messages as
 * fast as it can write them.
 *
 * <p>
 * When a message arrives and the buffer is full, the subscriber is cut off: the messages
 * waiting for it are dropped at once (so its memory is freed even if it never reads
 * again) and its stream ends with a {@link SlowSubscriberException}. Up to that point it
 * received every message, in order, without gaps.
 *
 * <p>
 * A unicast sink over our own bounded queue rather than {@code onBackpressureBuffer}: the
 * queue can be emptied the moment the subscriber is cut off, and what it held counted.
 * Messages are offered by one thread at a time (the upstream client's); only the end of
 * the bridge completes from another one.
 */
final class StreamSubscriber {

	/** How long {@link #complete()} retries while a message is being offered. */
	private static final Duration COMPLETE_RETRY = Duration.ofSeconds(1);

	private final Transport transport;

	private final int bufferSize;

	private final Listener listener;

	private final BlockingQueue<StreamMessage> buffer;

	private final Sinks.Many<StreamMessage> sink;

	/**
	 * Create a subscriber.
	 * @param transport how it receives its messages
	 * @param bufferSize how many messages may wait for it
	 * @param listener told when it is cut off and when its stream ends
	 */
	StreamSubscriber(Transport transport, int bufferSize, Listener listener) {
		this.transport = transport;
		this.bufferSize = bufferSize;
		this.listener = listener;
		this.buffer = new ArrayBlockingQueue<>(bufferSize);
		this.sink = Sinks.many().unicast().onBackpressureBuffer(this.buffer, () -> listener.ended(this));
	}

	/**
	 * Return how the subscriber receives its messages.
	 * @return the transport
	 */
	Transport transport() {
		return this.transport;
	}

	/**
	 * Return the subscriber's stream; it may be subscribed once.
	 * @return the messages, ending with a {@link SlowSubscriberException} when the
	 * subscriber is cut off, or completing when the bridge shuts down
	 */
	Flux<StreamMessage> messages() {
		return this.sink.asFlux();
	}

	/**
	 * Hand a message to the subscriber, or cut it off when its buffer is full.
	 * @param message the message
	 */
	void offer(StreamMessage message) {
		EmitResult result = this.sink.tryEmitNext(message);
		if (result == EmitResult.FAIL_OVERFLOW) {
			cutOff();
		}
		// Any other failure: the subscriber is gone or is being completed; nothing to do.
	}

	/**
	 * End the subscriber's stream normally, after the messages it has already been given.
	 */
	void complete() {
		this.sink.emitComplete(Sinks.EmitFailureHandler.busyLooping(COMPLETE_RETRY));
	}

	private void cutOff() {
		int dropped = 1;
		while (this.buffer.poll() != null) {
			dropped++;
		}
		this.sink.tryEmitError(new SlowSubscriberException(this.bufferSize, dropped));
		this.listener.cutOff(this, dropped);
	}

	/**
	 * Told what happens to a subscriber.
	 */
	interface Listener {

		/**
		 * The subscriber was cut off.
		 * @param subscriber the subscriber
		 * @param dropped how many messages it did not get
		 */
		void cutOff(StreamSubscriber subscriber, int dropped);

		/**
		 * The subscriber's stream ended (completed, failed or cancelled). Called once.
		 * @param subscriber the subscriber
		 */
		void ended(StreamSubscriber subscriber);

	}

}
