package dev.wsclient.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import dev.wsclient.test.server.raw.Frame;
import dev.wsclient.test.server.raw.ScriptedConnection;
import dev.wsclient.test.server.raw.ScriptedServer;
import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.test.StepVerifier;

import static dev.wsclient.core.TestResources.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * How the client reads the socket, over real TCP: frames cut into one-byte segments, a
 * burst read while the subscriber is slow (reading pauses mid-buffer) with the end of the
 * connection right behind it, and a close while reading is paused.
 */
class InboundReadingTests {

	private static final int BURST = 5000;

	@RegisterExtension
	final TestResources resources = new TestResources();

	@Test
	void framesWrittenOneBytePerTcpSegmentArriveAsWholeMessages() {
		byte[] sixteenBit = randomBytes(300, 1);
		byte[] sixtyFourBit = randomBytes(70_000, 2);
		ScriptedExchange exchange = this.resources.track(ScriptedExchange.open(WsClientOptions.defaults(), (server) -> {
			server.sendFramesByteByByte(Frame.text("hello"), Frame.binary(sixteenBit), Frame.text("é€😀"),
					Frame.binary(new byte[0]), Frame.text("frag").toBuilder().fin(false).build(), Frame.ping("p"),
					Frame.continuation("mented €", true), Frame.binary(sixtyFourBit));
			Frame pong = server.readFrame(TIMEOUT);
			assertThat(pong.opcode()).isEqualTo(Frame.PONG);
			assertThat(pong.text()).isEqualTo("p");
			assertThat(server.expectClose(TIMEOUT).closeCode()).isEqualTo(1000);
			server.sendFramesByteByByte(Frame.close(1000, ""));
		}));
		ScriptedExchange.soon().until(() -> exchange.received().size() == 6);
		assertThat(exchange.received()).containsExactly(WsMessage.text("hello"), WsMessage.binary(sixteenBit),
				WsMessage.text("é€😀"), WsMessage.binary(new byte[0]), WsMessage.text("fragmented €"),
				WsMessage.binary(sixtyFourBit));
		StepVerifier.create(exchange.client().close()).expectComplete().verify(TIMEOUT);
		exchange.awaitScript();
		assertThat(exchange.status().status()).isEqualTo(WsStatusCode.NORMAL);
	}

	@Test
	void aBurstReadByASlowSubscriberArrivesWholeAndInOrderAndTheEndComesLast() {
		ScriptedServer server = this.resources.track(ScriptedServer.start((connection) -> {
			connection.acceptHandshake(connection.readHandshake());
			sendBurstAndEndTcp(connection);
		}));
		SlowSubscriber subscriber = subscribe(
				this.resources.client(WsClientOptions.builder().receiveBufferSize(16).build()), server);
		subscriber.drainTenAtATime();
		assertBurstThenClosed(subscriber, WsStatusCode.CLOSED_WITHOUT_CLOSE_FRAME);
		TestResources.awaitScripts(server);
	}

	@Test
	void theEndOfTheConnectionReadWhileReadingIsPausedWaitsForTheMessagesBeforeIt() {
		// With epoll, Netty reads on to the end of stream once the server has closed its
		// side, even with auto-read off; the client then closes TCP while the rest of the
		// burst still waits for the subscriber.
		assumeThat(Epoll.isAvailable()).as("the epoll transport").isTrue();
		ScriptedServer server = this.resources.track(ScriptedServer.start((connection) -> {
			connection.acceptHandshake(connection.readHandshake());
			sendBurstAndEndTcp(connection);
		}));
		SlowSubscriber subscriber = subscribe(
				this.resources.client(WsClientOptions.builder().receiveBufferSize(16).build()), server);
		// The client closed TCP (the script saw it) while the subscriber asked for
		// nothing.
		TestResources.awaitScripts(server);
		assertThat(subscriber.count()).isZero();
		subscriber.drainTenAtATime();
		assertBurstThenClosed(subscriber, WsStatusCode.CLOSED_WITHOUT_CLOSE_FRAME);
	}

	@Test
	void closingWhileASlowSubscriberHoldsUpReadingCompletesPromptlyAndLosesNothing() {
		Duration closeTimeout = Duration.ofSeconds(5);
		ScriptedServer server = this.resources.track(ScriptedServer.start((connection) -> {
			connection.acceptHandshake(connection.readHandshake());
			connection.sendFrames(burst());
			assertThat(connection.expectClose(TIMEOUT).closeCode()).isEqualTo(1000);
			connection.sendFrame(Frame.close(1000, ""));
			connection.socket().shutdownOutput();
			assertThat(connection.awaitClientClose(TIMEOUT)).as("client closed TCP").isTrue();
		}));
		WsClient client = this.resources
			.client(WsClientOptions.builder().receiveBufferSize(16).closeTimeout(closeTimeout).build());
		SlowSubscriber subscriber = subscribe(client, server);
		await().atMost(TIMEOUT).until(() -> client.stats().messagesReceived() >= 15);
		Duration took = StepVerifier.create(client.close()).expectComplete().verify(closeTimeout);
		assertThat(took).as("close with a server that answers").isLessThan(closeTimeout);
		TestResources.awaitScripts(server);
		// What arrived before the server's close frame was still read and is delivered.
		subscriber.drainTenAtATime();
		assertBurstThenClosed(subscriber, WsStatusCode.NORMAL);
	}

	@Test
	void closingWhileASlowSubscriberHoldsUpReadingEndsAfterTheCloseTimeoutWhenTheServerIsSilent() {
		Duration closeTimeout = Duration.ofSeconds(1);
		ScriptedServer server = this.resources.track(ScriptedServer.start((connection) -> {
			connection.acceptHandshake(connection.readHandshake());
			connection.sendFrames(burst());
			assertThat(connection.expectClose(TIMEOUT).closeCode()).isEqualTo(1000);
			assertThat(connection.silence(TIMEOUT)).as("client closed TCP after the close timeout").isTrue();
		}));
		WsClient client = this.resources
			.client(WsClientOptions.builder().receiveBufferSize(16).closeTimeout(closeTimeout).build());
		SlowSubscriber subscriber = subscribe(client, server);
		await().atMost(TIMEOUT).until(() -> client.stats().messagesReceived() >= 15);
		Duration took = StepVerifier.create(client.close()).expectComplete().verify(closeTimeout.plus(TIMEOUT));
		assertThat(took).as("close with a silent server").isBetween(closeTimeout.minusMillis(100), TIMEOUT);
		TestResources.awaitScripts(server);
		assertThat(client.state()).isEqualTo(WsState.CLOSED);
		subscriber.drainTenAtATime();
		assertThat(subscriber.events()).last().isInstanceOf(WsEvent.Closed.class);
	}

	@Test
	void aReceivedMessageCarriesWhenItWasReadOnBothClocks() {
		Instant wallBefore = Instant.now();
		long before = System.nanoTime();
		ScriptedExchange exchange = this.resources.track(ScriptedExchange.open(WsClientOptions.defaults(), (server) -> {
			server.sendFrames(Frame.text("one"), Frame.binary(new byte[] { 2 }));
			assertThat(server.expectClose(TIMEOUT).closeCode()).isEqualTo(1000);
			server.sendFrame(Frame.close(1000, ""));
		}));
		ScriptedExchange.soon().until(() -> exchange.received().size() == 2);
		long after = System.nanoTime();
		Instant wallAfter = Instant.now();
		for (WsMessage message : exchange.received()) {
			assertThat(message.receivedNanos()).isBetween(before, after);
			assertThat(message.receivedAt()).isNotNull().isBetween(wallBefore.minusMillis(1), wallAfter.plusMillis(1));
		}
		StepVerifier.create(exchange.client().close()).expectComplete().verify(TIMEOUT);
		exchange.awaitScript();
	}

	@Test
	void messagesHeldBackByASlowSubscriberKeepTheTimeTheyWereRead() {
		ScriptedServer server = this.resources.track(ScriptedServer.start((connection) -> {
			connection.acceptHandshake(connection.readHandshake());
			// One write: the three frames arrive in one socket read.
			connection.sendFrames(Frame.text("one"), Frame.text("two"), Frame.text("three"));
			assertThat(connection.expectClose(TIMEOUT).closeCode()).isEqualTo(1000);
			connection.sendFrame(Frame.close(1000, ""));
		}));
		WsClient client = this.resources.client(WsClientOptions.builder().receiveBufferSize(1).build());
		SlowSubscriber subscriber = subscribe(client, server);
		// The first message fills the subscriber's buffer: reading pauses behind it.
		await().atMost(TIMEOUT).until(() -> client.stats().messagesReceived() == 1);
		long resumedAt = System.nanoTime();
		subscriber.request(4);
		await().atMost(TIMEOUT).until(() -> subscriber.count() == 4);
		List<Long> receivedNanos = subscriber.events()
			.stream()
			.filter(WsEvent.Received.class::isInstance)
			.map((event) -> ((WsEvent.Received) event).message().receivedNanos())
			.toList();
		assertThat(receivedNanos).hasSize(3).allSatisfy((nanos) -> assertThat(nanos).isLessThan(resumedAt));
		StepVerifier.create(client.close()).expectComplete().verify(TIMEOUT);
		TestResources.awaitScripts(server);
	}

	private SlowSubscriber subscribe(WsClient client, ScriptedServer server) {
		SlowSubscriber subscriber = new SlowSubscriber();
		client.events().subscribe(subscriber);
		this.resources.track(subscriber::dispose);
		client.connect(server.uri("/")).block(TIMEOUT);
		return subscriber;
	}

	/** Write the whole burst with a single write, then close the server's side of TCP. */
	private static void sendBurstAndEndTcp(ScriptedConnection connection) throws Exception {
		connection.sendFrames(burst());
		connection.socket().shutdownOutput();
		assertThat(connection.awaitClientClose(TIMEOUT)).as("client closed TCP").isTrue();
	}

	private static Frame[] burst() {
		Frame[] frames = new Frame[BURST];
		for (int i = 0; i < BURST; i++) {
			frames[i] = Frame.text(text(i));
		}
		return frames;
	}

	private static String text(int index) {
		return "message " + index;
	}

	private static void assertBurstThenClosed(SlowSubscriber subscriber, WsStatusCode endStatus) {
		List<WsEvent> events = subscriber.events();
		assertThat(events).hasSize(BURST + 2);
		assertThat(events.get(0)).isInstanceOf(WsEvent.Connected.class);
		for (int i = 0; i < BURST; i++) {
			WsEvent event = events.get(i + 1);
			if (!(event instanceof WsEvent.Received received) || !received.message().text().equals(text(i))) {
				assertThat(event).as("event %d", i + 1).isEqualTo(new WsEvent.Received(WsMessage.text(text(i))));
			}
		}
		WsEvent last = events.get(events.size() - 1);
		assertThat(last).isInstanceOf(WsEvent.Closed.class);
		assertThat(((WsEvent.Closed) last).status().status()).isEqualTo(endStatus);
	}

	private static byte[] randomBytes(int length, long seed) {
		byte[] bytes = new byte[length];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

	/** Records events, asking for them only when the test says so. */
	private static final class SlowSubscriber extends BaseSubscriber<WsEvent> {

		private final List<WsEvent> events = Collections.synchronizedList(new ArrayList<>());

		@Override
		protected void hookOnSubscribe(Subscription subscription) {
			// Nothing until the test asks.
		}

		@Override
		protected void hookOnNext(WsEvent event) {
			this.events.add(event);
		}

		/**
		 * Ask for ten events at a time, each time waiting until they came, until the
		 * connection has ended.
		 */
		void drainTenAtATime() {
			while (!closed()) {
				int seen = count();
				request(10);
				await().pollDelay(Duration.ZERO)
					.pollInterval(Duration.ofMillis(1))
					.atMost(TIMEOUT)
					.untilAsserted(() -> assertThat(count() >= seen + 10 || closed())
						.as(() -> "ten more events after " + seen + "; have " + count() + ", the last "
								+ events().get(count() - 1))
						.isTrue());
			}
		}

		int count() {
			return this.events.size();
		}

		boolean closed() {
			synchronized (this.events) {
				return !this.events.isEmpty() && this.events.get(this.events.size() - 1) instanceof WsEvent.Closed;
			}
		}

		List<WsEvent> events() {
			synchronized (this.events) {
				return new ArrayList<>(this.events);
			}
		}

	}

}
