package dev.wsclient.core;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;

import dev.wsclient.test.server.raw.ScriptedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.wsclient.core.ScriptedExchange.TIMEOUT;
import static dev.wsclient.core.ScriptedExchange.soon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Bad input from the user is refused at once with an error that names the argument, and
 * before a single byte goes to the server: a scripted server listening all along sees no
 * connection.
 */
class UserInputTests {

	private final List<WsClient> clients = new CopyOnWriteArrayList<>();

	// JUnit creates an instance per test: one server per test.
	private final ScriptedServer server = ScriptedServer.start((connection) -> {
		throw new AssertionError("no connection was expected");
	});

	@AfterEach
	void nothingReachedTheServer() {
		try {
			for (WsClient client : this.clients) {
				client.close().block(TIMEOUT);
			}
			assertThat(this.server.acceptedConnections()).as("connections the server accepted").isZero();
		}
		finally {
			this.server.close();
		}
	}

	@Test
	@SuppressWarnings("NullAway")
	void nullUrlIsRefusedNamingTheArgument() {
		WsClient client = client(WsClientOptions.defaults());
		assertThatNullPointerException().isThrownBy(() -> client.connect((String) null)).withMessageContaining("url");
		assertThatNullPointerException().isThrownBy(() -> client.connect((URI) null)).withMessageContaining("url");
		assertThat(client.state()).isEqualTo(WsState.CLOSED);
	}

	@ParameterizedTest(name = "\"{0}\"")
	@ValueSource(strings = { "", " ", "\t\n" })
	void blankUrlIsRefusedWithMinusOne(String url) {
		WsClient client = client(WsClientOptions.defaults());
		assertThatExceptionOfType(WsConnectException.class).isThrownBy(() -> client.connect(url).block(TIMEOUT))
			.satisfies((ex) -> {
				assertThat(ex.status().code()).isEqualTo(-1);
				assertThat(ex.getMessage()).contains("url must not be blank");
			});
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "http", "https", "ftp", "tcp", "wss+unix", "file" })
	void unsupportedSchemeIsRefusedWithMinusOneNamingTheScheme(String scheme) {
		WsClient client = client(WsClientOptions.defaults());
		List<WsCloseStatus> closes = closes(client);
		String url = scheme + "://127.0.0.1:" + this.server.port() + "/";
		assertThatExceptionOfType(WsConnectException.class).isThrownBy(() -> client.connect(url).block(TIMEOUT))
			.satisfies((ex) -> {
				assertThat(ex.status().code()).isEqualTo(-1);
				assertThat(ex.getMessage()).contains("url").contains("'" + scheme + "'").contains("ws or wss");
			});
		assertThat(closes).singleElement().satisfies((status) -> assertThat(status.code()).isEqualTo(-1));
		assertThat(client.stats().connectAttempts()).isZero();
	}

	@Test
	void checkUrlGivesTheStatusConnectWouldEndWithWithoutConnecting() {
		String port = ":" + this.server.port();
		assertThat(WsClient.checkUrl(URI.create("ws://127.0.0.1" + port + "/feed"), WsRedaction.defaults())).isNull();
		assertThat(checkedUrl("http://127.0.0.1" + port + "/?token=s3cret")).satisfies((status) -> {
			assertThat(status.code()).isEqualTo(-1);
			assertThat(status.reason()).contains("'http'").doesNotContain("s3cret");
		});
		assertThat(checkedUrl("ws://" + "h".repeat(256) + port + "/").code()).isEqualTo(-2);
		assertThat(checkedUrl("ws://127.0.0.1:70000/").code()).isEqualTo(-3);
		assertThat(checkedUrl("ws:///feed").code()).isEqualTo(-4);
	}

	private static WsCloseStatus checkedUrl(String url) {
		WsCloseStatus status = WsClient.checkUrl(URI.create(url), WsRedaction.defaults());
		assertThat(status).as("the status of %s", url).isNotNull();
		return Objects.requireNonNull(status);
	}

	@Test
	void textThatIsNotAUriIsRefusedWithMinusOne() {
		WsClient client = client(WsClientOptions.defaults());
		assertThatExceptionOfType(WsConnectException.class)
			.isThrownBy(
					() -> client.connect("ws://127.0.0.1:" + this.server.port() + "/a path with spaces").block(TIMEOUT))
			.satisfies((ex) -> {
				assertThat(ex.status().code()).isEqualTo(-1);
				assertThat(ex.getMessage()).contains("url is not a valid URI");
			});
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "X-Bad\r\nInjected: yes", "X-Bad\nName", "X-Bad\rName", "X Bad", "X-Bad:", "X-Bäd", "",
			"X-Bad\u0000" })
	void headerNameThatIsNotAnHttpTokenIsRefused(String name) {
		assertThatIllegalArgumentException().isThrownBy(() -> WsClientOptions.builder().header(name, "value"))
			.withMessageContaining("header name");
	}

	@ParameterizedTest(name = "{index}")
	@ValueSource(strings = { "secret\r\nInjected: yes", "secret\nx", "secret\rx", "secret\u0000", "secret\u007f",
			"secret\u2028" })
	void headerValueWithCrLfOrControlCharactersIsRefusedNamingTheHeaderButNotTheValue(String value) {
		assertThatIllegalArgumentException().isThrownBy(() -> WsClientOptions.builder().header("X-Token", value))
			.withMessageContaining("header 'X-Token'")
			.withMessageNotContaining("secret");
	}

	@Test
	void headerFromTheSupplierWithCrLfFailsTheAttemptWithMinus205BeforeConnecting() {
		WsClient client = client(
				WsClientOptions.builder().headersSupplier(() -> Map.of("X-Token", "secret\r\nInjected: yes")).build());
		List<WsCloseStatus> closes = closes(client);
		assertThatExceptionOfType(WsConnectException.class)
			.isThrownBy(() -> client.connect("ws://127.0.0.1:" + this.server.port() + "/").block(TIMEOUT))
			.satisfies((ex) -> {
				assertThat(ex.status().code()).isEqualTo(-205);
				assertThat(ex.getMessage()).contains("X-Token").doesNotContain("secret");
			});
		soon().until(() -> !closes.isEmpty());
		assertThat(closes).singleElement().satisfies((status) -> assertThat(status.code()).isEqualTo(-205));
	}

	@ParameterizedTest(name = "{0}({1})")
	@MethodSource("absurdDurations")
	void zeroNegativeOrMissingTimeoutIsRefusedNamingTheArgument(String argument, String value,
			Consumer<WsClientOptions.Builder> setter) {
		assertThatIllegalArgumentException().isThrownBy(() -> setter.accept(WsClientOptions.builder()))
			.withMessageStartingWith(argument + " must");
	}

	@SuppressWarnings("NullAway")
	static Stream<Arguments> absurdDurations() {
		return Stream.of(
				Arguments.of("connectTimeout", "0",
						(Consumer<WsClientOptions.Builder>) (b) -> b.connectTimeout(Duration.ZERO)),
				Arguments.of("connectTimeout", "-1s",
						(Consumer<WsClientOptions.Builder>) (b) -> b.connectTimeout(Duration.ofSeconds(-1))),
				Arguments.of("connectTimeout", "null",
						(Consumer<WsClientOptions.Builder>) (b) -> b.connectTimeout(null)),
				Arguments.of("pingInterval", "0",
						(Consumer<WsClientOptions.Builder>) (b) -> b.pingInterval(Duration.ZERO)),
				Arguments.of("pingInterval", "-1ms",
						(Consumer<WsClientOptions.Builder>) (b) -> b.pingInterval(Duration.ofMillis(-1))),
				Arguments.of("closeTimeout", "0",
						(Consumer<WsClientOptions.Builder>) (b) -> b.closeTimeout(Duration.ZERO)),
				Arguments.of("closeTimeout", "-5s",
						(Consumer<WsClientOptions.Builder>) (b) -> b.closeTimeout(Duration.ofSeconds(-5))),
				Arguments.of("maxMissedPings", "0", (Consumer<WsClientOptions.Builder>) (b) -> b.maxMissedPings(0)),
				Arguments.of("maxMessageSize", "-1", (Consumer<WsClientOptions.Builder>) (b) -> b.maxMessageSize(-1)),
				Arguments.of("sendBufferLimit", "0", (Consumer<WsClientOptions.Builder>) (b) -> b.sendBufferLimit(0)),
				Arguments.of("receiveBufferSize", "0",
						(Consumer<WsClientOptions.Builder>) (b) -> b.receiveBufferSize(0)),
				Arguments.of("initialDelay", "0",
						(Consumer<WsClientOptions.Builder>) (b) -> b.reconnect(
								ReconnectPolicy.exponentialBackoff().withDelays(Duration.ZERO, Duration.ofSeconds(1)))),
				Arguments.of("maxDelay", "-1s",
						(Consumer<WsClientOptions.Builder>) (b) -> b.reconnect(ReconnectPolicy.exponentialBackoff()
							.withDelays(Duration.ofSeconds(1), Duration.ofSeconds(-1)))),
				Arguments.of("resetAfter", "0", (Consumer<WsClientOptions.Builder>) (b) -> b
					.reconnect(ReconnectPolicy.exponentialBackoff().withResetAfter(Duration.ZERO))));
	}

	@Test
	void textPayloadThatIsNotUtf8IsRefusedBeforeAnythingIsSent() {
		WsClient client = client(WsClientOptions.defaults());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> client.send(new byte[] { (byte) 0xC3, 0x28 }, WsOpcode.TEXT))
			.withMessageContaining("payload is not valid UTF-8");
	}

	@ParameterizedTest(name = "close code {0}")
	@ValueSource(ints = { 0, 999, 1004, 1005, 1006, 1015, 2000, 5000 })
	void closeCodeAClientMayNotSendIsRefusedNamingTheCode(int code) {
		WsClient client = client(WsClientOptions.defaults());
		assertThatIllegalArgumentException().isThrownBy(() -> client.close(code, ""))
			.withMessageContaining("close code " + code);
	}

	@Test
	void closeReasonLongerThan123BytesIsRefused() {
		WsClient client = client(WsClientOptions.defaults());
		assertThatIllegalArgumentException().isThrownBy(() -> client.close(1000, "é".repeat(62)))
			.withMessageContaining("reason is 124 bytes");
	}

	private WsClient client(WsClientOptions options) {
		WsClient client = WsClient.create(options);
		this.clients.add(client);
		return client;
	}

	private static List<WsCloseStatus> closes(WsClient client) {
		List<WsCloseStatus> closes = new CopyOnWriteArrayList<>();
		client.onClose((ws, status) -> closes.add(status));
		return closes;
	}

}
