package dev.wsclient.bridge.stream;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import dev.wsclient.core.WsMessage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fan-out of one client, without sockets.
 */
class ClientStreamTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final int BUFFER = 4;

	private final Sinks.Many<WsMessage> upstream = Sinks.many().multicast().directAllOrNothing();

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final ClientStream stream = new ClientStream("feed", this.upstream.asFlux(), BUFFER,
			new StreamMetrics(this.registry));

	@Test
	void upstreamIsReadWithNoSubscriberAtAll() {
		assertThat(this.upstream.currentSubscriberCount()).isOne();
		for (int i = 0; i < 100; i++) {
			assertThat(this.upstream.tryEmitNext(WsMessage.text("m" + i)).isSuccess()).isTrue();
		}
		assertThat(this.stream.sequence()).isEqualTo(100);
	}

	@Test
	void everySubscriberGetsEveryMessageFromItsSubscriptionOnInOrder() {
		emit("before");
		StepVerifier.create(this.stream.subscribe(Transport.SSE).map(this::text), 0)
			.then(() -> emit("a", "b"))
			.thenRequest(2)
			.expectNext("a", "b")
			.then(() -> emit("c"))
			.thenRequest(1)
			.expectNext("c")
			.thenCancel()
			.verify(TIMEOUT);
		StepVerifier.create(this.stream.subscribe(Transport.WEBSOCKET))
			.then(() -> emit("d"))
			.assertNext((message) -> assertThat(message.sequence()).isEqualTo(5))
			.thenCancel()
			.verify(TIMEOUT);
	}

	@Test
	void subscriberThatFallsBehindIsCutOffWithoutSlowingTheOthers() {
		List<String> all = IntStream.range(0, 10).mapToObj((i) -> "m" + i).toList();
		StepVerifier fast = StepVerifier.create(this.stream.subscribe(Transport.WEBSOCKET).map(this::text))
			.expectNextSequence(all)
			.thenCancel()
			.verifyLater();
		StepVerifier slow = StepVerifier.create(this.stream.subscribe(Transport.SSE).map(this::text), 1)
			.expectNext("m0")
			// m1..m4 fill its buffer; m5 overflows it: m1..m5 are dropped.
			.expectErrorSatisfies((ex) -> {
				assertThat(ex).isInstanceOf(SlowSubscriberException.class)
					.hasMessage("too slow: more than 4 messages waiting");
				assertThat(((SlowSubscriberException) ex).getDropped()).isEqualTo(5);
			})
			.verifyLater();

		emit(all.toArray(String[]::new));

		slow.verify(TIMEOUT);
		fast.verify(TIMEOUT);
		assertThat(counter("wsclient.bridge.subscribers.disconnected", "sse")).isOne();
		assertThat(counter("wsclient.bridge.messages.dropped", "sse")).isEqualTo(5);
		assertThat(counter("wsclient.bridge.subscribers.disconnected", "websocket")).isZero();
	}

	@Test
	void subscribersAreCountedWhileSubscribed() {
		StepVerifier.create(this.stream.subscribe(Transport.SSE))
			.then(() -> assertThat(gauge("sse")).isOne())
			.thenCancel()
			.verify(TIMEOUT);
		assertThat(gauge("sse")).isZero();
		assertThat(gauge("websocket")).isZero();
	}

	@Test
	void completingEndsCurrentAndLaterSubscribersAfterWhatTheyWereGiven() {
		StepVerifier current = StepVerifier.create(this.stream.subscribe(Transport.SSE).map(this::text))
			.expectNext("last")
			.expectComplete()
			.verifyLater();
		emit("last");
		this.stream.completeSubscribers();
		current.verify(TIMEOUT);
		StepVerifier.create(this.stream.subscribe(Transport.SSE)).expectComplete().verify(TIMEOUT);
		assertThat(gauge("sse")).isZero();
	}

	private void emit(String... texts) {
		for (String text : texts) {
			assertThat(this.upstream.tryEmitNext(WsMessage.text(text)).isSuccess()).isTrue();
		}
	}

	private String text(StreamMessage message) {
		return message.message().text();
	}

	private double counter(String name, String transport) {
		return this.registry.get(name).tag("client", "feed").tag("transport", transport).counter().count();
	}

	private double gauge(String transport) {
		return this.registry.get("wsclient.bridge.subscribers")
			.tag("client", "feed")
			.tag("transport", transport)
			.gauge()
			.value();
	}

}
