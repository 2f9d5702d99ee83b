package dev.wsclient.bridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.wsclient.autoconfigure.WsClients;
import dev.wsclient.bridge.support.BridgeMeters;
import dev.wsclient.bridge.support.FeedServer;
import dev.wsclient.bridge.support.SseSubscriber;
import dev.wsclient.bridge.support.StalledSubscriber;
import dev.wsclient.bridge.support.TestKeys;
import dev.wsclient.bridge.support.WsSubscriber;
import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsMessage;
import dev.wsclient.core.WsState;
import dev.wsclient.test.server.raw.Frame;
import dev.wsclient.core.testsupport.NodeWsServer;
import dev.wsclient.core.testsupport.RoutesServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Upstream servers over real sockets (core's in-process {@code MockWsServer} routes, the
 * Node.js {@code ws} server, a paced feed) → the bridge → several SSE and WebSocket
 * subscribers.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "bridge.demo.enabled=false", "bridge.subscriber.buffer-size=" + StreamingEndToEndTests.BUFFER,
				"bridge.subscriber.close-timeout=20s", "bridge.sse.heartbeat-interval=200ms",
				// A stalled subscriber then overflows after a known, small amount of
				// data.
				"bridge.subscriber.send-buffer=64KB", "bridge.security.anonymous-read=*", TestKeys.WRITER_HASH,
				TestKeys.WRITER_GRANTS, TestKeys.READER_HASH, TestKeys.READER_GRANTS })
@Import(StreamingEndToEndTests.StreamExchanges.class)
@DirtiesContext
class StreamingEndToEndTests {

	static final int BUFFER = 1024;

	/**
	 * Messages of the paced feed: enough to overflow a subscriber that stopped reading.
	 */
	private static final int BURST = 4000;

	private static final int BURST_SIZE = 1000;

	/** A pace any subscriber that reads keeps up with, even on a busy machine. */
	private static final int BURST_RATE = 1000;

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final RoutesServer netty = RoutesServer.start();

	private static final NodeWsServer node = NodeWsServer.start();

	private static final FeedServer feed = FeedServer.start();

	@LocalServerPort
	private int port;

	@Autowired
	private WsClients clients;

	@Autowired
	private MeterRegistry meterRegistry;

	@Autowired
	private StreamExchanges exchanges;

	private BridgeMeters meters;

	private WebTestClient http;

	@DynamicPropertySource
	static void upstreams(DynamicPropertyRegistry registry) {
		registry.add("wsclient.clients.netty.url", () -> netty.uri("/echo"));
		registry.add("wsclient.clients.node.url", () -> node.uri("/echo"));
		// Sends its messages when connected, which the test does itself.
		registry.add("wsclient.clients.burst.url",
				() -> feed.uri("/paced?n=" + BURST + "&size=" + BURST_SIZE + "&rate=" + BURST_RATE));
		registry.add("wsclient.clients.burst.auto-connect", () -> false);
		registry.add("wsclient.clients.burst.required", () -> false);
		// Never connected.
		registry.add("wsclient.clients.idle.url", () -> netty.uri("/echo"));
		registry.add("wsclient.clients.idle.auto-connect", () -> false);
		registry.add("wsclient.clients.idle.required", () -> false);
		registry.add("wsclient.clients.idle.max-outbound-message-size", () -> "16B");
	}

	@AfterAll
	static void stopUpstreams(@Autowired WsClients clients) {
		// Closed first, so that they do not reconnect while the servers go.
		clients.names().forEach((name) -> clients.close(name).block(TIMEOUT));
		netty.close();
		node.close();
		feed.close();
	}

	@BeforeEach
	void setUp() {
		this.meters = new BridgeMeters(this.meterRegistry);
		this.http = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.defaultHeader(TestKeys.HEADER, TestKeys.WRITER)
			.build();
	}

	@ParameterizedTest
	@ValueSource(strings = { "netty", "node" })
	void everySubscriberReceivesEveryUpstreamMessageInOrder(String client) {
		await().atMost(TIMEOUT).until(() -> this.clients.get(client).state() == WsState.OPEN);
		List<SseSubscriber> sse = List.of(SseSubscriber.subscribe(this.port, client),
				SseSubscriber.subscribe(this.port, client));
		List<WsSubscriber> ws = List.of(WsSubscriber.subscribe(this.port, client),
				WsSubscriber.subscribe(this.port, client));
		try {
			awaitSubscribers(client, 2, 2);
			// The echo upstreams send back what the bridge sends them, in order.
			List<String> texts = IntStream.range(0, 300).mapToObj((i) -> "message-" + i).toList();
			sendAll(this.clients.get(client), texts);
			postText(client, "posted text é");
			byte[] binary = { 0, 1, 2, (byte) 0xff };
			postBinary(client, binary);
			List<String> expectedTexts = new ArrayList<>(texts);
			expectedTexts.add("posted text é");

			await().atMost(TIMEOUT).untilAsserted(() -> {
				sse.forEach((subscriber) -> assertThat(subscriber.events()).hasSize(expectedTexts.size() + 1));
				ws.forEach((subscriber) -> assertThat(subscriber.messages()).hasSize(expectedTexts.size() + 1));
			});
			for (SseSubscriber subscriber : sse) {
				List<ServerSentEvent<String>> events = subscriber.events();
				assertThat(subscriber.texts()).containsExactlyElementsOf(expectedTexts);
				assertConsecutiveIds(events);
				ServerSentEvent<String> last = events.get(events.size() - 1);
				assertThat(last.event()).isEqualTo("binary");
				assertThat(Base64.getDecoder().decode(String.valueOf(last.data()))).isEqualTo(binary);
			}
			for (WsSubscriber subscriber : ws) {
				List<WsMessage> messages = subscriber.messages();
				assertThat(messages.subList(0, expectedTexts.size())).allMatch(WsMessage::isText)
					.extracting(WsMessage::text)
					.containsExactlyElementsOf(expectedTexts);
				assertThat(messages.get(expectedTexts.size())).isEqualTo(WsMessage.binary(binary));
			}
		}
		finally {
			sse.forEach(SseSubscriber::close);
			ws.forEach(WsSubscriber::close);
		}
		awaitSubscribers(client, 0, 0);
	}

	@Test
	void aSubscriberThatStopsReadingIsCutOffWhileTheOthersGetEverything() throws Exception {
		SseSubscriber fastSse = SseSubscriber.subscribe(this.port, "burst");
		WsSubscriber fastWs = WsSubscriber.subscribe(this.port, "burst");
		try (StalledSubscriber stalledWs = StalledSubscriber.webSocket(this.port, "burst");
				StalledSubscriber stalledSse = StalledSubscriber.serverSentEvents(this.port, "burst")) {
			assertThat(stalledWs.head()).startsWith("HTTP/1.1 101");
			assertThat(stalledSse.head()).startsWith("HTTP/1.1 200");
			awaitSubscribers("burst", 2, 2);

			this.clients.connect("burst").block(TIMEOUT);

			List<String> burst = IntStream.range(0, BURST).mapToObj((i) -> FeedServer.padded(i, BURST_SIZE)).toList();
			await().atMost(TIMEOUT).untilAsserted(() -> {
				assertThat(this.meters.disconnected("burst", "websocket")).isOne();
				assertThat(this.meters.disconnected("burst", "sse")).isOne();
			});
			// The stalled ones read again, each on its own, within their close timeout:
			// what they got before being cut off, then the reason, then the end of the
			// connection.
			CompletableFuture<byte[]> stalledWsBytes = readToEnd(stalledWs);
			CompletableFuture<byte[]> stalledSseBytes = readToEnd(stalledSse);

			await().atMost(TIMEOUT).untilAsserted(() -> {
				assertThat(fastSse.texts()).hasSize(BURST);
				assertThat(fastWs.messages()).hasSize(BURST);
			});
			assertThat(fastSse.texts()).containsExactlyElementsOf(burst);
			assertConsecutiveIds(fastSse.events());
			assertThat(fastWs.texts()).containsExactlyElementsOf(burst);
			// The fast subscribers are still there; the stalled ones are not.
			assertThat(this.meters.subscribers("burst", "websocket")).isOne();
			assertThat(this.meters.subscribers("burst", "sse")).isOne();

			List<Frame> frames = StalledSubscriber.frames(stalledWsBytes.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
			Frame close = frames.get(frames.size() - 1);
			assertThat(close.opcode()).isEqualTo(Frame.CLOSE);
			assertThat(close.closeCode()).isEqualTo(1008);
			assertThat(close.closeReason()).isEqualTo("too slow: more than " + BUFFER + " messages or 8 MiB behind");
			List<String> received = frames.subList(0, frames.size() - 1).stream().map(Frame::text).toList();
			assertThat(received).isNotEmpty().hasSizeLessThan(BURST).isEqualTo(burst.subList(0, received.size()));
			long droppedByWs = this.meters.dropped("burst", "websocket");
			assertThat(droppedByWs).isPositive().isLessThanOrEqualTo(BURST - received.size());

			List<List<String>> events = StalledSubscriber
				.events(stalledSseBytes.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
			List<String> last = events.get(events.size() - 1);
			assertThat(last).contains("event:error");
			assertThat(last.stream().filter((line) -> line.startsWith("data:")).findFirst().orElseThrow())
				.contains("\"error\":\"slow-subscriber\"")
				.contains("\"reason\":\"too slow: more than " + BUFFER + " messages or 8 MiB behind\"");
			List<String> sseTexts = events.subList(0, events.size() - 1)
				.stream()
				.filter((lines) -> lines.stream().anyMatch((line) -> line.startsWith("id:")))
				.map((lines) -> lines.stream()
					.filter((line) -> line.startsWith("data:"))
					.findFirst()
					.orElseThrow()
					.substring("data:".length()))
				.toList();
			assertThat(sseTexts).isNotEmpty().hasSizeLessThan(BURST).isEqualTo(burst.subList(0, sseTexts.size()));
			assertThat(this.meters.dropped("burst", "sse")).isPositive();
		}
		finally {
			fastSse.close();
			fastWs.close();
		}
	}

	@Test
	void sseStreamsOpenWithACommentAndStayAliveWithHeartbeats() {
		try (SseSubscriber subscriber = SseSubscriber.subscribe(this.port, "idle")) {
			await().atMost(TIMEOUT)
				.untilAsserted(() -> assertThat(subscriber.comments()).startsWith("stream of client idle")
					.contains("heartbeat"));
			assertThat(subscriber.events()).isEmpty();
		}
	}

	@Test
	void sendingToAClientThatIsNotOpenIsAConflict() {
		this.http.post()
			.uri("/clients/idle/messages")
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("hello")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://wsclient.dev/problems/client-not-open")
			.jsonPath("$.client")
			.isEqualTo("idle")
			.jsonPath("$.state")
			.isEqualTo("CLOSED")
			.jsonPath("$.code")
			.isEqualTo(-100)
			.jsonPath("$.detail")
			.isEqualTo("Client 'idle' is CLOSED; messages can be sent only while it is OPEN");
	}

	@Test
	void sendingMoreThanTheClientMaySendIsContentTooLarge() {
		this.http.post()
			.uri("/clients/idle/messages")
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue(new byte[17])
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://wsclient.dev/problems/message-too-large")
			.jsonPath("$.client")
			.isEqualTo("idle");
		// Without a Content-Length: counted while reading.
		DefaultDataBufferFactory buffers = DefaultDataBufferFactory.sharedInstance;
		this.http.post()
			.uri("/clients/idle/messages")
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.body(BodyInserters.fromDataBuffers(
					Flux.just(buffers.wrap(new byte[10]), buffers.wrap(new byte[10]), buffers.wrap(new byte[10]))))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
	}

	@Test
	void anUnknownClientIsNotFoundWithoutAListOfTheClients() {
		this.http.get()
			.uri("/streams/nope")
			.header(TestKeys.HEADER, TestKeys.READER)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://wsclient.dev/problems/unknown-client")
			.jsonPath("$.client")
			.isEqualTo("nope")
			.jsonPath("$.clients")
			.doesNotExist()
			.jsonPath("$.detail")
			.value((detail) -> assertThat(String.valueOf(detail)).doesNotContain("netty").doesNotContain("burst"));
		this.http.post()
			.uri("/clients/nope/messages")
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("hello")
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void sendingWithoutAContentTypeIsUnsupportedRatherThanBinary() {
		this.http.post()
			.uri("/clients/netty/messages")
			.body(BodyInserters
				.fromDataBuffers(Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(new byte[] { 1 }))))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://wsclient.dev/problems/unsupported-content-type")
			.jsonPath("$.detail")
			.value((detail) -> assertThat(String.valueOf(detail)).contains("no Content-Type"));
	}

	@Test
	void sendingInvalidUtf8TextIsABadRequest() {
		this.http.post()
			.uri("/clients/netty/messages")
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue(new byte[] { (byte) 0xc3, 0x28 })
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://wsclient.dev/problems/invalid-text");
	}

	private static CompletableFuture<byte[]> readToEnd(StalledSubscriber subscriber) {
		return CompletableFuture.supplyAsync(() -> {
			try {
				return subscriber.readToEnd();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

	private void awaitSubscribers(String client, int sse, int webSocket) {
		await().atMost(TIMEOUT).untilAsserted(() -> {
			assertThat(this.meters.subscribers(client, "sse")).isEqualTo(sse);
			assertThat(this.meters.subscribers(client, "websocket")).isEqualTo(webSocket);
		});
	}

	private static void sendAll(WsClient client, List<String> texts) {
		Mono<Void> last = Mono.empty();
		for (String text : texts) {
			last = client.send(text);
		}
		last.block(TIMEOUT);
	}

	private void postText(String client, String text) {
		this.http.post()
			.uri("/clients/{client}/messages", client)
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue(text)
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("text");
	}

	private void postBinary(String client, byte[] bytes) {
		this.http.post()
			.uri("/clients/{client}/messages", client)
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue(bytes)
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody()
			.jsonPath("$.bytes")
			.isEqualTo(bytes.length);
	}

	@Test
	void anSseStreamKeepsNothingOfItsRequestsHandlingOnceStreaming() {
		await().atMost(TIMEOUT).until(() -> this.clients.get("netty").state() == WsState.OPEN);
		try (SseSubscriber subscriber = SseSubscriber.subscribe(this.port, "netty")) {
			awaitSubscribers("netty", 1, 0);
			WeakReference<ServerWebExchange> exchange = this.exchanges.last();
			// The exchange holds the web filters' state: it must be garbage while the
			// stream goes on, or every subscriber keeps kilobytes of it.
			await().atMost(TIMEOUT).until(() -> {
				System.gc();
				return exchange.get() == null;
			});
			sendAll(this.clients.get("netty"), List.of("after the exchange"));
			await().atMost(TIMEOUT).untilAsserted(() -> assertThat(subscriber.texts()).contains("after the exchange"));
		}
		awaitSubscribers("netty", 0, 0);
	}

	private static void assertConsecutiveIds(List<ServerSentEvent<String>> events) {
		long first = SseSubscriber.sequence(events.get(0));
		long epoch = SseSubscriber.epoch(events.get(0));
		for (int i = 0; i < events.size(); i++) {
			assertThat(events.get(i).id()).isEqualTo(epoch + "-" + (first + i));
		}
	}

	/**
	 * Remembers, weakly, the exchange of the last stream request.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class StreamExchanges implements WebFilter {

		private volatile WeakReference<ServerWebExchange> last = new WeakReference<>(null);

		@Override
		public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
			if (exchange.getRequest().getPath().value().startsWith("/streams/")) {
				this.last = new WeakReference<>(exchange);
			}
			return chain.filter(exchange);
		}

		WeakReference<ServerWebExchange> last() {
			return this.last;
		}

	}

}
