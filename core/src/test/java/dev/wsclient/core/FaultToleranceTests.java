package dev.wsclient.core;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

import dev.wsclient.test.server.raw.Frame;
import dev.wsclient.core.testsupport.RestartableServer;
import dev.wsclient.test.server.raw.ScriptedServer;
import dev.wsclient.test.server.raw.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import static dev.wsclient.core.ScriptedExchange.TIMEOUT;
import static dev.wsclient.core.ScriptedExchange.soon;
import static dev.wsclient.core.TestResources.awaitScripts;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reliability promise under faults: a server that dies and comes back, a connection
 * that goes half-open, a server that stops reading. Clients recover by themselves, lose
 * nothing they accepted, and never report a message as sent that was not written.
 */
class FaultToleranceTests {

	private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();

	@AfterEach
	void cleanUp() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
	}

	@Test
	void afterAServerRestartEveryClientReconnectsWithinItsBackoffResubscribesAndMissesNoMessage() {
		RestartableServer server = track(RestartableServer.start());
		Duration initialDelay = Duration.ofMillis(100);
		Duration maxDelay = Duration.ofMillis(800);
		int messagesPerSubscription = 200;
		int count = 5;
		List<WsClient> clients = new ArrayList<>();
		List<List<String>> received = new ArrayList<>();
		List<TimedEvents> events = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			WsClient client = client(WsClientOptions.builder()
				.reconnect(ReconnectPolicy.exponentialBackoff().withDelays(initialDelay, maxDelay).withJitter(0.5))
				.onConnectMessages(List.of(WsMessage.text("subscribe:" + i)))
				.build());
			List<String> messages = new CopyOnWriteArrayList<>();
			// One subscriber for the client's whole life, across connections.
			track(client.messages().subscribe((message) -> messages.add(message.text()))::dispose);
			events.add(track(TimedEvents.of(client)));
			clients.add(client);
			received.add(messages);
		}
		clients.forEach((client) -> client.connect(server.uri("/feed?n=" + messagesPerSubscription)).block(TIMEOUT));
		soon().until(() -> received.stream().allMatch((messages) -> messages.size() == messagesPerSubscription));

		server.kill();
		// Stay down until every client has had an attempt refused.
		soon().until(() -> events.stream().allMatch((log) -> log.count(WsEvent.Reconnecting.class) >= 2));
		long restartedAt = System.nanoTime();
		server.restart();

		soon().until(() -> clients.stream().allMatch((client) -> client.state() == WsState.OPEN));
		soon().until(() -> received.stream().allMatch((messages) -> messages.size() == 2 * messagesPerSubscription));
		for (int i = 0; i < count; i++) {
			TimedEvents log = events.get(i);
			List<TimedEvents.Timed> connected = log.timed(WsEvent.Connected.class);
			assertThat(connected).as("client %d connections", i).hasSize(2);
			Duration reconnectedAfterRestart = Duration.ofNanos(connected.get(1).nanos() - restartedAt);
			assertThat(reconnectedAfterRestart).as("client %d reconnected after the restart", i)
				.isLessThan(maxDelay.plusSeconds(2));
			assertThat(log.of(WsEvent.Reconnecting.class)).as("client %d reconnection delays", i)
				.allSatisfy((reconnecting) -> assertThat(reconnecting.delay()).isBetween(initialDelay, maxDelay));
			List<WsCloseStatus> closes = log.closes();
			assertThat(closes.get(0).code()).as("connection lost when the server died").isIn(-200, -104);
			assertThat(closes.subList(1, closes.size())).as("attempts while the server was down")
				.allSatisfy((status) -> assertThat(status.code()).isEqualTo(-111));
			assertThat(received.get(i)).as("client %d messages, in order, none missing", i)
				.containsExactlyElementsOf(feed(1, 2, messagesPerSubscription));
		}
		List<RestartableServer.Subscription> subscriptions = server.subscriptions();
		for (int generation = 1; generation <= 2; generation++) {
			int current = generation;
			assertThat(subscriptions.stream().filter((subscription) -> subscription.generation() == current))
				.as("subscriptions received by generation %d of the server", generation)
				.map(RestartableServer.Subscription::text)
				.containsExactlyInAnyOrderElementsOf(
						IntStream.range(0, count).mapToObj((i) -> "subscribe:" + i).toList());
		}
	}

	@Test
	void halfOpenConnectionIsDetectedAsMinus19WithinTheHeartbeatBoundAndReplaced() {
		RestartableServer server = track(RestartableServer.start());
		TcpProxy proxy = track(TcpProxy.start(server.port()));
		Duration pingInterval = Duration.ofMillis(200);
		int maxMissedPings = 2;
		WsClient client = client(WsClientOptions.builder()
			.pingInterval(pingInterval)
			.maxMissedPings(maxMissedPings)
			.reconnect(ReconnectPolicy.exponentialBackoff()
				.withDelays(Duration.ofMillis(100), Duration.ofMillis(400))
				.withJitter(0.5))
			.build());
		TimedEvents events = track(TimedEvents.of(client));
		client.connect(proxy.uri("/echo")).block(TIMEOUT);
		client.send("before").block(TIMEOUT);
		soon().until(() -> events.messages().contains(WsMessage.text("before")));

		long frozenAt = System.nanoTime();
		proxy.freeze();
		soon().until(() -> !events.closes().isEmpty());
		TimedEvents.Timed closed = events.timed(WsEvent.Closed.class).get(0);
		WsCloseStatus status = ((WsEvent.Closed) closed.event()).status();
		assertThat(status.code()).isEqualTo(-19);
		assertThat(status.rfcCode()).isNull();
		Duration detectedAfter = Duration.ofNanos(closed.nanos() - frozenAt);
		// The last sign of life came at most one interval before the freeze: pings go out
		// after 1 and 2 intervals of silence, and the client gives up after the third.
		System.out.println("FaultToleranceTests: half-open connection detected " + detectedAfter.toMillis()
				+ " ms after the freeze");
		Duration bound = pingInterval.multipliedBy(maxMissedPings + 1L);
		assertThat(detectedAfter).isGreaterThanOrEqualTo(pingInterval.multipliedBy(maxMissedPings).minusMillis(50))
			.isLessThan(bound.plusMillis(1500));

		soon().until(() -> events.count(WsEvent.Connected.class) == 2 && client.state() == WsState.OPEN);
		assertThat(proxy.acceptedConnections()).isEqualTo(2);
		client.send("after").block(TIMEOUT);
		soon().until(() -> events.messages().contains(WsMessage.text("after")));
		assertThat(events.closes()).hasSize(1);
	}

	@Test
	@Tag(TestResources.HEAVY)
	void serverThatStopsReadingMakesSendRefuseWithMinus16WhileMemoryStaysBoundedAndEveryAcceptedMessageArrives() {
		CountDownLatch resume = new CountDownLatch(1);
		List<Integer> arrived = new CopyOnWriteArrayList<>();
		ScriptedServer server = track(ScriptedServer.start((connection) -> {
			connection.acceptHandshake(connection.readHandshake());
			// Stop reading: the socket buffers fill and the client's writes back up.
			assertThat(resume.await(30, TimeUnit.SECONDS)).isTrue();
			while (true) {
				Frame frame = connection.readFrame(TIMEOUT);
				if (frame.opcode() == Frame.CLOSE) {
					connection.sendFrame(Frame.close(1000, ""));
					return;
				}
				arrived.add(ByteBuffer.wrap(frame.payload()).getInt());
			}
		}));
		long sendBufferLimit = 2 * 1024 * 1024;
		WsClient client = client(WsClientOptions.builder().sendBufferLimit(sendBufferLimit).build());
		client.connect(server.uri("/")).block(TIMEOUT);
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long heapBefore = usedHeapAfterGc(memory);

		int attempts = 2000;
		int size = 64 * 1024;
		SendLog log = new SendLog();
		WsSendException firstRefusal = null;
		for (int id = 0; id < attempts; id++) {
			byte[] payload = new byte[size];
			ByteBuffer.wrap(payload).putInt(id);
			try {
				log.track(id, client.sendNow(payload));
			}
			catch (WsSendException ex) {
				log.refused(id);
				if (firstRefusal == null) {
					firstRefusal = ex;
				}
			}
		}
		long heapWhileFull = usedHeapAfterGc(memory);

		assertThat(firstRefusal).isNotNull().satisfies((ex) -> {
			assertThat(ex.code()).isEqualTo(-16);
			assertThat(ex.reason()).isEqualTo(WsSendException.Reason.BUFFER_FULL);
			assertThat(ex.getMessage()).contains("sendBufferLimit");
		});
		// 2000 x 64 KiB (125 MiB) were offered; only what fits in the socket buffers and
		// the send buffer was taken.
		assertThat(log.refusedCount()).isGreaterThan(attempts / 2);
		assertThat(heapWhileFull - heapBefore).as("heap growth in bytes while the send buffer is full")
			.isLessThan(sendBufferLimit + 32L * 1024 * 1024);
		assertThat(client.state()).isEqualTo(WsState.OPEN);

		resume.countDown();
		soon().until(() -> log.pendingCount() == 0);
		assertThat(log.failed()).isEmpty();
		client.close().block(TIMEOUT);
		awaitScripts(server);
		assertThat(arrived).as("the messages whose send completed, in order, and only those")
			.containsExactlyElementsOf(log.succeeded());
	}

	@Test
	void messagesStillBufferedWhenTheConnectionDiesFailAndAreNeverReportedAsSent() {
		CountDownLatch reset = new CountDownLatch(1);
		ScriptedServer server = track(ScriptedServer.start((connection) -> {
			connection.acceptHandshake(connection.readHandshake());
			assertThat(reset.await(30, TimeUnit.SECONDS)).isTrue();
			connection.closeAbruptly();
		}));
		WsClient client = client(WsClientOptions.builder().sendBufferLimit(2 * 1024 * 1024).build());
		client.connect(server.uri("/")).block(TIMEOUT);
		SendLog log = new SendLog();
		for (int id = 0; id < 500 && log.refusedCount() == 0; id++) {
			byte[] payload = new byte[64 * 1024];
			ByteBuffer.wrap(payload).putInt(id);
			try {
				log.track(id, client.sendNow(payload));
			}
			catch (WsSendException ex) {
				log.refused(id);
			}
		}
		assertThat(log.refusedCount()).as("the send buffer filled up").isOne();
		reset.countDown();
		soon().until(() -> log.pendingCount() == 0);
		assertThat(log.failed()).as("messages still in the send buffer when the connection died").isNotEmpty();
		assertThat(log.failures()).allSatisfy((failure) -> {
			assertThat(failure).isInstanceOf(WsSendException.class);
			assertThat(((WsSendException) failure).reason()).isEqualTo(WsSendException.Reason.CONNECTION_LOST);
		});
		// Writes complete in order: once one failed, none after it succeeded.
		List<Integer> succeeded = log.succeeded();
		List<Integer> failed = log.failed();
		assertThat(succeeded).isSortedAccordingTo(Integer::compare);
		assertThat(failed).isSortedAccordingTo(Integer::compare);
		if (!succeeded.isEmpty()) {
			assertThat(failed.get(0)).isGreaterThan(succeeded.get(succeeded.size() - 1));
		}
		assertThat(succeeded.size() + failed.size()).isEqualTo(log.acceptedCount());
		soon().until(() -> client.state() == WsState.CLOSED);
	}

	@Test
	@Tag(TestResources.HEAVY)
	void floodToASlowSubscriberKeepsTheHeapBoundedHoldsTheServerBackAndDeliversEveryMessageInOrder() {
		RestartableServer server = track(RestartableServer.start());
		int count = 4000;
		int size = 64 * 1024;
		WsClient client = client(WsClientOptions.builder().receiveBufferSize(16).maxMessageSize(size).build());
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long heapBefore = usedHeapAfterGc(memory);
		Scheduler worker = Schedulers.newSingle("slow-subscriber");
		track(worker::dispose);
		SequenceCheck slow = new SequenceCheck();
		SequenceCheck fast = new SequenceCheck();
		// About 200 microseconds per message: far slower than loopback TCP.
		track(client.messages().publishOn(worker, 1).subscribe((message) -> {
			LockSupport.parkNanos(200_000);
			slow.accept(message);
		})::dispose);
		track(client.messages().subscribe(fast::accept)::dispose);
		client.connect(server.uri("/flood?n=" + count + "&size=" + size)).block(TIMEOUT);

		long maxHeapGrowth = 0;
		long maxAhead = 0;
		for (int consumed = count / 4; consumed < count; consumed += count / 4) {
			int reached = consumed;
			soon().atMost(Duration.ofSeconds(30)).until(() -> slow.count() >= reached);
			maxAhead = Math.max(maxAhead, server.floodProduced() - slow.count());
			maxHeapGrowth = Math.max(maxHeapGrowth, usedHeapAfterGc(memory) - heapBefore);
		}
		soon().atMost(Duration.ofSeconds(30)).until(() -> slow.count() == count);
		System.out.println("FaultToleranceTests: flood of " + count + " x " + size + " bytes, server at most "
				+ maxAhead + " messages ahead of the slow subscriber, heap growth at most " + maxHeapGrowth + " bytes");

		assertThat(slow.outOfOrder()).as("slow subscriber: messages out of order or missing").isZero();
		assertThat(fast.count()).isEqualTo(count);
		assertThat(fast.outOfOrder()).as("fast subscriber: messages out of order or missing").isZero();
		// The flood is 250 MiB; what the client holds is bounded by its receive buffer.
		assertThat(maxHeapGrowth).as("heap growth in bytes during the flood").isLessThan(48L * 1024 * 1024);
		// TCP held the server back: it could never get far ahead of the slow subscriber.
		assertThat(maxAhead).as("messages the server was ahead of the slow subscriber").isLessThan(count / 4);
		assertThat(client.stats().messagesUndelivered()).isZero();
	}

	private static List<String> feed(int firstGeneration, int lastGeneration, int perGeneration) {
		List<String> messages = new ArrayList<>();
		for (int generation = firstGeneration; generation <= lastGeneration; generation++) {
			for (int seq = 0; seq < perGeneration; seq++) {
				messages.add(generation + ":" + seq);
			}
		}
		return messages;
	}

	static long usedHeapAfterGc(MemoryMXBean memory) {
		System.gc();
		System.gc();
		return memory.getHeapMemoryUsage().getUsed();
	}

	private WsClient client(WsClientOptions options) {
		WsClient client = WsClient.create(options);
		track(() -> client.close().block(TIMEOUT));
		return client;
	}

	private <T extends AutoCloseable> T track(T resource) {
		this.resources.add(resource);
		return resource;
	}

	/** The outcome of every send: refused at once, pending, written, or failed. */
	private static final class SendLog {

		private final List<Integer> refused = new CopyOnWriteArrayList<>();

		private final List<Integer> accepted = new CopyOnWriteArrayList<>();

		private final List<Integer> succeeded = new CopyOnWriteArrayList<>();

		private final List<Integer> failed = new CopyOnWriteArrayList<>();

		private final List<Throwable> failures = new CopyOnWriteArrayList<>();

		void track(int id, Mono<Void> sent) {
			this.accepted.add(id);
			sent.subscribe(null, (failure) -> {
				this.failed.add(id);
				this.failures.add(failure);
			}, () -> this.succeeded.add(id));
		}

		void refused(int id) {
			this.refused.add(id);
		}

		int refusedCount() {
			return this.refused.size();
		}

		int acceptedCount() {
			return this.accepted.size();
		}

		int pendingCount() {
			return this.accepted.size() - this.succeeded.size() - this.failed.size();
		}

		List<Integer> succeeded() {
			return List.copyOf(this.succeeded);
		}

		List<Integer> failed() {
			return List.copyOf(this.failed);
		}

		List<Throwable> failures() {
			return List.copyOf(this.failures);
		}

	}

	/**
	 * Checks that binary messages numbered by their first four bytes arrive 0, 1, 2...
	 */
	private static final class SequenceCheck {

		private final AtomicInteger next = new AtomicInteger();

		private final AtomicInteger outOfOrder = new AtomicInteger();

		void accept(WsMessage message) {
			int seq = message.payload().getInt();
			if (seq != this.next.getAndIncrement()) {
				this.outOfOrder.incrementAndGet();
			}
		}

		int count() {
			return this.next.get();
		}

		int outOfOrder() {
			return this.outOfOrder.get();
		}

	}

}
