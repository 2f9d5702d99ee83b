package dev.wsclient.core;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import dev.wsclient.core.testsupport.ReactorNettyTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static dev.wsclient.core.TestResources.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event streams over a real connection: events delivered straight to a subscriber
 * with demand keep their order however requests race them.
 */
class EventStreamTests {

	private static final Duration LONG_TIMEOUT = Duration.ofSeconds(30);

	@RegisterExtension
	final TestResources resources = new TestResources();

	@Test
	void messagesKeepTheirOrderWhileSmallRequestsRaceTheirDelivery() {
		ReactorNettyTestServer server = this.resources.track(ReactorNettyTestServer.start());
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
		ReactorNettyTestServer server = this.resources.track(ReactorNettyTestServer.start());
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
