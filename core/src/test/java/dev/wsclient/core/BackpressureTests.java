package dev.wsclient.core;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A slow subscriber slows the socket read: the server can only write as far as TCP
 * buffers allow, memory stays bounded, and every message arrives in order.
 */
class BackpressureTests {

	private static final int MESSAGES = 100_000;

	private static final int MESSAGE_SIZE = 1024;

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final AtomicLong produced = new AtomicLong();

	private DisposableServer server;

	private @Nullable WsClient client;

	@BeforeEach
	void startServer() {
		// Writes as fast as the socket takes it: Reactor Netty only pulls the next frame
		// while the channel is writable, so `produced` tracks what TCP accepted.
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle((request,
					response) -> response.sendWebsocket((in,
							out) -> out.sendObject(Flux.range(0, MESSAGES)
								.map(BackpressureTests::payload)
								.map(TextWebSocketFrame::new)
								.doOnNext((frame) -> this.produced.incrementAndGet())
								.concatWith(Flux.never()))))
			.bindNow();
	}

	@AfterEach
	void stop() {
		WsClient current = this.client;
		if (current != null) {
			current.close().block(Duration.ofSeconds(10));
		}
		this.server.disposeNow(Duration.ofSeconds(10));
	}

	@Test
	@Tag(TestResources.HEAVY)
	void slowSubscriberPausesTheSocketReadKeepsMemoryBoundedAndLosesNothing() {
		WsClient client = WsClient.create(WsClientOptions.builder().receiveBufferSize(64).build());
		this.client = client;
		RecordingSubscriber subscriber = new RecordingSubscriber();
		client.messages().subscribe(subscriber);
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long heapBefore = usedHeapAfterGc(memory);
		client.connect("ws://127.0.0.1:" + this.server.port() + "/").block(TIMEOUT);

		// One message at a time, as a slow consumer would.
		for (int i = 0; i < 100; i++) {
			subscriber.request(1);
			int expected = i + 1;
			await().pollInterval(Duration.ofMillis(2)).atMost(TIMEOUT).until(() -> subscriber.count() == expected);
		}
		// 100 000 messages of 1 KiB are 100 MB: unthrottled, loopback delivers them in
		// well under
		// a second. Paused, the server gets no further than the socket buffers hold.
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(3))
			.until(() -> this.produced.get() < MESSAGES / 2);
		assertThat(client.stats().messagesReceived()).isLessThan(MESSAGES / 2);
		long heapWhilePaused = usedHeapAfterGc(memory);
		assertThat(heapWhilePaused - heapBefore).as("heap growth while paused").isLessThan(48L * 1024 * 1024);

		subscriber.request(Long.MAX_VALUE);
		await().atMost(TIMEOUT).until(() -> subscriber.count() == MESSAGES);
		List<String> received = subscriber.texts();
		for (int i = 0; i < MESSAGES; i++) {
			if (!received.get(i).equals(payload(i))) {
				assertThat(received.get(i)).as("message %d", i).isEqualTo(payload(i));
			}
		}
		assertThat(client.stats().messagesUndelivered()).isZero();
		subscriber.dispose();
	}

	@Test
	void noSubscriberAndNoHandlerDoesNotStallTheConnectionButCountsTheMessages() {
		WsClient client = WsClient.create();
		this.client = client;
		client.connect("ws://127.0.0.1:" + this.server.port() + "/").block(TIMEOUT);
		await().atMost(TIMEOUT).until(() -> client.stats().messagesUndelivered() == MESSAGES);
		assertThat(client.state()).isEqualTo(WsState.OPEN);
	}

	/** Records messages, asking for them only when told to. */
	private static final class RecordingSubscriber extends BaseSubscriber<WsMessage> {

		private final List<String> texts = Collections.synchronizedList(new ArrayList<>());

		@Override
		protected void hookOnSubscribe(Subscription subscription) {
			// Nothing is requested until the test asks.
		}

		@Override
		protected void hookOnNext(WsMessage message) {
			this.texts.add(message.text());
		}

		int count() {
			return this.texts.size();
		}

		List<String> texts() {
			synchronized (this.texts) {
				return new ArrayList<>(this.texts);
			}
		}

	}

	private static String payload(int index) {
		StringBuilder text = new StringBuilder(MESSAGE_SIZE).append(index).append(':');
		while (text.length() < MESSAGE_SIZE) {
			text.append('x');
		}
		return text.toString();
	}

	private static long usedHeapAfterGc(MemoryMXBean memory) {
		System.gc();
		return memory.getHeapMemoryUsage().getUsed();
	}

}
