package dev.wsclient.core;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import dev.wsclient.core.TestResources.EventRecorder;
import dev.wsclient.core.testsupport.RoutesServer;
import dev.wsclient.test.server.raw.ScriptedServer;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.wsclient.core.TestResources.TIMEOUT;
import static dev.wsclient.core.TestResources.millis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Every option is checked when it is set, with a message that names it and never shows a
 * header's value; headers supplied per attempt are checked before anything is sent; URLs
 * are shown without their secrets.
 */
class OptionsTests {

	private static final String SECRET = "s3cr3t-value";

	@RegisterExtension
	final TestResources resources = new TestResources();

	@Test
	void defaultsAreTheSeedsNumbers() {
		WsClientOptions defaults = WsClientOptions.defaults();
		assertThat(defaults.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(defaults.pingInterval()).isEqualTo(Duration.ofSeconds(30));
		assertThat(defaults.maxMissedPings()).isEqualTo(2);
		assertThat(defaults.closeTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(defaults.reconnect().enabled()).isFalse();
		assertThat(defaults.compression()).isFalse();
		assertThat(defaults.headers()).isEmpty();
		assertThat(defaults.headersSupplier()).isNull();
		assertThat(defaults.sslContext()).isNull();
	}

	@ParameterizedTest
	@MethodSource("invalidBuilderArguments")
	void builderRejectsAnInvalidArgumentNamingIt(String argument, Consumer<WsClientOptions.Builder> setter) {
		WsClientOptions.Builder builder = WsClientOptions.builder();
		assertThatIllegalArgumentException().isThrownBy(() -> setter.accept(builder)).withMessageContaining(argument);
		assertThat(builder.build()).usingRecursiveComparison().isEqualTo(WsClientOptions.defaults());
	}

	@SuppressWarnings("NullAway")
	static Stream<Arguments> invalidBuilderArguments() {
		return Stream.of(invalid("connectTimeout", (builder) -> builder.connectTimeout(null)),
				invalid("connectTimeout", (builder) -> builder.connectTimeout(Duration.ZERO)),
				invalid("connectTimeout", (builder) -> builder.connectTimeout(millis(-1))),
				invalid("pingInterval", (builder) -> builder.pingInterval(null)),
				invalid("pingInterval", (builder) -> builder.pingInterval(Duration.ZERO)),
				invalid("pingInterval", (builder) -> builder.pingInterval(millis(-5))),
				invalid("closeTimeout", (builder) -> builder.closeTimeout(null)),
				invalid("closeTimeout", (builder) -> builder.closeTimeout(Duration.ZERO)),
				invalid("closeTimeout", (builder) -> builder.closeTimeout(Duration.ofSeconds(-1))),
				invalid("maxMissedPings", (builder) -> builder.maxMissedPings(0)),
				invalid("maxMissedPings", (builder) -> builder.maxMissedPings(-1)),
				invalid("maxMessageSize", (builder) -> builder.maxMessageSize(0)),
				invalid("maxMessageSize", (builder) -> builder.maxMessageSize(-1)),
				invalid("maxOutboundMessageSize", (builder) -> builder.maxOutboundMessageSize(0)),
				invalid("sendBufferLimit", (builder) -> builder.sendBufferLimit(0)),
				invalid("sendBufferLimit", (builder) -> builder.sendBufferLimit(-1)),
				invalid("receiveBufferSize", (builder) -> builder.receiveBufferSize(0)),
				invalid("reconnect", (builder) -> builder.reconnect(null)),
				invalid("headers", (builder) -> builder.headers(null)),
				invalid("subprotocols", (builder) -> builder.subprotocols((List<String>) null)),
				invalid("subprotocols", (builder) -> builder.subprotocols((String[]) null)),
				invalid("subprotocol", (builder) -> builder.subprotocols("v1", null)),
				invalid("subprotocol", (builder) -> builder.subprotocols(Arrays.asList("v1", null))),
				invalid("subprotocol", (builder) -> builder.subprotocols("")),
				invalid("subprotocol 'v 1'", (builder) -> builder.subprotocols("v 1")),
				invalid("subprotocol 'v1,v2'", (builder) -> builder.subprotocols("v1,v2")),
				invalid("subprotocol 'v1;q=1'", (builder) -> builder.subprotocols("v1;q=1")),
				invalid("subprotocol 'v\\x0a1'", (builder) -> builder.subprotocols("v\n1")),
				invalid("subprotocol 'wörd'", (builder) -> builder.subprotocols("wörd")),
				invalid("onConnectMessages", (builder) -> builder.onConnectMessages(null)),
				invalid("onConnectMessages[1]",
						(builder) -> builder.onConnectMessages(Arrays.asList(WsMessage.text("a"), null))),
				invalid("header name", (builder) -> builder.header(null, "v")),
				invalid("header name", (builder) -> builder.header("", "v")),
				invalid("header 'X-Empty'", (builder) -> builder.header("X-Empty", null)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "Host", "upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version",
			"Sec-WebSocket-Accept", "Sec-WebSocket-Extensions", "sec-websocket-protocol", "Content-Length",
			"Transfer-Encoding" })
	void handshakeHeadersCannotBeConfigured(String name) {
		assertThatIllegalArgumentException().isThrownBy(() -> WsClientOptions.builder().header(name, SECRET))
			.withMessageContaining("header '" + name + "'")
			.withMessageContaining("handshake")
			.withMessageNotContaining(SECRET);
	}

	@ParameterizedTest
	@MethodSource("illegalHeaderNames")
	void headerNamesMustBeHttpTokens(String name, String shownAs) {
		assertThatIllegalArgumentException().isThrownBy(() -> WsClientOptions.builder().header(name, SECRET))
			.withMessageContaining("header name '" + shownAs + "'")
			.withMessageNotContaining(SECRET);
	}

	static Stream<Arguments> illegalHeaderNames() {
		return Stream.of(Arguments.of("Bad Name", "Bad Name"), Arguments.of("X:Y", "X:Y"),
				Arguments.of("X-Token\r\nX-Evil", "X-Token\\x0d\\x0aX-Evil"), Arguments.of("(comment)", "(comment)"),
				Arguments.of("Grüße", "Grüße"), Arguments.of("a/b", "a/b"));
	}

	@ParameterizedTest
	@MethodSource("illegalHeaderValues")
	void headerValuesWithControlCharactersAreRejectedWithoutShowingTheValue(String value) {
		assertThatIllegalArgumentException().isThrownBy(() -> WsClientOptions.builder().header("Authorization", value))
			.withMessageContaining("header 'Authorization'")
			.withMessageNotContaining(SECRET);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> WsClientOptions.builder().headers(Map.of("Authorization", value)))
			.withMessageNotContaining(SECRET);
	}

	static Stream<Named<String>> illegalHeaderValues() {
		return Stream.of(Named.of("CR LF", SECRET + "\r\nX-Injected: 1"), Named.of("LF", SECRET + "\nX: 1"),
				Named.of("CR", SECRET + "\r"), Named.of("NUL", SECRET + "\0"), Named.of("DEL", SECRET + "\u007f"),
				Named.of("beyond Latin-1", SECRET + "\u20ac"), Named.of("other control", "\u0001" + SECRET));
	}

	@Test
	void headerValuesMayHoldTabsAndLatin1Text() {
		WsClientOptions options = WsClientOptions.builder()
			.header("X-Tab", "a\tb")
			.header("X-Latin1", "Grüße")
			.header("X-Repeated", "1")
			.header("X-Repeated", "2")
			.build();
		assertThat(options.headers()).containsEntry("X-Tab", List.of("a\tb"))
			.containsEntry("X-Latin1", List.of("Grüße"))
			.containsEntry("X-Repeated", List.of("1", "2"));
	}

	@Test
	void headersWithOneBadEntryLeaveTheBuilderAsItWas() {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("X-Good", "1");
		headers.put("X-Bad", "line\nbreak");
		WsClientOptions.Builder builder = WsClientOptions.builder().header("X-Before", "kept");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.headers(headers)).withMessageContaining("X-Bad");
		assertThat(builder.build().headers()).containsOnlyKeys("X-Before");
	}

	@Test
	void builtOptionsAreImmutable() {
		WsClientOptions.Builder builder = WsClientOptions.builder().header("X-A", "1").subprotocols("v1");
		WsClientOptions options = builder.build();
		builder.header("X-B", "2").subprotocols("v2");
		assertThat(options.headers()).containsOnlyKeys("X-A");
		assertThat(options.subprotocols()).containsExactly("v1");
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> options.headers().getOrDefault("X-A", List.of()).add("3"));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> options.headers().put("X-D", List.of("4")));
		assertThat(options.mutate().header("X-C", "3").build().headers()).containsOnlyKeys("X-A", "X-C");
	}

	@ParameterizedTest
	@MethodSource("invalidPolicies")
	void reconnectPolicyRejectsAnInvalidArgumentNamingIt(String argument, Supplier<ReconnectPolicy> policy) {
		assertThatIllegalArgumentException().isThrownBy(policy::get).withMessageContaining(argument);
	}

	@SuppressWarnings("NullAway")
	static Stream<Arguments> invalidPolicies() {
		ReconnectPolicy policy = ReconnectPolicy.exponentialBackoff();
		Duration second = Duration.ofSeconds(1);
		return Stream.of(policy("initialDelay", () -> new ReconnectPolicy(true, null, second, 0.5, 3, second)),
				policy("maxDelay", () -> new ReconnectPolicy(true, second, null, 0.5, 3, second)),
				policy("resetAfter", () -> new ReconnectPolicy(true, second, second, 0.5, 3, null)),
				policy("initialDelay", () -> policy.withDelays(Duration.ZERO, second)),
				policy("initialDelay", () -> policy.withDelays(millis(-1), second)),
				policy("maxDelay", () -> policy.withDelays(millis(1), Duration.ZERO)),
				policy("maxDelay", () -> policy.withDelays(Duration.ofSeconds(2), second)),
				policy("jitter", () -> policy.withJitter(-0.01)), policy("jitter", () -> policy.withJitter(1.01)),
				policy("jitter", () -> policy.withJitter(Double.NaN)),
				policy("jitter", () -> policy.withJitter(Double.POSITIVE_INFINITY)),
				policy("maxAttempts", () -> policy.withMaxAttempts(0)),
				policy("maxAttempts", () -> policy.withMaxAttempts(-1)),
				policy("resetAfter", () -> policy.withResetAfter(Duration.ZERO)),
				policy("resetAfter", () -> policy.withResetAfter(millis(-1))));
	}

	@Test
	void maxDelayShorterThanInitialDelayNamesBoth() {
		assertThatIllegalArgumentException()
			.isThrownBy(
					() -> ReconnectPolicy.exponentialBackoff().withDelays(Duration.ofSeconds(2), Duration.ofSeconds(1)))
			.withMessageContaining("maxDelay")
			.withMessageContaining("initialDelay");
	}

	@Test
	void reconnectPolicyAcceptsTheEdgesOfItsRanges() {
		ReconnectPolicy policy = ReconnectPolicy.exponentialBackoff()
			.withDelays(millis(1), millis(1))
			.withJitter(0)
			.withMaxAttempts(1);
		assertThat(policy.withJitter(1).jitter()).isEqualTo(1);
		assertThat(policy.maxAttempts()).isEqualTo(1);
		assertThat(ReconnectPolicy.DISABLED.enabled()).isFalse();
		assertThat(ReconnectPolicy.exponentialBackoff().enabled()).isTrue();
	}

	@Test
	void headerSupplierThatThrowsFailsTheAttemptWithMinus205BeforeAnyBytesAreSent() {
		WsCloseStatus status = attemptWithSuppliedHeaders(() -> {
			throw new IllegalStateException("token service unavailable");
		});
		assertThat(status.reason()).contains("token service unavailable");
	}

	@Test
	void headerSupplierWithAnIllegalValueFailsTheAttemptWithMinus205WithoutShowingIt() {
		WsCloseStatus status = attemptWithSuppliedHeaders(
				() -> Map.of("Authorization", "Bearer " + SECRET + "\r\nX-Injected: yes"));
		assertThat(status.reason()).contains("Authorization").doesNotContain(SECRET);
		assertThat(String.valueOf(status.cause())).doesNotContain(SECRET);
	}

	@Test
	void headerSupplierWithAReservedHeaderFailsTheAttemptWithMinus205() {
		WsCloseStatus status = attemptWithSuppliedHeaders(() -> Map.of("Host", "evil.example"));
		assertThat(status.reason()).contains("Host");
	}

	@Test
	@SuppressWarnings("NullAway")
	void headerSupplierWithANullValueFailsTheAttemptWithMinus205() {
		Map<String, String> headers = new HashMap<>();
		headers.put("X-Token", null);
		WsCloseStatus status = attemptWithSuppliedHeaders(() -> headers);
		assertThat(status.reason()).contains("X-Token");
	}

	private WsCloseStatus attemptWithSuppliedHeaders(Supplier<Map<String, String>> supplier) {
		ScriptedServer server = this.resources.track(ScriptedServer.start((connection) -> {
			connection.acceptHandshake(connection.readHandshake());
			connection.awaitClientClose(TIMEOUT);
		}));
		// Reconnection is on, yet a bad header is final: retrying cannot fix it.
		WsClient client = this.resources.client(WsClientOptions.builder()
			.headersSupplier(supplier)
			.reconnect(ReconnectPolicy.exponentialBackoff().withDelays(millis(50), millis(100)))
			.build());
		EventRecorder events = this.resources.record(client);
		assertThatExceptionOfType(WsConnectException.class)
			.isThrownBy(() -> client.connect(server.uri("/")).block(TIMEOUT))
			.satisfies((ex) -> assertThat(ex.status().code()).isEqualTo(-205));
		await().during(millis(300)).atMost(TIMEOUT).until(() -> server.acceptedConnections() == 0);
		assertThat(events.types()).containsExactly("Closed");
		assertThat(client.state()).isEqualTo(WsState.CLOSED);
		WsCloseStatus status = events.closes().get(0);
		assertThat(status.status()).isEqualTo(WsStatusCode.INVALID_REQUEST_HEADER);
		assertThat(status.reason()).startsWith("invalid request header: ");
		return status;
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "ws://user:pass@example.com:8080/feed|ws://***@example.com:8080/feed",
			"wss://alice@example.com/|wss://***@example.com/",
			"wss://example.com/feed?token=abc&channel=prices|wss://example.com/feed?token=***&channel=prices",
			"ws://example.com/?access_token=abc|ws://example.com/?access_token=***",
			"ws://example.com/?api_key=abc&apiKey=def&key=ghi|ws://example.com/?api_key=***&apiKey=***&key=***",
			"ws://example.com/?secret=a&client_secret=b|ws://example.com/?secret=***&client_secret=***",
			"ws://example.com/?password=a&passwd=b&pwd=c|ws://example.com/?password=***&passwd=***&pwd=***",
			"ws://example.com/?auth=a&X-Amz-Signature=b&sig=c|ws://example.com/?auth=***&X-Amz-Signature=***&sig=***",
			"ws://example.com/?TOKEN=a&Session=b|ws://example.com/?TOKEN=***&Session=***",
			"ws://example.com/?%74oken=abc|ws://example.com/?%74oken=***",
			"ws://example.com/?token=|ws://example.com/?token=***",
			"ws://example.com/?page=2&limit=10&symbol=BTC|ws://example.com/?page=2&limit=10&symbol=BTC",
			"ws://[::1]:9000/?token=abc|ws://[::1]:9000/?token=***", "ws://example.com/plain|ws://example.com/plain" })
	void redactHidesUserInfoAndCredentialParameters(String url, String redacted) {
		assertThat(WsRedaction.defaults().redact(URI.create(url))).isEqualTo(redacted);
	}

	@Test
	void connectedEventAndStatsShowTheUrlWithoutItsSecrets() {
		RoutesServer server = this.resources.track(RoutesServer.start());
		WsClient client = this.resources.client(WsClientOptions.defaults());
		EventRecorder events = this.resources.record(client);
		client.connect("ws://127.0.0.1:" + server.port() + "/echo?token=" + SECRET + "&channel=prices").block(TIMEOUT);
		String expected = "ws://127.0.0.1:" + server.port() + "/echo?token=***&channel=prices";
		assertThat(events.of(WsEvent.Connected.class)).singleElement()
			.satisfies((connected) -> assertThat(connected.url()).isEqualTo(expected));
		assertThat(client.stats().url()).isEqualTo(expected);
	}

	private static Arguments invalid(String argument, Consumer<WsClientOptions.Builder> setter) {
		return Arguments.of(argument, Named.of(argument, setter));
	}

	private static Arguments policy(String argument, Supplier<ReconnectPolicy> policy) {
		return Arguments.of(argument, Named.of(argument, policy));
	}

}
