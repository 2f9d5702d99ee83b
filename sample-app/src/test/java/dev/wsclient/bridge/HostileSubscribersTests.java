package dev.wsclient.bridge;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import dev.wsclient.bridge.support.FeedServer;
import dev.wsclient.bridge.support.ForkedBridge;
import dev.wsclient.bridge.support.SseSubscriber;
import dev.wsclient.bridge.support.StalledSubscriber;
import dev.wsclient.bridge.support.TestKeys;
import dev.wsclient.test.server.raw.Frame;
import org.junit.jupiter.api.Test;

import org.springframework.http.codec.ServerSentEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Subscribers that misbehave against a bridge in a JVM of its own, with small memory
 * limits and {@code -XX:+ExitOnOutOfMemoryError}, as the Helm chart runs it: the bridge
 * stays up, its upstream is never affected, a healthy subscriber gets every message, and
 * the misbehaving connections are dropped. Netty's paranoid leak detection is on, and the
 * bridge's log must report no leak.
 */
class HostileSubscribersTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final List<String> PROPERTIES = List.of("bridge.demo.enabled=false",
			"bridge.security.anonymous-read=feed", TestKeys.MONITOR_HASH, TestKeys.MONITOR_GRANTS,
			"logging.level.dev.wsclient=INFO");

	/** 64 KiB messages, 20 per second, for 30 seconds. */
	private static final int MESSAGES = 600;

	private static final int MESSAGE_SIZE = 64 * 1024;

	private static final int RATE = 20;

	@Test
	void sixtyNeverReadingSubscribersAreDroppedWhileTheUpstreamAndAHealthySubscriberGetEverything() throws Exception {
		try (FeedServer feed = FeedServer.start();
				ForkedBridge bridge = ForkedBridge.start(
						List.of("-Xmx128m", "-XX:MaxDirectMemorySize=64m", "-XX:+ExitOnOutOfMemoryError",
								"-Dio.netty.leakDetection.level=paranoid"),
						with(PROPERTIES, "wsclient.clients.feed.url=" + feed.uri(
								"/paced?n=" + MESSAGES + "&size=" + MESSAGE_SIZE + "&rate=" + RATE + "&gated=true")))) {
			await().atMost(TIMEOUT).until(() -> bridge.get("/actuator/health/readiness").statusCode() == 200);
			List<StalledSubscriber> neverReading = new ArrayList<>();
			try (SseSubscriber healthy = SseSubscriber.subscribe(bridge.port(), "feed")) {
				for (int i = 0; i < 30; i++) {
					neverReading.add(StalledSubscriber.serverSentEvents(bridge.port(), "feed"));
					neverReading.add(StalledSubscriber.webSocket(bridge.port(), "feed"));
				}
				await().atMost(TIMEOUT).until(() -> subscribers(bridge) == 61);

				feed.openGate();
				List<String> upstream = new ArrayList<>();
				await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
					upstream.add(bridge.get("/api/clients").body());
					return healthy.texts().size() == MESSAGES;
				});

				assertThat(upstream).allSatisfy((client) -> assertThat(client).contains("\"state\":\"OPEN\"")
					.contains("\"lastClose\":null")
					.contains("\"reconnectAttempts\":0"));
				assertThat(healthy.texts()).containsExactlyElementsOf(
						IntStream.range(0, MESSAGES).mapToObj((i) -> FeedServer.padded(i, MESSAGE_SIZE)).toList());
				List<ServerSentEvent<String>> events = healthy.events();
				for (int i = 0; i < events.size(); i++) {
					assertThat(SseSubscriber.sequence(events.get(i))).isEqualTo(i + 1);
				}
				assertThat(healthy.hasEnded()).isFalse();

				// Dropped by the bridge: counted, and their connections really closed.
				await().atMost(TIMEOUT).untilAsserted(() -> {
					String metrics = prometheus(bridge);
					assertThat(sum(metrics,
							"wsclient_bridge_subscribers_disconnected_total\\{[^}]*reason=\"slow\"[^}]*\\}"))
						.isEqualTo(60);
					assertThat(subscribers(bridge)).isOne();
					assertThat(sum(metrics, "wsclient_bridge_connections")).isLessThanOrEqualTo(3);
				});
				for (StalledSubscriber subscriber : neverReading) {
					assertClosedByTheBridge(subscriber);
				}
				String metrics = prometheus(bridge);
				assertThat(sum(metrics, "wsclient_bridge_memory_used_bytes"))
					.isLessThanOrEqualTo(sum(metrics, "wsclient_bridge_memory_budget_bytes"));
			}
			finally {
				for (StalledSubscriber subscriber : neverReading) {
					subscriber.close();
				}
			}
			assertThat(bridge.isAlive()).isTrue();
			assertThat(bridge.log()).doesNotContain("OutOfDirectMemoryError")
				.doesNotContain("OutOfMemoryError")
				.doesNotContain("-999")
				.doesNotContain("LEAK:");
		}
	}

	@Test
	void pingsFromSubscribersThatDoNotReadNeitherFillTheHeapNorStopTheBridge() throws Exception {
		try (FeedServer feed = FeedServer.start();
				ForkedBridge bridge = ForkedBridge.start(
						List.of("-Xmx96m", "-XX:+ExitOnOutOfMemoryError", "-Dio.netty.leakDetection.level=paranoid"),
						with(PROPERTIES, "wsclient.clients.feed.url=" + feed.uri("/record")))) {
			List<PingFlood> floods = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				floods.add(new PingFlood(bridge.port()));
			}
			// 20 seconds of flood, the bridge's liveness probed once a second meanwhile.
			long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			long nextProbe = System.nanoTime();
			List<Integer> liveness = new ArrayList<>();
			while (System.nanoTime() < end) {
				for (PingFlood flood : floods) {
					flood.sendBurst();
				}
				if (System.nanoTime() >= nextProbe) {
					liveness.add(bridge.get("/actuator/health/liveness").statusCode());
					nextProbe += Duration.ofSeconds(1).toNanos();
				}
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
			}
			assertThat(bridge.isAlive()).isTrue();
			assertThat(liveness).hasSizeGreaterThan(10).containsOnly(200);
			// The bridge stopped reading them once their pongs could not be written: what
			// they managed to send is what the sockets' buffers hold, not 20 seconds of
			// pings (more than 20 MB each).
			for (PingFlood flood : floods) {
				assertThat(flood.bytesSent).isLessThan(16L * 1024 * 1024);
				flood.close();
			}
			assertThat(bridge.isAlive()).isTrue();
			assertThat(bridge.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
			assertThat(bridge.log()).doesNotContain("OutOfMemoryError").doesNotContain("LEAK:");
		}
	}

	private static void assertClosedByTheBridge(StalledSubscriber subscriber) {
		try {
			subscriber.readToEnd();
		}
		catch (IOException ex) {
			// Reset rather than closed: dropped at once, its unread bytes discarded.
			assertThat(ex).hasMessageContaining("Connection reset");
		}
	}

	private static int subscribers(ForkedBridge bridge) {
		return (int) sum(prometheus(bridge), "wsclient_bridge_subscribers\\{[^}]*client=\"feed\"[^}]*\\}");
	}

	private static String prometheus(ForkedBridge bridge) {
		HttpResponse<String> response = bridge.get("/actuator/prometheus", TestKeys.HEADER, TestKeys.MONITOR);
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private static double sum(String metrics, String series) {
		Matcher matcher = Pattern.compile("^" + series + " ([0-9.E+-]+)$", Pattern.MULTILINE).matcher(metrics);
		double sum = 0;
		boolean found = false;
		while (matcher.find()) {
			sum += Double.parseDouble(matcher.group(1));
			found = true;
		}
		assertThat(found).as("%s in the metrics", series).isTrue();
		return sum;
	}

	private static List<String> with(List<String> properties, String more) {
		List<String> all = new ArrayList<>(properties);
		all.add(more);
		return all;
	}

	/**
	 * A WebSocket subscriber that never reads and sends 100 pings of 125 bytes every 10
	 * ms, as long as the bridge takes them.
	 */
	private static final class PingFlood implements AutoCloseable {

		private static final byte[] BURST = burst();

		private final SocketChannel channel;

		private long bytesSent;

		PingFlood(int port) throws IOException {
			this.channel = SocketChannel.open();
			this.channel.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
			this.channel.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			byte[] nonce = new byte[16];
			ThreadLocalRandom.current().nextBytes(nonce);
			String handshake = "GET /streams/feed HTTP/1.1\r\nHost: 127.0.0.1:" + port
					+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
					+ "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n\r\n";
			ByteBuffer request = ByteBuffer.wrap(handshake.getBytes(StandardCharsets.US_ASCII));
			while (request.hasRemaining()) {
				this.channel.write(request);
			}
			// The handshake response is read, as a client must before it sends frames;
			// nothing after it ever is.
			String response = readHead();
			assertThat(response).startsWith("HTTP/1.1 101");
			this.channel.configureBlocking(false);
		}

		private String readHead() throws IOException {
			StringBuilder head = new StringBuilder();
			ByteBuffer oneByte = ByteBuffer.allocate(1);
			while (head.indexOf("\r\n\r\n") < 0) {
				oneByte.clear();
				if (this.channel.read(oneByte) < 0) {
					throw new IOException("Closed during the handshake: " + head);
				}
				head.append((char) oneByte.get(0));
			}
			return head.toString();
		}

		void sendBurst() throws IOException {
			this.bytesSent += this.channel.write(ByteBuffer.wrap(BURST));
		}

		@Override
		public void close() throws IOException {
			this.channel.close();
		}

		private static byte[] burst() {
			byte[] ping = Frame.ping(new byte[125]).toBuilder().mask(new byte[] { 1, 2, 3, 4 }).build().encode();
			ByteBuffer burst = ByteBuffer.allocate(ping.length * 100);
			for (int i = 0; i < 100; i++) {
				burst.put(ping);
			}
			return burst.array();
		}

	}

}
