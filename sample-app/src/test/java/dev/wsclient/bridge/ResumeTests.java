package dev.wsclient.bridge;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

import dev.wsclient.autoconfigure.WsClients;
import dev.wsclient.bridge.stream.StreamHub;
import dev.wsclient.bridge.support.BridgeMeters;
import dev.wsclient.bridge.support.RawConnection;
import dev.wsclient.bridge.support.SseSubscriber;
import dev.wsclient.bridge.support.WsSubscriber;
import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsState;
import dev.wsclient.core.testsupport.RoutesServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Subscribers that reconnect and resume after the last message they got: an echo upstream
 * on 127.0.0.1 whose messages the test sends itself, the bridge keeping the latest
 * {@value #BUFFER} of each client, and SSE and WebSocket subscribers over real sockets.
 * Each test has a client of its own, whose messages are numbered from 1.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "bridge.demo.enabled=false", "bridge.subscriber.buffer-size=" + ResumeTests.BUFFER,
				"bridge.security.anonymous-read=*" })
@DirtiesContext
class ResumeTests {

	static final int BUFFER = 10;

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final List<String> CLIENTS = List.of("replay", "outrun", "epochs", "invalid", "ws");

	private static final RoutesServer echo = RoutesServer.start();

	@LocalServerPort
	private int port;

	@Autowired
	private WsClients clients;

	@Autowired
	private StreamHub hub;

	@Autowired
	private MeterRegistry meterRegistry;

	private BridgeMeters meters;

	@DynamicPropertySource
	static void upstreams(DynamicPropertyRegistry registry) {
		CLIENTS.forEach((client) -> registry.add("wsclient.clients." + client + ".url", () -> echo.uri("/echo")));
	}

	@AfterAll
	static void stopUpstream(@Autowired WsClients clients) {
		clients.names().forEach((name) -> clients.close(name).block(TIMEOUT));
		echo.close();
	}

	@BeforeEach
	void setUp() {
		this.meters = new BridgeMeters(this.meterRegistry);
		await().atMost(TIMEOUT)
			.untilAsserted(
					() -> assertThat(CLIENTS).allMatch((client) -> this.clients.get(client).state() == WsState.OPEN));
	}

	@Test
	void resumingWithLastEventIdReplaysExactlyTheMissedMessagesInOrderThenGoesOnLive() {
		String client = "replay";
		try (SseSubscriber witness = SseSubscriber.subscribe(this.port, client)) {
			awaitSubscribers(client, 1, 0);
			send(client, texts("a", 0, 5));
			await().atMost(TIMEOUT).until(() -> witness.texts().size() == 5);
			ServerSentEvent<String> lastSeen = witness.events().get(1);
			assertThat(lastSeen.data()).isEqualTo("a1");
			assertThat(lastSeen.id()).isEqualTo(id(2));
			// Missed while disconnected.
			send(client, texts("a", 5, 8));
			await().atMost(TIMEOUT).until(() -> witness.texts().size() == 8);

			try (SseSubscriber resumed = SseSubscriber.resume(this.port, client, String.valueOf(lastSeen.id()))) {
				awaitSubscribers(client, 2, 0);
				await().atMost(TIMEOUT).until(() -> resumed.texts().size() == 6);
				send(client, texts("a", 8, 10));
				await().atMost(TIMEOUT).untilAsserted(() -> assertThat(resumed.texts()).hasSize(8));
				assertThat(resumed.texts()).containsExactlyElementsOf(texts("a", 2, 10));
				assertThat(resumed.events()).extracting(ServerSentEvent::id)
					.containsExactlyElementsOf(IntStream.rangeClosed(3, 10).mapToObj(this::id).toList());
				assertThat(resumed.events()).allMatch((event) -> event.event() == null);
				assertThat(this.meters.replayed(client, "sse")).isEqualTo(6);
				assertThat(this.meters.gaps(client, "sse")).isZero();
				assertThat(witness.texts()).containsExactlyElementsOf(texts("a", 0, 10));
			}
		}
		awaitSubscribers(client, 0, 0);
	}

	@Test
	void resumingFromBeyondTheRingYieldsAGapNamingTheMissingRangeThenTheRestThenLiveData() {
		String client = "outrun";
		try (SseSubscriber witness = SseSubscriber.subscribe(this.port, client)) {
			awaitSubscribers(client, 1, 0);
			send(client, texts("b", 0, 5));
			await().atMost(TIMEOUT).until(() -> witness.texts().size() == 5);
			String lastSeen = String.valueOf(witness.events().get(2).id());
			assertThat(lastSeen).isEqualTo(id(3));
			// 25 messages in all: the ring keeps 16 to 25, so 4 to 15 are missed.
			send(client, texts("b", 5, 25));
			await().atMost(TIMEOUT).until(() -> witness.texts().size() == 25);
			assertThat(this.meters.buffered(client)).isEqualTo(BUFFER);

			try (SseSubscriber byHeader = SseSubscriber.resume(this.port, client, lastSeen);
					SseSubscriber byQuery = SseSubscriber.open(this.port,
							"/streams/" + client + "?since=" + lastSeen)) {
				awaitSubscribers(client, 3, 0);
				await().atMost(TIMEOUT)
					.until(() -> byHeader.texts().size() == BUFFER && byQuery.texts().size() == BUFFER);
				send(client, texts("b", 25, 26));
				for (SseSubscriber resumed : List.of(byHeader, byQuery)) {
					await().atMost(TIMEOUT).until(() -> resumed.texts().size() == BUFFER + 1);
					ServerSentEvent<String> gap = resumed.events().get(0);
					assertThat(gap.event()).isEqualTo("gap");
					assertThat(gap.id()).isEqualTo(id(15));
					assertThat(gap.data()).isEqualTo("{\"type\":\"gap\",\"first\":\"" + id(4) + "\",\"last\":\""
							+ id(15) + "\",\"missed\":12,\"next\":\"" + id(16) + "\",\"reset\":false}");
					assertThat(resumed.texts()).containsExactlyElementsOf(texts("b", 15, 26));
					assertThat(resumed.events().subList(1, resumed.events().size())).extracting(ServerSentEvent::id)
						.containsExactlyElementsOf(IntStream.rangeClosed(16, 26).mapToObj(this::id).toList());
				}
				assertThat(this.meters.gaps(client, "sse")).isEqualTo(2);
				assertThat(this.meters.missed(client, "sse")).isEqualTo(24);
				assertThat(this.meters.replayed(client, "sse")).isEqualTo(2 * BUFFER);
			}
		}
	}

	@Test
	void anIdOfAnotherEpochOrWithoutEpochYieldsAResetGapThenEverythingKept() {
		String client = "epochs";
		long otherEpoch = (this.hub.epoch() == 1) ? 2 : 1;
		try (SseSubscriber witness = SseSubscriber.subscribe(this.port, client)) {
			awaitSubscribers(client, 1, 0);
			send(client, texts("c", 0, 3));
			await().atMost(TIMEOUT).until(() -> witness.texts().size() == 3);
			// An id from before a restart of the bridge, and one from before ids had
			// epochs.
			for (String lastSeen : List.of(otherEpoch + "-2", "2")) {
				try (SseSubscriber resumed = SseSubscriber.resume(this.port, client, lastSeen)) {
					await().atMost(TIMEOUT).until(() -> resumed.texts().size() == 3);
					ServerSentEvent<String> gap = resumed.events().get(0);
					assertThat(gap.event()).isEqualTo("gap");
					assertThat(gap.id()).isEqualTo(id(0));
					assertThat(gap.data())
						.isEqualTo("{\"type\":\"gap\",\"first\":null,\"last\":null,\"missed\":0,\"next\":\"" + id(1)
								+ "\",\"reset\":true}");
					assertThat(resumed.texts()).containsExactlyElementsOf(texts("c", 0, 3));
				}
			}
			// Resuming after the gap's own id: nothing missed.
			try (SseSubscriber resumed = SseSubscriber.resume(this.port, client, id(0))) {
				await().atMost(TIMEOUT).until(() -> resumed.texts().size() == 3);
				assertThat(resumed.events()).allMatch((event) -> event.event() == null);
			}
		}
	}

	@Test
	void malformedAndFutureIdsAreRefusedWith400NamingTheirSource() {
		String client = "invalid";
		send(client, texts("d", 0, 2));
		await().atMost(TIMEOUT).until(() -> this.meters.buffered(client) == 2);
		WebTestClient http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
		expectProblem(http.get().uri("/streams/" + client).header("Last-Event-ID", "12-x"), "invalid-event-id",
				"Last-Event-ID");
		expectProblem(http.get().uri("/streams/" + client + "?since=-3"), "invalid-event-id", "since");
		expectProblem(http.get().uri("/streams/" + client + "?lastEventId=99999999999999999-1"), "invalid-event-id",
				"lastEventId");
		assertThat(expectProblem(http.get().uri("/streams/" + client).header("Last-Event-ID", id(3)), "future-event-id",
				"Last-Event-ID"))
			.contains("\"latest\":\"" + id(2) + "\"");
		for (String since : List.of("nope", id(3))) {
			try (RawConnection connection = RawConnection.open(this.port)) {
				connection.send("GET /streams/" + client + "?since=" + since + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
						+ "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
						+ "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
				String response = connection.awaitReceived("}", 1, TIMEOUT);
				assertThat(response).startsWith("HTTP/1.1 400")
					.contains(since.equals("nope") ? "/problems/invalid-event-id" : "/problems/future-event-id")
					.contains("\"parameter\":\"since\"");
			}
		}
		// The refused subscribers hold no slot.
		awaitSubscribers(client, 0, 0);
		assertThat(this.meters.replayed(client, "sse") + this.meters.replayed(client, "websocket")).isZero();
	}

	@Test
	void aWebSocketGivenSinceLearnsIdsFromAnOpeningFrameAndResumesLikeSse() {
		String client = "ws";
		try (WsSubscriber plain = WsSubscriber.subscribe(this.port, client);
				WsSubscriber announced = WsSubscriber.open(this.port, "/streams/" + client + "?since=now")) {
			awaitSubscribers(client, 0, 2);
			send(client, texts("e", 0, 5));
			await().atMost(TIMEOUT).until(() -> plain.texts().size() == 5 && announced.texts().size() == 6);
			// Without since, the frames are the upstream's alone.
			assertThat(plain.texts()).containsExactlyElementsOf(texts("e", 0, 5));
			assertThat(announced.texts().get(0)).isEqualTo("{\"type\":\"resume\",\"next\":\"" + id(1) + "\"}");
			assertThat(announced.texts().subList(1, 6)).containsExactlyElementsOf(texts("e", 0, 5));
		}
		try (WsSubscriber witness = WsSubscriber.subscribe(this.port, client)) {
			awaitSubscribers(client, 0, 1);
			// Missed by a subscriber that got e0 and e1 (ids 1 and 2).
			send(client, texts("e", 5, 8));
			await().atMost(TIMEOUT).until(() -> witness.texts().size() == 3);
			try (WsSubscriber resumed = WsSubscriber.open(this.port, "/streams/" + client + "?since=" + id(2))) {
				await().atMost(TIMEOUT).until(() -> resumed.texts().size() == 7);
				send(client, texts("e", 8, 9));
				await().atMost(TIMEOUT).until(() -> resumed.texts().size() == 8);
				assertThat(resumed.texts().get(0)).isEqualTo("{\"type\":\"resume\",\"next\":\"" + id(3) + "\"}");
				assertThat(resumed.texts().subList(1, 8)).containsExactlyElementsOf(texts("e", 2, 9));
			}
			// 30 messages in all: the ring keeps 21 to 30.
			send(client, texts("e", 9, 30));
			await().atMost(TIMEOUT).until(() -> witness.texts().size() == 25);
			try (WsSubscriber outrun = WsSubscriber.open(this.port, "/streams/" + client + "?since=" + id(2))) {
				await().atMost(TIMEOUT).until(() -> outrun.texts().size() == BUFFER + 1);
				assertThat(outrun.texts().get(0)).isEqualTo("{\"type\":\"gap\",\"first\":\"" + id(3) + "\",\"last\":\""
						+ id(20) + "\",\"missed\":18,\"next\":\"" + id(21) + "\",\"reset\":false}");
				assertThat(outrun.texts().subList(1, BUFFER + 1)).containsExactlyElementsOf(texts("e", 20, 30));
			}
		}
		assertThat(this.meters.replayed(client, "websocket")).isEqualTo(6 + BUFFER);
		assertThat(this.meters.gaps(client, "websocket")).isOne();
		assertThat(this.meters.missed(client, "websocket")).isEqualTo(18);
	}

	private String expectProblem(WebTestClient.RequestHeadersSpec<?> request, String type, String parameter) {
		byte[] body = request.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://wsclient.dev/problems/" + type)
			.jsonPath("$.parameter")
			.isEqualTo(parameter)
			.returnResult()
			.getResponseBody();
		String problem = new String(Objects.requireNonNull(body), StandardCharsets.UTF_8);
		assertThat(problem).contains("\"detail\":\"The " + parameter);
		return problem;
	}

	private String id(long sequence) {
		return this.hub.epoch() + "-" + sequence;
	}

	private static List<String> texts(String prefix, int from, int to) {
		return IntStream.range(from, to).mapToObj((i) -> prefix + i).toList();
	}

	private void send(String client, List<String> texts) {
		WsClient upstream = this.clients.get(client);
		Mono<Void> last = Mono.empty();
		for (String text : texts) {
			last = upstream.send(text);
		}
		last.block(TIMEOUT);
	}

	private void awaitSubscribers(String client, int sse, int webSocket) {
		await().atMost(TIMEOUT).untilAsserted(() -> {
			assertThat(this.meters.subscribers(client, "sse")).isEqualTo(sse);
			assertThat(this.meters.subscribers(client, "websocket")).isEqualTo(webSocket);
		});
	}

}
