package dev.wsclient.bridge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.wsclient.autoconfigure.WsClients;
import dev.wsclient.bridge.support.FeedServer;
import dev.wsclient.bridge.support.ParanoidLeakDetection;
import dev.wsclient.bridge.support.RawConnection;
import dev.wsclient.bridge.support.TestKeys;
import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsClientOptions;
import dev.wsclient.core.WsState;
import io.netty.util.internal.PlatformDependent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Peers that send slowly, not at all, or too much: every wait and every buffer has a
 * bound, over real sockets. The deadlines are short here (headers 1 s, body and idle 2 s)
 * so that the tests take seconds; each closing is expected after its deadline and well
 * before twice it.
 */
@ParanoidLeakDetection
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "bridge.demo.enabled=false", "bridge.http.request-header-timeout=1s",
				"bridge.http.request-body-timeout=2s", "bridge.http.idle-timeout=2s",
				"bridge.send.max-buffered-bytes=4MB", "wsclient.clients.small.auto-connect=false",
				"wsclient.clients.small.required=false", "wsclient.clients.small.max-outbound-message-size=16B",
				TestKeys.WRITER_HASH, TestKeys.WRITER_GRANTS })
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class RequestLimitsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final FeedServer upstream = FeedServer.start();

	@LocalServerPort
	private int port;

	@Autowired
	private WsClients clients;

	@DynamicPropertySource
	static void upstream(DynamicPropertyRegistry registry) {
		registry.add("wsclient.clients.echo.url", () -> upstream.uri("/record"));
		registry.add("wsclient.clients.small.url", () -> upstream.uri("/record"));
	}

	@AfterAll
	static void stopUpstream(@Autowired WsClients clients) {
		clients.names().forEach((name) -> clients.close(name).block(TIMEOUT));
		upstream.close();
	}

	@BeforeEach
	void upstreamIsOpen() {
		await().atMost(TIMEOUT).until(() -> this.clients.get("echo").state() == WsState.OPEN);
	}

	@Test
	void headersThatTrickleInAreCutOffAtTheHeaderDeadlineWhateverTheBytesKeepComing() {
		try (RawConnection connection = RawConnection.open(this.port)) {
			long start = System.nanoTime();
			connection.send("GET /api/clients HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
			// One more header byte every 100 ms, until the bridge hangs up.
			while (connection.send("a") && !connection.awaitEnd(Duration.ofMillis(100))
					&& elapsed(start).compareTo(TIMEOUT) < 0) {
				// Trickling.
			}
			assertThat(connection.awaitEnd(TIMEOUT)).isTrue();
			assertThat(elapsed(start)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(2));
			assertThat(connection.received()).isEmpty();
		}
	}

	@Test
	void manyHalfSentHeaderBlocksAreAllClosedAtTheDeadline() {
		List<RawConnection> connections = new ArrayList<>();
		try {
			long start = System.nanoTime();
			for (int i = 0; i < 200; i++) {
				RawConnection connection = RawConnection.open(this.port);
				connection.send("GET /api/clients HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: sent");
				connections.add(connection);
			}
			for (RawConnection connection : connections) {
				assertThat(connection.awaitEnd(TIMEOUT)).isTrue();
			}
			assertThat(elapsed(start)).isLessThan(Duration.ofSeconds(10));
		}
		finally {
			connections.forEach(RawConnection::close);
		}
	}

	@Test
	void aConnectionThatSendsNothingIsClosedAtTheIdleDeadlineAndSoIsOneBetweenRequests() {
		try (RawConnection silent = RawConnection.open(this.port); RawConnection kept = RawConnection.open(this.port)) {
			long start = System.nanoTime();
			kept.send("GET /api/clients HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
			assertThat(kept.awaitResponse(TIMEOUT)).startsWith("HTTP/1.1 200");
			long answered = System.nanoTime();
			assertThat(silent.awaitEnd(TIMEOUT)).isTrue();
			assertThat(elapsed(start)).isBetween(Duration.ofMillis(1900), Duration.ofSeconds(4));
			assertThat(kept.awaitEnd(TIMEOUT)).isTrue();
			assertThat(elapsed(answered)).isBetween(Duration.ofMillis(1900), Duration.ofSeconds(4));
		}
	}

	@Test
	void aBodyThatNeverEndsIsCutOffAtTheBodyDeadlineAndNothingIsSentUpstream() {
		try (RawConnection connection = RawConnection.open(this.port)) {
			long start = System.nanoTime();
			connection.send(post("echo", TestKeys.WRITER, "text/plain", 10) + "12345678");
			assertThat(connection.awaitEnd(TIMEOUT)).isTrue();
			assertThat(connection.received()).startsWith("HTTP/1.1 408");
			assertThat(elapsed(start)).isBetween(Duration.ofMillis(1900), Duration.ofSeconds(4));
			assertThat(upstream.received()).doesNotContain("12345678");
		}
	}

	@Test
	void slowBodiesHoldNoDirectMemoryAndBeyondTheBudgetAreRefusedAtOnce() {
		int bodySize = 1024 * 1024;
		byte[] allButOne = new byte[bodySize - 1];
		long directBefore = PlatformDependent.usedDirectMemory();
		List<RawConnection> connections = new ArrayList<>();
		try {
			for (int i = 0; i < 400; i++) {
				RawConnection connection = RawConnection.open(this.port);
				connections.add(connection);
				connection.send(post("echo", TestKeys.WRITER, "application/octet-stream", bodySize));
				connection.send(allButOne);
			}
			long directDuring = PlatformDependent.usedDirectMemory();
			// 400 MB arrived; the bridge holds at most its 4 MB budget, on the heap.
			assertThat(directDuring - directBefore).isLessThan(64L * 1024 * 1024);
			// Those whose bodies fit in the budget when they arrived wait for their last
			// byte until the body deadline; the others are refused as soon as they go
			// over.
			int busy = 0;
			for (RawConnection connection : connections) {
				assertThat(connection.awaitEnd(TIMEOUT)).isTrue();
				if (connection.received().startsWith("HTTP/1.1 503")) {
					busy++;
					assertThat(connection.received()).contains("Retry-After: 1")
						.contains("https://wsclient.dev/problems/busy");
				}
				else {
					assertThat(connection.received()).startsWith("HTTP/1.1 408")
						.contains("https://wsclient.dev/problems/request-timeout");
				}
			}
			assertThat(busy).isGreaterThan(300);
		}
		finally {
			connections.forEach(RawConnection::close);
		}
	}

	@Test
	void withoutCredentialsABodyIsRefusedBeforeItIsRead() {
		try (RawConnection connection = RawConnection.open(this.port)) {
			long start = System.nanoTime();
			connection.send("POST /clients/echo/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
					+ "Content-Length: 1048576\r\n\r\npartial");
			assertThat(connection.awaitResponse(TIMEOUT)).startsWith("HTTP/1.1 401");
			assertThat(connection.awaitEnd(TIMEOUT)).isTrue();
			assertThat(elapsed(start)).isLessThan(Duration.ofSeconds(1));
		}
	}

	@Test
	void aChunkedBodyOverTheLimitIsRefusedWith413AndEveryBufferReleasedOnce(CapturedOutput output) {
		try (RawConnection connection = RawConnection.open(this.port)) {
			connection.send("POST /clients/small/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: " + TestKeys.WRITER
					+ "\r\nContent-Type: application/octet-stream\r\n" + "Transfer-Encoding: chunked\r\n\r\n");
			for (int i = 0; i < 3; i++) {
				connection.send("a\r\n0123456789\r\n");
			}
			connection.send("0\r\n\r\n");
			String response = connection.awaitResponse(TIMEOUT);
			assertThat(response).startsWith("HTTP/1.1 413");
		}
		assertThat(output).doesNotContain("IllegalReferenceCountException").doesNotContain("refCnt: 0");
	}

	@Test
	void aWebSocketSubscriberOutlivesTheRequestBodyTimeout() {
		WsClient subscriber = WsClient
			.create(WsClientOptions.builder().header(TestKeys.HEADER, TestKeys.WRITER).build());
		try {
			subscriber.connect("ws://127.0.0.1:" + this.port + "/streams/echo").block(TIMEOUT);
			// The body deadline (2 s here) is for requests; an upgraded connection has
			// none.
			await().during(Duration.ofSeconds(3)).atMost(TIMEOUT).until(() -> subscriber.state() == WsState.OPEN);
		}
		finally {
			subscriber.close().block(TIMEOUT);
		}
	}

	@Test
	void attackersLeaveNoWarningPerConnectionInTheLog(CapturedOutput output) {
		try (RawConnection connection = RawConnection.open(this.port)) {
			connection.send("GET /api/clients HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: sent");
			assertThat(connection.awaitEnd(TIMEOUT)).isTrue();
		}
		try (RawConnection connection = RawConnection.open(this.port)) {
			connection.send(post("echo", TestKeys.WRITER, "text/plain", 10) + "1234");
			assertThat(connection.awaitEnd(TIMEOUT)).isTrue();
		}
		// Neither the half-sent request nor the body cut off at its deadline is worth a
		// warning or an error: each would let an attacker fill the log. (DEBUG lines,
		// off by default, may tell of them.)
		String aboveDebug = output.getAll()
			.lines()
			.filter((line) -> !line.matches("\\S+ DEBUG .*"))
			.collect(Collectors.joining("\n"));
		assertThat(aboveDebug).doesNotContain("Decoding failed")
			.doesNotContain("PrematureChannelClosureException")
			.doesNotContain("RequestTimeoutException")
			.doesNotContain("500 Server Error")
			.doesNotContain("Error was received while reading");
	}

	private static String post(String client, String key, String contentType, int contentLength) {
		return "POST /clients/" + client + "/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: " + key
				+ "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + contentLength + "\r\n\r\n";
	}

	private static Duration elapsed(long start) {
		return Duration.ofNanos(System.nanoTime() - start);
	}

}
