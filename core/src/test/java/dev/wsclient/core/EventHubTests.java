package dev.wsclient.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the producer sees of the hub: {@link EventHub#freeCapacity()} counts only events
 * that wait in a queue for a subscriber of messages, and the capacity listener runs only
 * when such events left it.
 */
class EventHubTests {

	private final AtomicInteger capacityFreed = new AtomicInteger();

	private final EventHub hub = new EventHub(2);

	EventHubTests() {
		this.hub.onCapacityFreed(this.capacityFreed::incrementAndGet);
	}

	@Test
	void eventsDeliveredDirectlyNeverTakeCapacityNorCallTheCapacityListener() {
		Recorder subscriber = new Recorder(Long.MAX_VALUE);
		this.hub.events().subscribe(subscriber);
		for (int i = 0; i < 10; i++) {
			this.hub.publish(received(i));
			assertThat(this.hub.freeCapacity()).isEqualTo(2);
		}
		assertThat(subscriber.texts()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
		assertThat(this.capacityFreed).hasValue(0);
	}

	@Test
	void eventsBeyondTheDemandAreQueuedAndFreeCapacityWhenRequested() {
		Recorder subscriber = new Recorder(3);
		this.hub.events().subscribe(subscriber);
		for (int i = 0; i < 5; i++) {
			this.hub.publish(received(i));
		}
		assertThat(subscriber.texts()).containsExactly("0", "1", "2");
		assertThat(this.hub.freeCapacity()).isZero();
		assertThat(this.capacityFreed).hasValue(0);

		subscriber.request(1);
		assertThat(subscriber.texts()).containsExactly("0", "1", "2", "3");
		assertThat(this.hub.freeCapacity()).isEqualTo(1);
		assertThat(this.capacityFreed).hasValue(1);

		subscriber.request(5);
		assertThat(this.hub.freeCapacity()).isEqualTo(2);
		assertThat(this.capacityFreed).hasValue(2);
		// The queue is empty and demand is left: the next event goes straight through.
		this.hub.publish(received(5));
		assertThat(subscriber.texts()).containsExactly("0", "1", "2", "3", "4", "5");
		assertThat(this.hub.freeCapacity()).isEqualTo(2);
		assertThat(this.capacityFreed).hasValue(2);
	}

	@Test
	void lifecycleSubscribersAreNeverOfferedMessagesAndNeverTakeCapacity() {
		Recorder subscriber = new Recorder(0);
		this.hub.lifecycleEvents().subscribe(subscriber);
		this.hub.publish(new WsEvent.Connected("ws://127.0.0.1/", null));
		this.hub.publish(received(0));
		this.hub.publish(received(1));
		this.hub.publish(received(2));
		this.hub.publish(new WsEvent.Closed(WsCloseStatus.NORMAL));
		assertThat(this.hub.hasMessageSubscribers()).isFalse();
		assertThat(this.hub.freeCapacity()).isEqualTo(2);

		subscriber.request(10);
		assertThat(subscriber.events()).extracting((event) -> event.getClass().getSimpleName())
			.containsExactly("Connected", "Closed");
		subscriber.cancel();
		assertThat(this.capacityFreed).hasValue(0);
	}

	@Test
	void cancellingASubscriberWithQueuedEventsFreesItsCapacity() {
		Recorder subscriber = new Recorder(0);
		this.hub.events().subscribe(subscriber);
		this.hub.publish(received(0));
		this.hub.publish(received(1));
		assertThat(this.hub.freeCapacity()).isZero();
		assertThat(this.hub.hasMessageSubscribers()).isTrue();

		subscriber.cancel();
		assertThat(this.hub.freeCapacity()).isEqualTo(2);
		assertThat(this.hub.hasMessageSubscribers()).isFalse();
		assertThat(this.capacityFreed).hasValue(1);
		assertThat(subscriber.events()).isEmpty();
	}

	@Test
	void subscribersComingAndGoingOnManyThreadsAtOnceAreAllRegisteredAndAllRemoved() throws Exception {
		// Registrations are copied on write with compare-and-set: no add or remove may be
		// lost when threads race. A subscriber that stays must keep getting events.
		Recorder staying = new Recorder(Long.MAX_VALUE);
		this.hub.lifecycleEvents().subscribe(staying);
		int threads = 4;
		int rounds = 2_000;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int thread = 0; thread < threads; thread++) {
				boolean messages = thread % 2 == 0;
				done.add(pool.submit(() -> {
					for (int round = 0; round < rounds; round++) {
						Recorder passing = new Recorder(Long.MAX_VALUE);
						(messages ? this.hub.events() : this.hub.lifecycleEvents()).subscribe(passing);
						passing.cancel();
					}
				}));
			}
			for (Future<?> future : done) {
				future.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.hub.hasMessageSubscribers()).isFalse();
		this.hub.publish(new WsEvent.Connected("ws://127.0.0.1/", null));
		assertThat(staying.events()).singleElement().isInstanceOf(WsEvent.Connected.class);
		staying.cancel();
		Recorder late = new Recorder(Long.MAX_VALUE);
		this.hub.events().subscribe(late);
		assertThat(this.hub.hasMessageSubscribers()).isTrue();
		this.hub.publish(received(0));
		assertThat(late.texts()).containsExactly("0");
		assertThat(staying.events()).hasSize(1);
	}

	@Test
	void aRequestFromInsideOnNextIsServedInOrderAfterTheDirectDelivery() {
		Recorder subscriber = new Recorder(1) {

			@Override
			protected void hookOnNext(WsEvent event) {
				super.hookOnNext(event);
				request(1);
			}

		};
		this.hub.events().subscribe(subscriber);
		for (int i = 0; i < 5; i++) {
			this.hub.publish(received(i));
			assertThat(this.hub.freeCapacity()).isEqualTo(2);
		}
		assertThat(subscriber.texts()).containsExactly("0", "1", "2", "3", "4");
		assertThat(this.capacityFreed).hasValue(0);
	}

	@Test
	void anEventPublishedFromInsideOnNextFollowsTheOneBeingDelivered() {
		// As when a subscriber closes the client from the I/O thread on a message.
		Recorder subscriber = new Recorder(Long.MAX_VALUE) {

			@Override
			protected void hookOnNext(WsEvent event) {
				super.hookOnNext(event);
				if (event instanceof WsEvent.Received) {
					EventHubTests.this.hub.publish(new WsEvent.Closed(WsCloseStatus.NORMAL));
				}
			}

		};
		this.hub.events().subscribe(subscriber);
		this.hub.publish(received(0));
		assertThat(subscriber.events()).extracting((event) -> event.getClass().getSimpleName())
			.containsExactly("Received", "Closed");
	}

	@Test
	void eventsKeepTheirOrderWhileAnotherThreadRequestsThemOneAtATime() throws Exception {
		int count = 1_000_000;
		OrderCheck subscriber = new OrderCheck();
		this.hub.events().subscribe(subscriber);
		Thread requester = new Thread(() -> {
			long requested = 0;
			while (subscriber.received() < count && !Thread.currentThread().isInterrupted()) {
				if (requested - subscriber.received() < 2) {
					subscriber.request(1);
					requested++;
				}
			}
		}, "requester");
		requester.start();
		try {
			for (int i = 0; i < count; i++) {
				this.hub.publish(received(i));
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> subscriber.received() == count);
		}
		finally {
			requester.interrupt();
			requester.join(Duration.ofSeconds(10).toMillis());
		}
		assertThat(subscriber.outOfOrder()).as("events out of order").isZero();
	}

	@Test
	void messagesWaitingInTheOutboxBehindAnAnnouncementTakeCapacityUntilDelivered() {
		ClientEvents events = new ClientEvents(WsClient.create(), this.hub, new ClientStatistics(),
				WsClientInstrumentation.NONE, WsRedaction.defaults());
		Recorder subscriber = new Recorder(0);
		this.hub.events().subscribe(subscriber);
		// Another thread is announcing (a Connected, say): the first messages queue
		// behind it.
		assertThat(events.outbox().runNow()).isTrue();
		assertThat(events.receivedInOrder(WsMessage.text("0"))).isFalse();
		assertThat(events.hasCapacity()).isTrue();
		assertThat(events.receivedInOrder(WsMessage.text("1"))).isFalse();
		assertThat(events.hasCapacity()).as("two messages wait, and the capacity is 2").isFalse();
		assertThat(subscriber.texts()).isEmpty();

		events.outbox().done();
		assertThat(this.hub.freeCapacity()).isZero();
		assertThat(events.hasCapacity()).isFalse();
		assertThat(this.capacityFreed).as("each message that left the outbox told the producer").hasValue(2);

		subscriber.request(2);
		assertThat(subscriber.texts()).containsExactly("0", "1");
		assertThat(events.hasCapacity()).isTrue();
	}

	private static WsEvent received(int index) {
		return new WsEvent.Received(WsMessage.text(String.valueOf(index)));
	}

	/** Checks that events arrive in the order published, requesting nothing itself. */
	private static final class OrderCheck extends BaseSubscriber<WsEvent> {

		private volatile int received;

		private int outOfOrder;

		@Override
		protected void hookOnSubscribe(Subscription subscription) {
			// The test's requester thread asks.
		}

		@Override
		protected void hookOnNext(WsEvent event) {
			int expected = this.received;
			if (!((WsEvent.Received) event).message().text().equals(String.valueOf(expected))) {
				this.outOfOrder++;
			}
			this.received = expected + 1;
		}

		int received() {
			return this.received;
		}

		int outOfOrder() {
			return this.outOfOrder;
		}

	}

	/** Records events, with a given demand at first. */
	private static class Recorder extends BaseSubscriber<WsEvent> {

		private final long initialDemand;

		private final List<WsEvent> events = new CopyOnWriteArrayList<>();

		Recorder(long initialDemand) {
			this.initialDemand = initialDemand;
		}

		@Override
		protected void hookOnSubscribe(Subscription subscription) {
			if (this.initialDemand > 0) {
				request(this.initialDemand);
			}
		}

		@Override
		protected void hookOnNext(WsEvent event) {
			this.events.add(event);
		}

		List<WsEvent> events() {
			return List.copyOf(this.events);
		}

		List<String> texts() {
			return this.events.stream().map((event) -> ((WsEvent.Received) event).message().text()).toList();
		}

	}

}
