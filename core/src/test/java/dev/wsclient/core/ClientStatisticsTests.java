package dev.wsclient.core;

import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The counters and timings of {@link ClientStatistics}, and what a snapshot taken while
 * they change may see.
 */
class ClientStatisticsTests {

	private final ClientStatistics statistics = new ClientStatistics();

	@Test
	void aNewClientHasCountedNothing() {
		WsClientStats stats = this.statistics.snapshot(WsState.CLOSED);
		assertThat(stats.state()).isEqualTo(WsState.CLOSED);
		assertThat(stats.url()).isNull();
		assertThat(stats.connectedSince()).isNull();
		assertThat(stats.lastMessageAt()).isNull();
		assertThat(stats.lastClose()).isNull();
		assertThat(stats.pingRoundTrip()).isNull();
		assertThat(stats.lastPingAnswered()).isTrue();
		assertThat(List.of(stats.messagesReceived(), stats.messagesSent(), stats.textMessagesReceived(),
				stats.textMessagesSent(), stats.bytesReceived(), stats.bytesSent(), stats.connectAttempts(),
				stats.reconnectAttempts(), stats.messagesUndelivered()))
			.containsOnly(0L);
	}

	@Test
	void receivedMessagesAreCountedByKindWithTheirPayloadBytesAndTime() {
		Instant before = Instant.now().minusMillis(1);
		this.statistics.received(WsMessage.text("héllo"));
		this.statistics.received(WsMessage.binary(new byte[10]));
		this.statistics.received(WsMessage.binary(new byte[0]));
		Instant after = Instant.now().plusMillis(1);
		WsClientStats stats = this.statistics.snapshot(WsState.OPEN);
		assertThat(stats.messagesReceived()).isEqualTo(3);
		assertThat(stats.textMessagesReceived()).isEqualTo(1);
		assertThat(stats.bytesReceived()).isEqualTo("héllo".getBytes(StandardCharsets.UTF_8).length + 10);
		assertThat(stats.lastMessageAt()).isBetween(before, after);
		assertThat(stats.messagesSent()).isZero();
		assertThat(stats.bytesSent()).isZero();
	}

	@Test
	void sentMessagesAreCountedByKindWithTheirPayloadBytes() {
		this.statistics.sent(true, 5);
		this.statistics.sent(false, 1024);
		this.statistics.sent(false, 3);
		WsClientStats stats = this.statistics.snapshot(WsState.OPEN);
		assertThat(stats.messagesSent()).isEqualTo(3);
		assertThat(stats.textMessagesSent()).isEqualTo(1);
		assertThat(stats.bytesSent()).isEqualTo(1032);
		assertThat(stats.messagesReceived()).isZero();
		assertThat(stats.lastMessageAt()).isNull();
	}

	@Test
	void attemptsAndUndeliveredMessagesAreCounted() {
		this.statistics.connecting(URI.create("ws://example.com/first"));
		this.statistics.reconnecting();
		this.statistics.connecting(URI.create("ws://example.com/second"));
		this.statistics.undelivered();
		this.statistics.undelivered();
		WsClientStats stats = this.statistics.snapshot(WsState.CONNECTING);
		assertThat(stats.connectAttempts()).isEqualTo(2);
		assertThat(stats.reconnectAttempts()).isEqualTo(1);
		assertThat(stats.messagesUndelivered()).isEqualTo(2);
		assertThat(stats.url()).isEqualTo("ws://example.com/second");
	}

	@Test
	void connectedSinceIsSetWhileOpenAndClearedWithTheLastCloseRecorded() {
		Instant before = Instant.now();
		this.statistics.opened();
		Instant after = Instant.now();
		assertThat(this.statistics.snapshot(WsState.OPEN).connectedSince()).isBetween(before, after);
		WsCloseStatus status = WsCloseStatus.of(WsStatusCode.SERVER_CLOSED, 1001, "bye");
		this.statistics.closed(status);
		WsClientStats stats = this.statistics.snapshot(WsState.CLOSED);
		assertThat(stats.connectedSince()).isNull();
		assertThat(stats.lastClose()).isSameAs(status);
	}

	@Test
	void pingRoundTripIsKeptExactlyAndAMissedPingIsReportedUntilTheServerAnswers() {
		this.statistics.pingAnswered(Duration.ofNanos(1_234_567));
		this.statistics.heartbeat(false);
		WsClientStats missed = this.statistics.snapshot(WsState.OPEN);
		assertThat(missed.pingRoundTrip()).isEqualTo(Duration.ofNanos(1_234_567));
		assertThat(missed.lastPingAnswered()).isFalse();
		this.statistics.pingAnswered(Duration.ofMillis(3));
		WsClientStats answered = this.statistics.snapshot(WsState.OPEN);
		assertThat(answered.pingRoundTrip()).isEqualTo(Duration.ofMillis(3));
		assertThat(answered.lastPingAnswered()).isTrue();
		this.statistics.heartbeat(false);
		this.statistics.opened();
		assertThat(this.statistics.snapshot(WsState.OPEN).lastPingAnswered()).isTrue();
	}

	@Test
	void concurrentSendsAreAllCounted() throws Exception {
		int threads = 4;
		int sendsPerThread = 100_000;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<CompletableFuture<Void>> senders = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				boolean text = (i % 2 == 0);
				senders.add(CompletableFuture.runAsync(() -> {
					awaitQuietly(start);
					for (int n = 0; n < sendsPerThread; n++) {
						this.statistics.sent(text, 3);
					}
				}, executor));
			}
			start.countDown();
			CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
		}
		finally {
			executor.shutdownNow();
		}
		WsClientStats stats = this.statistics.snapshot(WsState.OPEN);
		assertThat(stats.messagesSent()).isEqualTo((long) threads * sendsPerThread);
		assertThat(stats.textMessagesSent()).isEqualTo((long) threads / 2 * sendsPerThread);
		assertThat(stats.bytesSent()).isEqualTo(3L * threads * sendsPerThread);
	}

	@Test
	void aSnapshotTakenWhileMessagesArriveNeverCountsBytesOrTextOfUncountedMessages() throws Exception {
		int messages = 200_000;
		WsMessage text = WsMessage.text("1234567");
		WsMessage binary = WsMessage.binary(new byte[7]);
		AtomicBoolean receiving = new AtomicBoolean(true);
		// One receiving thread, as the connection's event loop is.
		CompletableFuture<Void> receiver = CompletableFuture.runAsync(() -> {
			for (int n = 0; n < messages; n++) {
				this.statistics.received((n % 2 == 0) ? text : binary);
			}
			receiving.set(false);
		});
		long snapshots = 0;
		long lastCount = 0;
		do {
			WsClientStats stats = this.statistics.snapshot(WsState.OPEN);
			assertThat(stats.messagesReceived()).isGreaterThanOrEqualTo(lastCount);
			assertThat(stats.bytesReceived()).isLessThanOrEqualTo(7 * stats.messagesReceived());
			assertThat(stats.textMessagesReceived()).isLessThanOrEqualTo(stats.messagesReceived());
			lastCount = stats.messagesReceived();
			snapshots++;
		}
		while (receiving.get());
		receiver.get(30, TimeUnit.SECONDS);
		WsClientStats stats = this.statistics.snapshot(WsState.OPEN);
		assertThat(snapshots).isPositive();
		assertThat(stats.messagesReceived()).isEqualTo(messages);
		assertThat(stats.textMessagesReceived()).isEqualTo(messages / 2);
		assertThat(stats.bytesReceived()).isEqualTo(7L * messages);
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
