package dev.wsclient.core;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.wsclient.core.TestResources.EventRecorder;
import dev.wsclient.test.server.raw.Frame;
import dev.wsclient.core.testsupport.RoutesServer;
import dev.wsclient.test.server.raw.ScriptedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import static dev.wsclient.core.TestResources.TIMEOUT;
import static dev.wsclient.core.TestResources.awaitScripts;
import static dev.wsclient.core.TestResources.millis;
import static dev.wsclient.core.TestResources.refusedUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Reconnection with exponential backoff on Reactor's {@code Retry.backoff}: the events
 * that announce it, its delays and limits, and how {@code close()} ends it. The exact
 * timing of the attempts, and when a connection counts as stable, are asserted in virtual
 * time by {@link VirtualTimeTests}.
 */
class ReconnectTests {

	@RegisterExtension
	final TestResources resources = new TestResources();

	@Test
	void droppedConnectionIsClosedThenReconnectedAfterAJitteredFirstDelay() {
		RoutesServer server = this.resources.track(RoutesServer.start());
		WsClient client = client(policy(100, 400).withJitter(0.5));
		EventRecorder events = this.resources.record(client);
		client.connect(server.uri("/echo")).block(TIMEOUT);
		server.dropConnections();
		await().atMost(TIMEOUT).until(() -> events.of(WsEvent.Connected.class).size() == 2);
		assertThat(events.types()).containsExactly("Connected", "Closed", "Reconnecting", "Connected");
		assertThat(events.closes().get(0).status()).isIn(WsStatusCode.CLOSED_WITHOUT_CLOSE_FRAME,
				WsStatusCode.CONNECTION_RESET);
		WsEvent.Reconnecting reconnecting = events.reconnects().get(0);
		assertThat(reconnecting.attempt()).isEqualTo(1);
		// RFC 6455 7.2.3: the first delay is already random, here in [100 ms, 150 ms].
		assertThat(reconnecting.delay()).isBetween(millis(100), millis(150));
		assertThat(client.state()).isEqualTo(WsState.OPEN);
		assertThat(client.stats().reconnectAttempts()).isEqualTo(1);
		assertThat(client.stats().connectAttempts()).isEqualTo(2);
		StepVerifier.create(client.messages().map(WsMessage::text).take(1))
			.then(() -> client.send("still here"))
			.expectNext("still here")
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void scriptedServerThatClosesTheFirstConnectionIsReconnectedToOnce() {
		ScriptedServer server = this.resources.track(ScriptedServer.start((connection) -> {
			connection.acceptHandshake(connection.readHandshake());
			if (connection.index() == 0) {
				connection.closeGracefully();
			}
			else {
				connection.awaitClientClose(TIMEOUT);
			}
		}));
		WsClient client = client(policy(50, 400));
		EventRecorder events = this.resources.record(client);
		client.connect(server.uri("/")).block(TIMEOUT);
		await().atMost(TIMEOUT).until(() -> events.of(WsEvent.Connected.class).size() == 2);
		assertThat(events.types()).containsExactly("Connected", "Closed", "Reconnecting", "Connected");
		assertThat(events.reconnects()).singleElement().satisfies((reconnecting) -> {
			assertThat(reconnecting.attempt()).isEqualTo(1);
			assertThat(reconnecting.delay()).isBetween(millis(50), millis(75));
		});
		assertThat(server.acceptedConnections()).isEqualTo(2);
		assertThat(client.state()).isEqualTo(WsState.OPEN);
	}

	@Test
	void delaysDoubleFromTheInitialDelayUpToTheMaximumDelay() {
		WsClient client = client(policy(50, 400).withJitter(0).withMaxAttempts(6));
		EventRecorder events = this.resources.record(client);
		assertThatExceptionOfType(WsConnectException.class)
			.isThrownBy(() -> client.connect(refusedUrl()).block(TIMEOUT));
		assertThat(events.reconnects()).extracting(WsEvent.Reconnecting::attempt)
			.containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
		assertThat(events.reconnects()).extracting(WsEvent.Reconnecting::delay)
			.containsExactly(millis(50), millis(100), millis(200), millis(400), millis(400), millis(400));
	}

	@Test
	void jitteredDelaysStayAroundTheExponentialDelayAndNeverExceedTheMaximum() {
		double jitter = 0.5;
		WsClient client = client(policy(50, 400).withJitter(jitter).withMaxAttempts(7));
		EventRecorder events = this.resources.record(client);
		assertThatExceptionOfType(WsConnectException.class)
			.isThrownBy(() -> client.connect(refusedUrl()).block(TIMEOUT));
		List<WsEvent.Reconnecting> reconnects = events.reconnects();
		assertThat(reconnects).hasSize(7);
		for (WsEvent.Reconnecting reconnecting : reconnects) {
			long exponential = Math.min(50L << (reconnecting.attempt() - 1), 400);
			Duration lowest = millis(Math.max(50, Math.round(exponential * (1 - jitter))));
			Duration highest = millis(Math.min(400, Math.round(exponential * (1 + jitter))));
			assertThat(reconnecting.delay()).as("delay of attempt %d", reconnecting.attempt())
				.isBetween(lowest, highest)
				.isLessThanOrEqualTo(millis(400));
		}
	}

	@Test
	void afterMaxAttemptsTheClientIsClosedAndConnectFails() {
		WsClient client = client(policy(50, 200).withMaxAttempts(3));
		EventRecorder events = this.resources.record(client);
		List<WsCloseStatus> closeHandlerCalls = new CopyOnWriteArrayList<>();
		client.onClose((ws, status) -> closeHandlerCalls.add(status));
		StepVerifier.create(client.connect(refusedUrl())).expectErrorSatisfies((failure) -> {
			assertThat(failure).isInstanceOf(WsConnectException.class);
			assertThat(((WsConnectException) failure).status().code()).isEqualTo(-111);
			// No other attempt follows: the client has settled when connect() fails.
			assertThat(client.state()).isEqualTo(WsState.CLOSED);
		}).verify(TIMEOUT);
		assertThat(events.reconnects()).extracting(WsEvent.Reconnecting::attempt).containsExactly(1L, 2L, 3L);
		assertThat(events.types()).containsExactly("Closed", "Reconnecting", "Closed", "Reconnecting", "Closed",
				"Reconnecting", "Closed");
		assertThat(closeHandlerCalls).hasSize(4).allSatisfy((status) -> assertThat(status.code()).isEqualTo(-111));
		assertThat(client.stats().connectAttempts()).isEqualTo(4);
		assertThat(client.stats().reconnectAttempts()).isEqualTo(3);
		// Nothing is scheduled any more: no timer is left to start another attempt.
		assertThat(client.state()).isEqualTo(WsState.CLOSED);
		assertThat(client.stats().connectAttempts()).isEqualTo(4);
	}

	@Test
	void closeDuringTheBackoffWaitStopsReconnectingForGood() {
		ScriptedServer server = this.resources.track(ScriptedServer.start((connection) -> {
			connection.acceptHandshake(connection.readHandshake());
			connection.closeGracefully();
		}));
		// The wait is in virtual time: the test is surely inside it when it closes.
		VirtualTimeScheduler time = VirtualTimeScheduler.create();
		WsClient client = client(
				WsClientOptions.builder().reconnect(policy(2000, 2000).withJitter(0)).scheduler(time).build());
		EventRecorder events = this.resources.record(client);
		client.connect(server.uri("/")).block(TIMEOUT);
		await().atMost(TIMEOUT).until(() -> events.reconnects().size() == 1);
		assertThat(client.state()).isEqualTo(WsState.RECONNECTING);
		StepVerifier.create(client.close()).expectComplete().verify(TIMEOUT);
		assertThat(client.state()).isEqualTo(WsState.CLOSED);
		// The cancelled timer does not fire when its time comes.
		time.advanceTimeBy(Duration.ofHours(1));
		assertThat(server.acceptedConnections()).isEqualTo(1);
		assertThat(client.state()).isEqualTo(WsState.CLOSED);
		// The attempt Reconnecting announced ends, as every attempt does, with a Closed.
		assertThat(events.types()).containsExactly("Connected", "Closed", "Reconnecting", "Closed");
		assertThat(events.closes().get(1)).satisfies((status) -> {
			assertThat(status.status()).isEqualTo(WsStatusCode.NORMAL);
			assertThat(status.rfcCode()).isNull();
			assertThat(status.reason()).contains("reconnection attempt 1");
		});
	}

	@Test
	void neverRunsTwoAttemptsAtOnce() {
		// The client ends every attempt itself (connect timeout). Each new connection
		// checks that the client closed all earlier ones: an overlap otherwise.
		Map<Integer, CountDownLatch> clientClosed = new ConcurrentHashMap<>();
		AtomicInteger overlaps = new AtomicInteger();
		ScriptedServer server = this.resources.track(ScriptedServer.start((connection) -> {
			CountDownLatch closed = clientClosed.computeIfAbsent(connection.index(), (index) -> new CountDownLatch(1));
			for (int earlier = 0; earlier < connection.index(); earlier++) {
				CountDownLatch earlierClosed = clientClosed.computeIfAbsent(earlier, (index) -> new CountDownLatch(1));
				if (!earlierClosed.await(2, TimeUnit.SECONDS)) {
					overlaps.incrementAndGet();
				}
			}
			// Never answers the handshake (the client may not even have sent it yet).
			connection.awaitClientClose(TIMEOUT);
			closed.countDown();
		}));
		WsClient client = client(WsClientOptions.builder()
			.connectTimeout(millis(200))
			.reconnect(policy(50, 100).withMaxAttempts(4))
			.build());
		StepVerifier.create(client.connect(server.uri("/")))
			.expectErrorSatisfies(
					(failure) -> assertThat(((WsConnectException) failure).status().code()).isEqualTo(-18))
			.verify(TIMEOUT);
		awaitScripts(server);
		assertThat(server.acceptedConnections()).isEqualTo(5);
		assertThat(overlaps).hasValue(0);
	}

	@Test
	void onConnectMessagesAreSentAgainAfterEveryReconnect() {
		Map<Integer, List<String>> received = new ConcurrentHashMap<>();
		ScriptedServer server = this.resources.track(ScriptedServer.start((connection) -> {
			connection.acceptHandshake(connection.readHandshake());
			List<String> texts = received.computeIfAbsent(connection.index(), (index) -> new CopyOnWriteArrayList<>());
			for (int i = 0; i < 2; i++) {
				Frame frame = connection.readFrame(TIMEOUT);
				assertThat(frame.masked()).isTrue();
				texts.add(frame.text());
			}
			if (connection.index() < 2) {
				connection.closeGracefully();
			}
			else {
				connection.awaitClientClose(TIMEOUT);
			}
		}));
		WsClient client = client(WsClientOptions.builder()
			.onConnectMessages(List.of(WsMessage.text("subscribe:prices"), WsMessage.text("subscribe:news")))
			.reconnect(policy(50, 100))
			.build());
		EventRecorder events = this.resources.record(client);
		client.connect(server.uri("/")).block(TIMEOUT);
		await().atMost(TIMEOUT).until(() -> received.getOrDefault(2, List.of()).size() == 2);
		assertThat(received).hasSize(3)
			.allSatisfy((index, texts) -> assertThat(texts).containsExactly("subscribe:prices", "subscribe:news"));
		assertThat(events.of(WsEvent.Connected.class)).hasSize(3);
	}

	@Test
	void headerSupplierIsAskedAgainOnEveryReconnect() {
		RoutesServer server = this.resources.track(RoutesServer.start());
		AtomicInteger tokens = new AtomicInteger();
		WsClient client = client(WsClientOptions.builder()
			.headersSupplier(() -> Map.of("X-Token", "token-" + tokens.incrementAndGet()))
			.reconnect(policy(50, 100))
			.build());
		EventRecorder events = this.resources.record(client);
		client.connect(server.uri("/echo")).block(TIMEOUT);
		server.dropConnections();
		await().atMost(TIMEOUT).until(() -> events.of(WsEvent.Connected.class).size() == 2);
		assertThat(server.requests()).extracting((request) -> request.header("X-Token"))
			.containsExactly("token-1", "token-2");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://127.0.0.1:1/", "ws://127.0.0.1:0/", "ws:///path" })
	void invalidUrlIsNeverRetried(String url) {
		WsClient client = client(policy(50, 100));
		EventRecorder events = this.resources.record(client);
		assertThatExceptionOfType(WsConnectException.class).isThrownBy(() -> client.connect(url).block(TIMEOUT));
		// The Closed is announced before connect() fails, and nothing follows it.
		assertThat(events.all()).hasSize(1);
		assertThat(events.reconnects()).isEmpty();
		assertThat(client.stats().connectAttempts()).isZero();
		assertThat(client.state()).isEqualTo(WsState.CLOSED);
	}

	@Test
	void connectWhileOpenThrowsNamingTheStateWithoutTheUrlsSecrets() {
		RoutesServer server = this.resources.track(RoutesServer.start());
		WsClient client = client(policy(50, 100));
		EventRecorder events = this.resources.record(client);
		URI url = server.uri("/echo?token=s3cr3t");
		client.connect(url).block(TIMEOUT);
		assertThatIllegalStateException().isThrownBy(() -> client.connect(url))
			.withMessageContaining("OPEN")
			.withMessageNotContaining("s3cr3t");
		assertThatIllegalStateException().isThrownBy(() -> client.connect(server.uri("/count").toString()))
			.withMessageContaining("OPEN");
		// Even a URL that cannot be used is refused for the state, not reported as a
		// failed attempt of an open client.
		assertThatIllegalStateException().isThrownBy(() -> client.connect("http://127.0.0.1:1/"))
			.withMessageContaining("OPEN");
		assertThatIllegalStateException().isThrownBy(() -> client.connect("  ")).withMessageContaining("OPEN");
		assertThat(events.types()).containsExactly("Connected");
		assertThat(client.state()).isEqualTo(WsState.OPEN);
		assertThat(server.requests()).hasSize(1);
	}

	@Test
	void connectWhileWaitingToReconnectThrowsNamingTheState() {
		ScriptedServer server = this.resources.track(ScriptedServer.start((connection) -> {
			connection.acceptHandshake(connection.readHandshake());
			connection.closeGracefully();
		}));
		WsClient client = client(policy(5000, 5000));
		EventRecorder events = this.resources.record(client);
		client.connect(server.uri("/")).block(TIMEOUT);
		await().atMost(TIMEOUT).until(() -> events.reconnects().size() == 1);
		assertThatIllegalStateException().isThrownBy(() -> client.connect(server.uri("/")))
			.withMessageContaining("RECONNECTING");
	}

	private WsClient client(ReconnectPolicy policy) {
		return client(WsClientOptions.builder().reconnect(policy).build());
	}

	// Scripted servers do not answer close frames: no need to wait 5 s for them.
	private WsClient client(WsClientOptions options) {
		return this.resources.client(options.mutate().closeTimeout(millis(500)).build());
	}

	private static ReconnectPolicy policy(long initialDelayMillis, long maxDelayMillis) {
		return ReconnectPolicy.exponentialBackoff()
			.withDelays(millis(initialDelayMillis), millis(maxDelayMillis))
			.withJitter(0);
	}

}
