package dev.wsclient.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import dev.wsclient.core.TestResources.EventRecorder;
import dev.wsclient.core.testsupport.RoutesServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static dev.wsclient.core.TestResources.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The event streams over a real connection: {@link WsClient#lifecycleEvents()} carries
 * everything but messages and never paces the socket, and events delivered straight to a
 * subscriber with demand keep their order however requests race them.
 */
class EventStreamTests {

	private static final Duration LONG_TIMEOUT = Duration.ofSeconds(30);

	@RegisterExtension
	final TestResources resources = new TestResources();

	@Test
	void lifecycleEventsCarryConnectedAndClosedButNeverAMessage() {
		RoutesServer server = this.resources.track(RoutesServer.start());
		WsClient client = this.resources.client(WsClientOptions.defaults());
		int count = 1000;
		// A subscriber of every event, so that messages are published to the hub.
		EventRecorder everything = this.resources.record(client);
		StepVerifier.create(client.lifecycleEvents()).then(() -> {
			client.connect(server.uri("/count?n=" + count + "&size=16")).block(TIMEOUT);
			await().atMost(TIMEOUT).until(() -> everything.of(WsEvent.Received.class).size() == count);
			client.close().block(TIMEOUT);
		})
			.assertNext((event) -> assertThat(event).isInstanceOf(WsEvent.Connected.class))
			.assertNext((event) -> assertThat(((WsEvent.Closed) event).status().code()).isZero())
			.thenCancel()
			.verify(TIMEOUT);
		assertThat(everything.types()).first().isEqualTo("Connected");
		assertThat(everything.types()).last().isEqualTo("Closed");
	}

	@Test
	void messagesTakenOnlyByLifecycleSubscribersAreUndelivered() {
		RoutesServer server = this.resources.track(RoutesServer.start());
		WsClient client = this.resources.client(WsClientOptions.defaults());
		int count = 1000;
		StepVerifier.create(client.lifecycleEvents()).then(() -> {
			client.connect(server.uri("/count?n=" + count + "&size=16")).block(TIMEOUT);
			await().atMost(TIMEOUT).until(() -> client.stats().messagesReceived() == count);
		}).assertNext((event) -> assertThat(event).isInstanceOf(WsEvent.Connected.class)).thenCancel().verify(TIMEOUT);
		assertThat(client.stats().messagesUndelivered()).isEqualTo(count);
	}

	@Test
	void lifecycleSubscriberThatRequestsNothingNeitherSlowsMessagesNorLosesItsEvents() {
		RoutesServer server = this.resources.track(RoutesServer.start());
		// Room for one event only: were the lifecycle subscriber counted, its unrequested
		// Connected would fill it and the socket would never be read again.
		WsClient client = this.resources.client(WsClientOptions.builder().receiveBufferSize(1).build());
		int count = 10_000;
		AtomicInteger received = new AtomicInteger();
		this.resources.track(client.messages().subscribe((message) -> received.incrementAndGet())::dispose);
		StepVerifier.create(client.lifecycleEvents(), 0).then(() -> {
			client.connect(server.uri("/count?n=" + count + "&size=16")).block(TIMEOUT);
			await().atMost(TIMEOUT).until(() -> received.get() == count);
		})
			.thenRequest(1)
			.assertNext((event) -> assertThat(event).isInstanceOf(WsEvent.Connected.class))
			.thenCancel()
			.verify(TIMEOUT);
		assertThat(client.stats().messagesUndelivered()).isZero();
	}

	@Test
	void messagesKeepTheirOrderWhileSmallRequestsRaceTheirDelivery() {
		RoutesServer server = this.resources.track(RoutesServer.start());
		WsClient client = this.resources.client(WsClientOptions.builder().receiveBufferSize(4).build());
		int count = 3000;
		StepVerifier.Step<Integer> step = StepVerifier.create(client.messages().map(EventStreamTests::index), 0)
			.then(() -> client.connect(server.uri("/count?n=" + count + "&size=8")).block(TIMEOUT));
		// Requests of 1, 2 and 3 in turn: some find the next messages queued, others
		// arrive before them, so that they are delivered directly.
		int next = 0;
		for (int request = 1; next < count; request = request % 3 + 1) {
			int batch = Math.min(request, count - next);
			step = step.thenRequest(batch)
				.expectNext(IntStream.range(next, next + batch).boxed().toArray(Integer[]::new));
			next += batch;
		}
		step.thenCancel().verify(LONG_TIMEOUT);
	}

	@Test
	void messagesKeepTheirOrderWhenAnotherThreadRequestsThemAFewAtATime() {
		RoutesServer server = this.resources.track(RoutesServer.start());
		WsClient client = this.resources.client(WsClientOptions.builder().receiveBufferSize(4).build());
		Scheduler worker = Schedulers.newSingle("requesting-subscriber");
		this.resources.track(worker::dispose);
		int count = 20_000;
		// publishOn asks for two more from its worker whenever it has passed two on,
		// while the event loop publishes.
		List<Integer> expected = IntStream.range(0, count).boxed().toList();
		StepVerifier.create(client.messages().publishOn(worker, 2).map(EventStreamTests::index).take(count))
			.then(() -> client.connect(server.uri("/count?n=" + count + "&size=8")).block(TIMEOUT))
			.expectNextSequence(expected)
			.expectComplete()
			.verify(LONG_TIMEOUT);
		assertThat(client.stats().messagesUndelivered()).isZero();
	}

	/** The index a {@code /count} text message starts with. */
	private static int index(WsMessage message) {
		String text = message.text();
		int end = text.indexOf('x');
		return Integer.parseInt((end < 0) ? text : text.substring(0, end));
	}

}
