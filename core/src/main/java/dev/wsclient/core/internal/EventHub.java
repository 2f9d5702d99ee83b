package dev.wsclient.core.internal;

import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.wsclient.core.WsEvent;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.util.concurrent.Queues;

/**
 * Delivers a client's events to any number of subscribers, each at its own pace, with a
 * bounded queue per subscriber. The producer asks {@link #freeCapacity()} before reading
 * more messages from the socket, so the slowest subscriber sets the pace and no message
 * is ever dropped. Lifecycle events (connected, closed, reconnecting) are few and always
 * queued, never refused.
 *
 * <p>
 * Reactor's multicast sinks were not used because they either drop on overflow or stop
 * requesting when nobody is subscribed; a client must keep reading (pongs, close frames)
 * with no subscriber at all, and must never drop with one.
 */
final class EventHub {

	private final int capacity;

	private final CopyOnWriteArrayList<HubSubscription> subscriptions = new CopyOnWriteArrayList<>();

	private volatile Runnable capacityListener = () -> {
	};

	EventHub(int capacity) {
		this.capacity = capacity;
	}

	Flux<WsEvent> flux() {
		Publisher<WsEvent> publisher = this::subscribe;
		return Flux.from(publisher);
	}

	/**
	 * Set what to call when a subscriber consumed events or left, so the producer can
	 * read more.
	 * @param listener the listener
	 */
	void onCapacityFreed(Runnable listener) {
		this.capacityListener = listener;
	}

	/**
	 * Return how many more events every subscriber can take: the space left in the
	 * fullest queue, or the whole capacity when nobody is subscribed.
	 * @return the free capacity, never negative
	 */
	int freeCapacity() {
		int free = this.capacity;
		for (HubSubscription subscription : this.subscriptions) {
			free = Math.min(free, this.capacity - subscription.queued.get());
		}
		return Math.max(free, 0);
	}

	boolean hasSubscribers() {
		return !this.subscriptions.isEmpty();
	}

	/**
	 * Queue an event for every current subscriber.
	 * @param event the event
	 */
	void publish(WsEvent event) {
		for (HubSubscription subscription : this.subscriptions) {
			subscription.offer(event);
		}
	}

	private void subscribe(Subscriber<? super WsEvent> subscriber) {
		HubSubscription subscription = new HubSubscription(subscriber);
		this.subscriptions.add(subscription);
		subscriber.onSubscribe(subscription);
	}

	private final class HubSubscription implements Subscription {

		private final Subscriber<? super WsEvent> subscriber;

		private final Queue<WsEvent> queue = Queues.<WsEvent>unboundedMultiproducer().get();

		private final AtomicInteger queued = new AtomicInteger();

		private final AtomicLong requested = new AtomicLong();

		private final AtomicInteger wip = new AtomicInteger();

		private volatile boolean cancelled;

		HubSubscription(Subscriber<? super WsEvent> subscriber) {
			this.subscriber = subscriber;
		}

		void offer(WsEvent event) {
			if (!this.cancelled) {
				this.queued.incrementAndGet();
				this.queue.offer(event);
				drain();
			}
		}

		@Override
		public void request(long n) {
			if (Operators.validate(n)) {
				this.requested.getAndUpdate((current) -> Operators.addCap(current, n));
				drain();
			}
		}

		@Override
		public void cancel() {
			this.cancelled = true;
			EventHub.this.subscriptions.remove(this);
			if (this.wip.getAndIncrement() == 0) {
				this.queue.clear();
			}
			EventHub.this.capacityListener.run();
		}

		private void drain() {
			if (this.wip.getAndIncrement() != 0) {
				return;
			}
			int missed = 1;
			long delivered = 0;
			do {
				long demand = this.requested.get();
				long emitted = 0;
				while (emitted != demand && !this.cancelled) {
					WsEvent event = this.queue.poll();
					if (event == null) {
						break;
					}
					this.queued.decrementAndGet();
					this.subscriber.onNext(event);
					emitted++;
				}
				if (this.cancelled) {
					this.queue.clear();
					return;
				}
				if (emitted != 0) {
					if (demand != Long.MAX_VALUE) {
						this.requested.addAndGet(-emitted);
					}
					delivered += emitted;
				}
				missed = this.wip.addAndGet(-missed);
			}
			while (missed != 0);
			if (delivered != 0) {
				EventHub.this.capacityListener.run();
			}
		}

	}

}
