package dev.wsclient.core;

import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.util.concurrent.Queues;

/**
 * Delivers a client's events to any number of subscribers, each at its own pace, with a
 * bounded queue per subscriber. The producer asks {@link #freeCapacity()} before reading
 * more messages from the socket, so the slowest subscriber of messages sets the pace and
 * no message is ever dropped. Lifecycle events (connected, closed, reconnecting) are few
 * and always queued, never refused.
 *
 * <p>
 * A lifecycle subscriber ({@link #lifecycleEvents()}) is never offered a
 * {@link WsEvent.Received}, so it costs nothing per message and, whatever its demand, it
 * does not pace the producer: it is left out of {@link #freeCapacity()} and of
 * {@link #hasMessageSubscribers()}.
 *
 * <p>
 * Reactor's multicast sinks were not used because they either drop on overflow or stop
 * requesting when nobody is subscribed; a client must keep reading (pongs, close frames)
 * with no subscriber at all, and must never drop with one.
 */
final class EventHub {

	private static final HubSubscription[] NONE = new HubSubscription[0];

	private static final AtomicReferenceFieldUpdater<EventHub, HubSubscription[]> MESSAGE_SUBSCRIPTIONS = AtomicReferenceFieldUpdater
		.newUpdater(EventHub.class, HubSubscription[].class, "messageSubscriptions");

	private static final AtomicReferenceFieldUpdater<EventHub, HubSubscription[]> LIFECYCLE_SUBSCRIPTIONS = AtomicReferenceFieldUpdater
		.newUpdater(EventHub.class, HubSubscription[].class, "lifecycleSubscriptions");

	private final int capacity;

	// Copied on write, through the updaters above, and shared while empty: a client
	// nobody subscribes to (most of them, idle) holds no list of its own.
	private volatile HubSubscription[] messageSubscriptions = NONE;

	private volatile HubSubscription[] lifecycleSubscriptions = NONE;

	private volatile Runnable capacityListener = () -> {
	};

	EventHub(int capacity) {
		this.capacity = capacity;
	}

	/**
	 * Return every event, messages included; subscribers pace the producer.
	 * @return the events
	 */
	Flux<WsEvent> events() {
		Publisher<WsEvent> publisher = (subscriber) -> subscribe(subscriber, true);
		return Flux.from(publisher);
	}

	/**
	 * Return every event but {@link WsEvent.Received}; subscribers never pace the
	 * producer.
	 * @return the lifecycle events
	 */
	Flux<WsEvent> lifecycleEvents() {
		Publisher<WsEvent> publisher = (subscriber) -> subscribe(subscriber, false);
		return Flux.from(publisher);
	}

	/**
	 * Set what to call when a subscriber of messages consumed queued events or left, so
	 * the producer can read more.
	 * @param listener the listener
	 */
	void onCapacityFreed(Runnable listener) {
		this.capacityListener = listener;
	}

	/**
	 * Tell the producer that capacity was freed outside the hub's own queues.
	 */
	void capacityFreed() {
		this.capacityListener.run();
	}

	/**
	 * Return how many more events every subscriber of messages can take: the space left
	 * in the fullest queue, or the whole capacity when nobody subscribes to messages.
	 * Events delivered directly to a subscriber with demand never take any space.
	 * @return the free capacity, never negative
	 */
	int freeCapacity() {
		int free = this.capacity;
		for (HubSubscription subscription : this.messageSubscriptions) {
			free = Math.min(free, this.capacity - subscription.queued.get());
		}
		return Math.max(free, 0);
	}

	/**
	 * Return whether anyone subscribes to messages, that is, whether a
	 * {@link WsEvent.Received} published now would reach anybody.
	 * @return whether there is a subscriber of messages
	 */
	boolean hasMessageSubscribers() {
		return this.messageSubscriptions.length != 0;
	}

	/**
	 * Deliver or queue an event for every current subscriber that wants it. Events are
	 * published by one thread at a time.
	 * @param event the event
	 */
	void publish(WsEvent event) {
		for (HubSubscription subscription : this.messageSubscriptions) {
			subscription.offer(event);
		}
		if (!(event instanceof WsEvent.Received)) {
			for (HubSubscription subscription : this.lifecycleSubscriptions) {
				subscription.offer(event);
			}
		}
	}

	private void subscribe(Subscriber<? super WsEvent> subscriber, boolean messages) {
		HubSubscription subscription = new HubSubscription(subscriber, messages);
		add(subscription.registry(), subscription);
		subscriber.onSubscribe(subscription);
	}

	private void add(AtomicReferenceFieldUpdater<EventHub, HubSubscription[]> registry, HubSubscription subscription) {
		HubSubscription[] current;
		HubSubscription[] next;
		do {
			current = registry.get(this);
			next = Arrays.copyOf(current, current.length + 1);
			next[current.length] = subscription;
		}
		while (!registry.compareAndSet(this, current, next));
	}

	private void remove(AtomicReferenceFieldUpdater<EventHub, HubSubscription[]> registry,
			HubSubscription subscription) {
		HubSubscription[] current;
		HubSubscription[] next;
		do {
			current = registry.get(this);
			int index = Arrays.asList(current).indexOf(subscription);
			if (index < 0) {
				return;
			}
			next = (current.length == 1) ? NONE : new HubSubscription[current.length - 1];
			System.arraycopy(current, 0, next, 0, index);
			System.arraycopy(current, index + 1, next, index, current.length - index - 1);
		}
		while (!registry.compareAndSet(this, current, next));
	}

	/**
	 * One subscriber's demand and queue. Whoever increments {@code wip} from 0 owns the
	 * delivery until its missed-loop brings {@code wip} back to 0; everybody else only
	 * records what changed (an event queued, demand added, a cancel) and increments
	 * {@code wip}, so the owner comes round once more. That keeps the order of events and
	 * loses neither an event nor a request.
	 */
	private final class HubSubscription implements Subscription {

		private final Subscriber<? super WsEvent> subscriber;

		// Whether this subscriber takes messages, and so counts in freeCapacity().
		private final boolean messages;

		private final Queue<WsEvent> queue = Queues.<WsEvent>unboundedMultiproducer().get();

		// The events in the queue, as freeCapacity() sees them. Only queued events count:
		// one delivered directly by offer() never does.
		private final AtomicInteger queued = new AtomicInteger();

		private final AtomicLong requested = new AtomicLong();

		private final AtomicInteger wip = new AtomicInteger();

		private volatile boolean cancelled;

		HubSubscription(Subscriber<? super WsEvent> subscriber, boolean messages) {
			this.subscriber = subscriber;
			this.messages = messages;
		}

		AtomicReferenceFieldUpdater<EventHub, HubSubscription[]> registry() {
			return this.messages ? MESSAGE_SUBSCRIPTIONS : LIFECYCLE_SUBSCRIPTIONS;
		}

		void offer(WsEvent event) {
			if (this.cancelled) {
				return;
			}
			if (this.wip.get() == 0 && this.wip.compareAndSet(0, 1)) {
				long demand = this.requested.get();
				// Straight to the subscriber only with nothing queued ahead: events may
				// still wait when a request() has added demand but not yet drained them.
				if (demand != 0 && this.queue.isEmpty() && !this.cancelled) {
					this.subscriber.onNext(event);
					if (demand != Long.MAX_VALUE) {
						this.requested.decrementAndGet();
					}
				}
				else {
					enqueue(event);
				}
				// Leave through the loop: a request(), cancel() or offer() that came in
				// meanwhile found wip taken and left its work to this thread.
				drainLoop();
				return;
			}
			enqueue(event);
			drain();
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
			remove(registry(), this);
			if (this.wip.getAndIncrement() == 0) {
				this.queue.clear();
			}
			if (this.messages) {
				EventHub.this.capacityListener.run();
			}
		}

		private void enqueue(WsEvent event) {
			this.queued.incrementAndGet();
			this.queue.offer(event);
		}

		private void drain() {
			if (this.wip.getAndIncrement() == 0) {
				drainLoop();
			}
		}

		/**
		 * Deliver queued events while there is demand, then give up {@code wip}. Called
		 * only by the owner of {@code wip}, which it counts as one missed pass.
		 *
		 * <p>
		 * The capacity listener runs only when queued events left the queue, since only
		 * they ever counted in {@link #freeCapacity()}. An event that {@link #offer}
		 * delivered directly frees nothing, and a producer that is offering is not paused
		 * waiting for capacity, so the direct path never calls the listener: with a
		 * subscriber that keeps up, the listener is not called at all. Lifecycle
		 * subscribers never count, so their deliveries never call it either.
		 */
		private void drainLoop() {
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
			if (delivered != 0 && this.messages) {
				EventHub.this.capacityListener.run();
			}
		}

	}

}
