package dev.wsclient.bridge.stream;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.wsclient.core.WsMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Where a resuming subscriber starts in a client's stream, against a clock the test
 * moves: a ring of 4 messages at most, replayed up to 10 s old, in epoch 77.
 */
class ClientStreamTests {

	private static final long EPOCH = 77;

	private final AtomicLong now = new AtomicLong();

	private final Sinks.Many<WsMessage> upstream = Sinks.many().unicast().onBackpressureBuffer();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final DownstreamMemory memory = new DownstreamMemory(1024 * 1024);

	private final EmbeddedChannel channel = new EmbeddedChannel();

	private final ClientStream stream = new ClientStream("prices", this.upstream.asFlux(),
			new StreamSettings(4, 1024, Duration.ofSeconds(10), Duration.ofSeconds(1)), EPOCH, this.memory,
			new SubscriberSlots(10), new StreamMetrics(this.registry, this.memory), this.now::get);

	@AfterEach
	void dispose() {
		this.stream.dispose();
		this.channel.finishAndReleaseAll();
	}

	@Test
	void aSubscriberResumesRightAfterItsIdWhileTheRingHoldsWhatFollows() {
		receive("a", "b", "c");
		StreamSubscriber subscriber = resume(new EventId(EPOCH, 1));
		assertThat(subscriber.start()).isEqualTo(new StreamStart(new EventId(EPOCH, 2), null, false));
		assertThat(subscriber.position()).isEqualTo(2);
		assertThat(count(StreamMetrics.REPLAYED)).isEqualTo(2);
		assertThat(count(StreamMetrics.GAPS)).isZero();
	}

	@Test
	void messagesTheRingEvictedAreAGap() {
		receive("a", "b", "c", "d", "e", "f");
		StreamSubscriber subscriber = resume(new EventId(EPOCH, 1));
		assertThat(subscriber.start())
			.isEqualTo(new StreamStart(new EventId(EPOCH, 3), new StreamStart.Gap(2, 2, false), false));
		assertThat(count(StreamMetrics.REPLAYED)).isEqualTo(4);
		assertThat(count(StreamMetrics.GAPS)).isOne();
		assertThat(count(StreamMetrics.MISSED)).isOne();
	}

	@Test
	void messagesOlderThanTheMaxAgeAreNotReplayedButCountInTheGap() {
		receive("a", "b");
		this.now.addAndGet(Duration.ofSeconds(5).toNanos());
		receive("c");
		this.now.addAndGet(Duration.ofSeconds(6).toNanos());
		StreamSubscriber subscriber = resume(new EventId(EPOCH, 0));
		assertThat(subscriber.start())
			.isEqualTo(new StreamStart(new EventId(EPOCH, 3), new StreamStart.Gap(1, 2, false), false));
		assertThat(subscriber.start().json()).isEqualTo("{\"type\":\"gap\",\"first\":\"77-1\",\"last\":\"77-2\","
				+ "\"missed\":2,\"next\":\"77-3\",\"reset\":false}");
		this.now.addAndGet(Duration.ofSeconds(5).toNanos());
		// Nothing recent enough: the subscriber starts live.
		assertThat(resume(new EventId(EPOCH, 1)).start())
			.isEqualTo(new StreamStart(new EventId(EPOCH, 4), new StreamStart.Gap(2, 3, false), false));
	}

	@Test
	void anIdOfAnotherEpochResumesWithAResetGapAndEverythingKept() {
		receive("a", "b", "c", "d", "e");
		StreamSubscriber subscriber = resume(new EventId(EPOCH + 1, 9));
		assertThat(subscriber.start())
			.isEqualTo(new StreamStart(new EventId(EPOCH, 2), new StreamStart.Gap(1, 1, true), false));
		assertThat(subscriber.start().before()).isEqualTo(new EventId(EPOCH, 1));
	}

	@Test
	void anIdOfThisEpochNotSentYetIsRefused() {
		receive("a", "b", "c");
		assertThatExceptionOfType(UnknownEventIdException.class).isThrownBy(() -> resume(new EventId(EPOCH, 4)))
			.satisfies((ex) -> assertThat(ex.getLatest()).isEqualTo("77-3"));
		assertThat(resume(new EventId(EPOCH, 3)).start())
			.isEqualTo(new StreamStart(new EventId(EPOCH, 4), null, false));
	}

	private StreamSubscriber resume(EventId after) {
		return this.stream.subscribe(Transport.SSE, this.channel, after, false);
	}

	private void receive(String... texts) {
		for (String text : texts) {
			assertThat(this.upstream.tryEmitNext(WsMessage.text(text)).isSuccess()).isTrue();
		}
	}

	private long count(String name) {
		return (long) this.registry.get(name).tag("transport", "sse").counter().count();
	}

}
