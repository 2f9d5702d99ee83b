package dev.wsclient.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsCloseStatus;
import dev.wsclient.core.WsState;
import dev.wsclient.core.WsStatusCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ClientStateLog}: one line per change of state naming the client, and
 * failures warned about at most once a minute per client, with a count, on an injected
 * clock.
 */
class ClientStateLogTests {

	private static final WsCloseStatus REFUSED = WsCloseStatus.of(WsStatusCode.CONNECTION_REFUSED, null,
			"connection refused: /127.0.0.1:1");

	private final AtomicLong nanos = new AtomicLong();

	private final AtomicReference<WsState> state = new AtomicReference<>(WsState.RECONNECTING);

	private final WsClient client = (WsClient) Proxy.newProxyInstance(getClass().getClassLoader(),
			new Class<?>[] { WsClient.class }, (proxy, method, args) -> {
				if (method.getName().equals("state")) {
					return this.state.get();
				}
				throw new UnsupportedOperationException(method.getName());
			});

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private final Logger logger = (Logger) LoggerFactory.getLogger(ClientStateLog.LOGGER_PREFIX + "prices");

	private final ClientStateLog log = new ClientStateLog("prices", this.nanos::get);

	ClientStateLogTests() {
		this.appender.start();
		this.logger.addAppender(this.appender);
		this.logger.setLevel(Level.DEBUG);
	}

	@AfterEach
	void detach() {
		this.logger.detachAppender(this.appender);
		this.logger.setLevel(null);
	}

	@Test
	void aConnectionIsLoggedWithTheRedactedUrlAndTheSubprotocol() {
		this.log.connectStarted(this.client, "wss://feed.example.com/v1?token=***");
		this.log.connected(this.client, "v1.json");
		assertThat(lines(Level.INFO)).containsExactly(
				"WebSocket client 'prices' connected to wss://feed.example.com/v1?token=*** with subprotocol v1.json");
		assertThat(lines(Level.DEBUG))
			.containsExactly("WebSocket client 'prices' connecting to wss://feed.example.com/v1?token=***");
	}

	@Test
	void theConfiguredRedactionHidesMoreOfTheUrl() {
		ClientStateLog configured = new ClientStateLog("prices", this.nanos::get,
				new WsClientRedaction(List.of("jwt"), false, List.of()));
		configured.connectStarted(this.client, "wss://feed.example.com/v1?token=***&jwt=jwt-s3cret&channel=btc");
		configured.connected(this.client, null);
		assertThat(lines(Level.INFO)).containsExactly("WebSocket client 'prices' connected to "
				+ "wss://feed.example.com/v1?token=***&jwt=***&channel=btc without subprotocol");
		assertThat(lines(Level.DEBUG)).singleElement().asString().doesNotContain("jwt-s3cret");
	}

	@Test
	void repeatedFailuresAreWarnedAboutOnceAMinuteWithACount() {
		for (int second = 0; second <= 60; second++) {
			this.nanos.set(TimeUnit.SECONDS.toNanos(second));
			fail(second + 1);
		}
		assertThat(lines(Level.WARN)).containsExactly(
				"WebSocket client 'prices' could not connect to ws://127.0.0.1:1/: -111 CONNECTION_REFUSED, reason 'connection refused: /127.0.0.1:1'",
				"WebSocket client 'prices' could not connect to ws://127.0.0.1:1/: -111 CONNECTION_REFUSED, reason 'connection refused: /127.0.0.1:1' (59 more failures since the previous warning not logged)");
		assertThat(lines(Level.INFO)).containsExactly("WebSocket client 'prices' reconnecting: attempt 1 in 1000 ms",
				"WebSocket client 'prices' reconnecting: attempt 61 in 1000 ms");
		assertThat(lines(Level.DEBUG)).hasSize(61 + 59 * 2)
			.allMatch((line) -> line.startsWith("WebSocket client 'prices' "));
		this.log.connectStarted(this.client, "ws://127.0.0.1:1/");
		this.log.connected(this.client, null);
		assertThat(lines(Level.INFO)).last()
			.isEqualTo(
					"WebSocket client 'prices' connected to ws://127.0.0.1:1/ without subprotocol after 61 failed attempts");
	}

	@Test
	void afterAConnectionTheNextFailureIsWarnedAboutAtOnce() {
		fail(1);
		this.log.connectStarted(this.client, "ws://127.0.0.1:1/");
		this.log.connected(this.client, null);
		this.nanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
		this.log.closed(this.client, WsCloseStatus.of(WsStatusCode.SERVER_CLOSED, 1001, "going away"));
		assertThat(lines(Level.WARN)).hasSize(2)
			.last()
			.isEqualTo(
					"WebSocket client 'prices' lost its connection to ws://127.0.0.1:1/: -6 SERVER_CLOSED, close code 1001, reason 'going away'");
	}

	@Test
	void givingUpIsAlwaysWarnedAbout() {
		fail(1);
		this.state.set(WsState.CLOSED);
		this.log.connectStarted(this.client, "ws://127.0.0.1:1/");
		this.log.connectFailed(this.client, REFUSED);
		this.log.closed(this.client, REFUSED);
		assertThat(lines(Level.WARN)).hasSize(2)
			.last()
			.isEqualTo(
					"WebSocket client 'prices' could not connect to ws://127.0.0.1:1/: -111 CONNECTION_REFUSED, reason 'connection refused: /127.0.0.1:1'; it gave up after 2 failures in a row and stays closed until it is connected again");
	}

	@Test
	void aNormalCloseIsLoggedAtInfo() {
		this.state.set(WsState.CLOSED);
		this.log.connectStarted(this.client, "ws://127.0.0.1:1/");
		this.log.connected(this.client, null);
		this.log.closed(this.client, WsCloseStatus.NORMAL);
		assertThat(lines(Level.INFO)).last().isEqualTo("WebSocket client 'prices' closed: 0 NORMAL, close code 1000");
		assertThat(lines(Level.WARN)).isEmpty();
	}

	@Test
	void aConfiguredClientThatCannotConnectIsWarnedAboutByName() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WsClientAutoConfiguration.class, SslAutoConfiguration.class))
			.withPropertyValues("wsclient.clients.prices.url=ws://127.0.0.1:" + unusedPort() + "/feed?token=s3cret",
					"wsclient.clients.prices.reconnect.enabled=false")
			.run((context) -> await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(lines(Level.WARN)).singleElement()
					.asString()
					.startsWith("WebSocket client 'prices' could not connect to ws://127.0.0.1:")
					.contains("/feed?token=***: -111 CONNECTION_REFUSED", "it gave up after 1 failure")
					.doesNotContain("s3cret")));
	}

	private void fail(long attempt) {
		this.log.connectStarted(this.client, "ws://127.0.0.1:1/");
		this.log.connectFailed(this.client, REFUSED);
		this.log.closed(this.client, REFUSED);
		this.log.reconnecting(this.client, attempt, Duration.ofSeconds(1));
	}

	private List<String> lines(Level level) {
		return this.appender.list.stream()
			.filter((event) -> event.getLevel() == level)
			.map(ILoggingEvent::getFormattedMessage)
			.toList();
	}

	private static int unusedPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
