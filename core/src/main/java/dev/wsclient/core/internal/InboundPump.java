package dev.wsclient.core.internal;

import java.util.function.Consumer;

import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

/**
 * Reads a connection's inbound stream no faster than the client's subscribers take
 * events. Demand on the connection equals the free space of the fullest subscriber queue,
 * asked for in batches: when it reaches zero Reactor Netty stops reading the socket, and
 * TCP flow control slows the server down.
 */
final class InboundPump extends BaseSubscriber<Object> {

	private final EventHub hub;

	private final int batch;

	private final Consumer<Object> onItem;

	private final Consumer<Throwable> onError;

	private final Runnable onComplete;

	private long outstanding;

	InboundPump(EventHub hub, int capacity, Consumer<Object> onItem, Consumer<Throwable> onError, Runnable onComplete) {
		this.hub = hub;
		this.batch = Math.max(1, capacity / 4);
		this.onItem = onItem;
		this.onError = onError;
		this.onComplete = onComplete;
	}

	@Override
	protected void hookOnSubscribe(Subscription subscription) {
		replenish();
	}

	@Override
	protected void hookOnNext(Object item) {
		synchronized (this) {
			this.outstanding--;
		}
		this.onItem.accept(item);
		replenish();
	}

	@Override
	protected void hookOnError(Throwable throwable) {
		this.onError.accept(throwable);
	}

	@Override
	protected void hookOnComplete() {
		this.onComplete.run();
	}

	/** Ask for as many items as every subscriber can still take, in batches. */
	void replenish() {
		if (isDisposed() || upstream() == null) {
			return;
		}
		long toRequest;
		synchronized (this) {
			long wanted = this.hub.freeCapacity() - this.outstanding;
			if (wanted <= 0 || (this.outstanding > 0 && wanted < this.batch)) {
				return;
			}
			this.outstanding += wanted;
			toRequest = wanted;
		}
		request(toRequest);
	}

}
