package dev.wsclient.core;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.wsclient.core.TestResources.EventRecorder;
import dev.wsclient.test.server.raw.Frame;
import dev.wsclient.core.testsupport.RoutesServer;
import dev.wsclient.test.server.raw.ScriptedServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import static dev.wsclient.core.TestResources.TIMEOUT;
import static dev.wsclient.core.TestResources.awaitScripts;
import static dev.wsclient.core.TestResources.millis;
import static dev.wsclient.core.TestResources.refusedUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * The seed's client life: create a client, connect, close, reuse it; its handlers, its
 * events, sending and the closing handshake.
 */
class ClientLifecycleTests {

	@RegisterExtension
	final TestResources resources = new TestResources();

	@Test
	void oneClientConnectsClosesAndConnectsAgainToAnotherServerKeepingItsHandlers() {
		RoutesServer first = this.resources.track(RoutesServer.start());
		RoutesServer second = this.resources.track(RoutesServer.start());
		WsClient client = client();
		AtomicInteger connections = new AtomicInteger();
		List<String> received = new CopyOnWriteArrayList<>();
		List<WsCloseStatus> closes = new CopyOnWriteArrayList<>();
		client.onConnection((ws) -> connections.incrementAndGet())
			.onReceive((ws, message) -> received.add(message.text()))
			.onClose((ws, status) -> closes.add(status));

		client.connect(first.uri("/echo")).block(TIMEOUT);
		client.send("to the first").block(TIMEOUT);
		await().atMost(TIMEOUT).until(() -> received.size() == 1);
		client.close().block(TIMEOUT);
		assertThat(client.state()).isEqualTo(WsState.CLOSED);

		client.connect(second.uri("/echo")).block(TIMEOUT);
		client.send("to the second").block(TIMEOUT);
		await().atMost(TIMEOUT).until(() -> received.size() == 2);
		client.close().block(TIMEOUT);

		assertThat(connections).hasValue(2);
		assertThat(received).containsExactly("to the first", "to the second");
		assertThat(closes).hasSize(2).allSatisfy((status) -> assertThat(status.code()).isZero());
		assertThat(first.requests()).hasSize(1);
		assertThat(second.requests()).hasSize(1);
		assertThat(client.stats().connectAttempts()).isEqualTo(2);
		assertThat(client.stats().url()).isEqualTo(second.uri("/echo").toString());
	}

	@Test
	void clientWhoseConnectFailedCanConnectAgainAtOnce() {
		RoutesServer server = this.resources.track(RoutesServer.start());
		WsClient client = client();
		URI refused = refusedUrl();
		// The failure of connect() is the signal to go on: the client must have settled
		// by then, every time.
		for (int i = 0; i < 30; i++) {
			assertThatExceptionOfType(WsConnectException.class).isThrownBy(() -> client.connect(refused).block(TIMEOUT))
				.satisfies((ex) -> assertThat(ex.status().code()).isEqualTo(-111));
			assertThat(client.state()).isEqualTo(WsState.CLOSED);
		}
		client.connect(server.uri("/echo")).block(TIMEOUT);
		assertThat(client.state()).isEqualTo(WsState.OPEN);
	}

	@Test
	void closeOnANeverConnectedClientCompletesAndEmitsNothing() {
		WsClient client = client();
		EventRecorder events = this.resources.record(client);
		AtomicInteger closeHandlerCalls = new AtomicInteger();
		client.onClose((ws, status) -> closeHandlerCalls.incrementAndGet());
		StepVerifier.create(client.close()).expectComplete().verify(TIMEOUT);
		StepVerifier.create(client.close(4000, "again")).expectComplete().verify(TIMEOUT);
		assertThat(client.state()).isEqualTo(WsState.CLOSED);
		assertThat(events.all()).isEmpty();
		assertThat(closeHandlerCalls).hasValue(0);
	}

	@Test
	void closingTwiceClosesOnceWithOneCloseEvent() {
		RoutesServer server = this.resources.track(RoutesServer.start());
		WsClient client = client();
		EventRecorder events = this.resources.record(client);
		AtomicInteger closeHandlerCalls = new AtomicInteger();
		client.onClose((ws, status) -> closeHandlerCalls.incrementAndGet());
		client.connect(server.uri("/echo")).block(TIMEOUT);
		Mono<Void> first = client.close();
		Mono<Void> second = client.close();
		StepVerifier.create(first).expectComplete().verify(TIMEOUT);
		StepVerifier.create(second).expectComplete().verify(TIMEOUT);
		StepVerifier.create(client.close()).expectComplete().verify(TIMEOUT);
		assertThat(client.state()).isEqualTo(WsState.CLOSED);
		await().during(millis(300)).atMost(TIMEOUT).until(() -> closeHandlerCalls.get() == 1);
		assertThat(events.types()).containsExactly("Connected", "Closed");
		assertThat(events.closes().get(0).code()).isZero();
	}

	@Test
	void settingASecondHandlerOfATypeReplacesTheFirst() {
		RoutesServer server = this.resources.track(RoutesServer.start());
		WsClient client = client();
		List<String> calls = new CopyOnWriteArrayList<>();
		client.onConnection((ws) -> calls.add("connection 1"))
			.onConnection((ws) -> calls.add("connection 2"))
			.onReceive((ws, message) -> calls.add("receive 1"))
			.onReceive((ws, message) -> calls.add("receive 2"))
			.onClose((ws, status) -> calls.add("close 1"))
			.onClose((ws, status) -> calls.add("close 2"));
		client.connect(server.uri("/count?n=1")).block(TIMEOUT);
		await().atMost(TIMEOUT).until(() -> calls.contains("receive 2"));
		client.close().block(TIMEOUT);
		await().atMost(TIMEOUT).until(() -> calls.contains("close 2"));
		assertThat(calls).containsExactly("connection 2", "receive 2", "close 2");
	}

	@Test
	void nullRemovesAHandler() {
		RoutesServer server = this.resources.track(RoutesServer.start());
		WsClient client = client();
		EventRecorder events = this.resources.record(client);
		List<String> calls = new CopyOnWriteArrayList<>();
		client.onConnection((ws) -> calls.add("connection"))
			.onReceive((ws, message) -> calls.add("receive"))
			.onClose((ws, status) -> calls.add("close"));
		client.onConnection(null).onReceive(null).onClose(null);
		client.connect(server.uri("/count?n=3")).block(TIMEOUT);
		await().atMost(TIMEOUT).until(() -> events.of(WsEvent.Received.class).size() == 3);
		client.close().block(TIMEOUT);
		await().atMost(TIMEOUT).until(() -> events.closes().size() == 1);
		assertThat(calls).isEmpty();
	}

	@Test
	void closeHandlerRunsOnceForEveryFailedAttempt() {
		List<WsCloseStatus> withoutReconnect = new CopyOnWriteArrayList<>();
		WsClient single = client();
		single.onClose((ws, status) -> withoutReconnect.add(status));
		assertThatExceptionOfType(WsConnectException.class)
			.isThrownBy(() -> single.connect(refusedUrl()).block(TIMEOUT));

		List<WsCloseStatus> withReconnect = new CopyOnWriteArrayList<>();
		WsClient retrying = client(WsClientOptions.builder()
			.reconnect(ReconnectPolicy.exponentialBackoff().withDelays(millis(50), millis(100)).withMaxAttempts(2))
			.build());
		retrying.onClose((ws, status) -> withReconnect.add(status));
		assertThatExceptionOfType(WsConnectException.class)
			.isThrownBy(() -> retrying.connect(refusedUrl()).block(TIMEOUT));

		await().during(millis(300)).atMost(TIMEOUT).until(() -> withoutReconnect.size() == 1);
		assertThat(withoutReconnect).singleElement().satisfies((status) -> assertThat(status.code()).isEqualTo(-111));
		assertThat(withReconnect).hasSize(3).allSatisfy((status) -> assertThat(status.code()).isEqualTo(-111));
		assertThat(retrying.stats().connectAttempts()).isEqualTo(3);
	}

	@Test
	void sendingWhileNotOpenFailsSayingToConnectFirst() {
		ScriptedServer server = this.resources.track(ScriptedServer.start((connection) -> {
			// Holds the handshake unanswered: the client stays CONNECTING.
			connection.readHandshake();
			connection.awaitClientClose(TIMEOUT);
		}));
		WsClient client = client();
		assertNotOpen(client);
		Mono<Void> connecting = client.connect(server.uri("/"));
		await().atMost(TIMEOUT).until(() -> server.acceptedConnections() == 1);
		assertThat(client.state()).isEqualTo(WsState.CONNECTING);
		assertNotOpen(client);
		client.close().block(TIMEOUT);
		StepVerifier.create(connecting).expectError(WsConnectException.class).verify(TIMEOUT);
		assertNotOpen(client);
		assertThat(client.stats().messagesSent()).isZero();
	}

	@Test
	void eventsArriveInOrderConnectedThenReceivedThenClosed() {
		RoutesServer server = this.resources.track(RoutesServer.start());
		WsClient client = client();
		StepVerifier.create(client.events().take(5))
			.then(() -> client.connect(server.uri("/count?n=3")))
			.assertNext((event) -> assertThat(event).isInstanceOf(WsEvent.Connected.class))
			.assertNext((event) -> assertThat(text(event)).isEqualTo("0"))
			.assertNext((event) -> assertThat(text(event)).isEqualTo("1"))
			.assertNext((event) -> assertThat(text(event)).isEqualTo("2"))
			.then(client::close)
			.assertNext((event) -> assertThat(((WsEvent.Closed) event).status().code()).isZero())
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void handlersThatThrowDoNotBreakTheClient() {
		RoutesServer server = this.resources.track(RoutesServer.start());
		WsClient client = client();
		EventRecorder events = this.resources.record(client);
		AtomicInteger handlerCalls = new AtomicInteger();
		client.onConnection((ws) -> {
			handlerCalls.incrementAndGet();
			throw new IllegalStateException("connection handler fails");
		}).onReceive((ws, message) -> {
			handlerCalls.incrementAndGet();
			throw new IllegalStateException("receive handler fails");
		}).onClose((ws, status) -> {
			handlerCalls.incrementAndGet();
			throw new IllegalStateException("close handler fails");
		});
		for (int round = 1; round <= 2; round++) {
			client.connect(server.uri("/echo")).block(TIMEOUT);
			client.send("one").block(TIMEOUT);
			client.send("two").block(TIMEOUT);
			int expectedMessages = 2 * round;
			await().atMost(TIMEOUT).until(() -> events.of(WsEvent.Received.class).size() == expectedMessages);
			client.close().block(TIMEOUT);
			assertThat(client.state()).isEqualTo(WsState.CLOSED);
		}
		assertThat(events.types()).containsExactly("Connected", "Received", "Received", "Closed", "Connected",
				"Received", "Received", "Closed");
		assertThat(events.closes()).allSatisfy((status) -> assertThat(status.code()).isZero());
		assertThat(handlerCalls).hasValue(8);
	}

	@Test
	void sentMessagesCompleteOnceWrittenAndAreCounted() {
		RoutesServer server = this.resources.track(RoutesServer.start());
		WsClient client = client();
		client.connect(server.uri("/echo")).block(TIMEOUT);
		String text = "grüße";
		StepVerifier.create(client.send(text)).expectComplete().verify(TIMEOUT);
		assertThat(client.stats().messagesSent()).isEqualTo(1);
		StepVerifier.create(client.send(new byte[] { 1, 2, 3 })).expectComplete().verify(TIMEOUT);
		StepVerifier.create(client.send("ok".getBytes(StandardCharsets.UTF_8), WsOpcode.TEXT))
			.expectComplete()
			.verify(TIMEOUT);
		WsClientStats stats = client.stats();
		assertThat(stats.messagesSent()).isEqualTo(3);
		assertThat(stats.textMessagesSent()).isEqualTo(2);
		assertThat(stats.bytesSent()).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length + 3 + 2);
		await().atMost(TIMEOUT).until(() -> client.stats().messagesReceived() == 3);
		assertThat(client.stats().textMessagesReceived()).isEqualTo(2);
		assertThat(client.stats().bytesReceived()).isEqualTo(stats.bytesSent());
	}

	@ParameterizedTest
	@ValueSource(ints = { 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 0, -1 })
	void closeRejectsACodeAClientMayNotSend(int code) {
		RoutesServer server = this.resources.track(RoutesServer.start());
		WsClient client = client();
		assertThatIllegalArgumentException().isThrownBy(() -> client.close(code, ""))
			.withMessageContaining(String.valueOf(code));
		client.connect(server.uri("/echo")).block(TIMEOUT);
		assertThatIllegalArgumentException().isThrownBy(() -> client.close(code, ""))
			.withMessageContaining(String.valueOf(code));
		assertThat(client.state()).isEqualTo(WsState.OPEN);
	}

	@Test
	void closeRejectsAReasonLongerThan123Bytes() {
		WsClient client = client();
		assertThatIllegalArgumentException().isThrownBy(() -> client.close(1000, "ü".repeat(62)))
			.withMessageContaining("reason")
			.withMessageContaining("124");
		StepVerifier.create(client.close(1000, "x".repeat(123))).expectComplete().verify(TIMEOUT);
	}

	@Test
	void closeSendsTheGivenCodeAndReasonThenWaitsForTheServerToCloseTcp() {
		AtomicReference<@Nullable Frame> closeFrame = new AtomicReference<>();
		AtomicBoolean clientClosedTcpFirst = new AtomicBoolean();
		AtomicBoolean serverWaited = new AtomicBoolean();
		ScriptedServer server = this.resources.track(ScriptedServer.start((connection) -> {
			connection.acceptHandshake(connection.readHandshake());
			Frame close = connection.expectClose(TIMEOUT);
			closeFrame.set(close);
			connection.sendFrame(Frame.close(close.closeCode(), ""));
			// RFC 6455 7.1.1: the server closes TCP first; the client waits for it.
			clientClosedTcpFirst.set(connection.awaitClientClose(millis(500)));
			serverWaited.set(true);
		}));
		WsClient client = client(WsClientOptions.builder().closeTimeout(Duration.ofSeconds(30)).build());
		EventRecorder events = this.resources.record(client);
		client.connect(server.uri("/")).block(TIMEOUT);
		Mono<Void> closing = client.close(4001, "going away");
		await().atMost(TIMEOUT).untilTrue(serverWaited);
		assertThat(clientClosedTcpFirst).isFalse();
		// Well before the close timeout: the server's TCP close ends it.
		StepVerifier.create(closing).expectComplete().verify(TIMEOUT);
		awaitScripts(server);
		assertThat(closeFrame.get()).isNotNull().satisfies((frame) -> {
			assertThat(frame.closeCode()).isEqualTo(4001);
			assertThat(frame.closeReason()).isEqualTo("going away");
			assertThat(frame.masked()).isTrue();
		});
		assertThat(events.closes()).singleElement().satisfies((status) -> {
			assertThat(status.code()).isZero();
			assertThat(status.rfcCode()).isEqualTo(4001);
			assertThat(status.reason()).isEqualTo("going away");
		});
		assertThat(client.state()).isEqualTo(WsState.CLOSED);
	}

	@Test
	void serverThatNeverAnswersTheCloseIsCutOffExactlyAtTheCloseTimeout() {
		AtomicBoolean clientClosedTcp = new AtomicBoolean();
		CountDownLatch closeRead = new CountDownLatch(1);
		ScriptedServer server = this.resources.track(ScriptedServer.start((connection) -> {
			connection.acceptHandshake(connection.readHandshake());
			assertThat(connection.expectClose(TIMEOUT).closeCode()).isEqualTo(1000);
			closeRead.countDown();
			clientClosedTcp.set(connection.silence(TIMEOUT));
		}));
		// The close timeout runs in virtual time: exactly 5 s, not a window.
		VirtualTimeScheduler time = VirtualTimeScheduler.create();
		WsClient client = client(WsClientOptions.builder().closeTimeout(Duration.ofSeconds(5)).scheduler(time).build());
		EventRecorder events = this.resources.record(client);
		client.connect(server.uri("/")).block(TIMEOUT);
		Mono<Void> closing = client.close();
		assertThat(client.state()).isEqualTo(WsState.CLOSING);
		StepVerifier.create(closing).then(() -> {
			await().atMost(TIMEOUT).until(() -> closeRead.getCount() == 0);
			time.advanceTimeBy(Duration.ofSeconds(5).minusNanos(1));
			assertThat(client.state()).isEqualTo(WsState.CLOSING);
			time.advanceTimeBy(Duration.ofNanos(1));
		}).expectComplete().verify(TIMEOUT);
		assertThat(client.state()).isEqualTo(WsState.CLOSED);
		awaitScripts(server);
		assertThat(clientClosedTcp).isTrue();
		assertThat(events.closes()).singleElement().satisfies((status) -> {
			assertThat(status.code()).isZero();
			assertThat(status.rfcCode()).isEqualTo(1000);
		});
	}

	private static void assertNotOpen(WsClient client) {
		assertThatExceptionOfType(WsSendException.class).isThrownBy(() -> client.sendNow("hello")).satisfies((ex) -> {
			assertThat(ex.reason()).isEqualTo(WsSendException.Reason.NOT_OPEN);
			assertThat(ex.getMessage()).contains("connect first");
		});
		assertThatExceptionOfType(WsSendException.class).isThrownBy(() -> client.sendNow(new byte[] { 1 }))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(WsSendException.Reason.NOT_OPEN));
		// The reactive send reports the same refusal as a signal.
		assertThatExceptionOfType(WsSendException.class).isThrownBy(() -> client.send("hello").block(TIMEOUT))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(WsSendException.Reason.NOT_OPEN));
	}

	private static String text(WsEvent event) {
		return ((WsEvent.Received) event).message().text();
	}

	private WsClient client() {
		return client(WsClientOptions.defaults());
	}

	private WsClient client(WsClientOptions options) {
		return this.resources.client(options);
	}

}
