package dev.wsclient.autoconfigure;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Objects;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the start-up checks of the {@code wsclient.*} properties: every error names
 * the exact property, and never repeats a secret.
 */
class WsClientPropertiesValidationTests {

	private static final String URL = "wsclient.clients.prices.url=ws://127.0.0.1:1/";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WsClientAutoConfiguration.class, SslAutoConfiguration.class))
		.withPropertyValues("wsclient.defaults.auto-connect=false");

	@Test
	void whenUrlIsMissingThenStartupFailsNamingTheProperty() {
		this.runner.withPropertyValues("wsclient.clients.prices.connect-timeout=1s")
			.run((context) -> assertInvalid(context, "wsclient.clients.prices.url",
					"must be set to the ws:// or wss:// URL to connect to"));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			http://feed.example.com/  | must use the scheme ws or wss but uses 'http'
			ws:///prices              | has no hostname
			ws://feed.example.com:0/  | has port 0; ports must be in 1..65535
			feed.example.com/prices   | must use the scheme ws or wss but has none
			""")
	void whenUrlIsInvalidThenStartupFailsNamingTheProperty(String url, String reason) {
		this.runner.withPropertyValues("wsclient.clients.prices.url=" + url)
			.run((context) -> assertInvalid(context, "wsclient.clients.prices.url", reason));
	}

	@Test
	void whenUrlIsInvalidThenItsSecretsAreNotShown() {
		this.runner
			.withPropertyValues("wsclient.clients.prices.url=https://user:hunter2@feed.example.com/?token=s3cret")
			.run((context) -> {
				InvalidWsClientPropertyException failure = assertInvalid(context, "wsclient.clients.prices.url",
						"'https://***@feed.example.com/?token=***' must use the scheme ws or wss");
				assertThat(failure).hasMessageNotContaining("hunter2").hasMessageNotContaining("s3cret");
			});
	}

	@Test
	void whenUrlIsInvalidThenWhatTheConfiguredRedactionNamesIsNotShown() {
		this.runner
			.withPropertyValues("wsclient.clients.prices.url=ws://feed.example.com:0/?jwt=s3cret&channel=btc",
					"wsclient.redaction.query-parameters=jwt")
			.run((context) -> {
				InvalidWsClientPropertyException failure = assertInvalid(context, "wsclient.clients.prices.url",
						"'ws://feed.example.com:0/?jwt=***&channel=btc' has port 0");
				assertThat(failure).hasMessageNotContaining("s3cret");
			});
	}

	@Test
	void whenAHeaderValueHasALineBreakThenStartupFailsWithoutShowingTheValue() {
		this.runner.withPropertyValues(URL, "wsclient.clients.prices.headers.Authorization=Bearer s3cret\r\nX: y")
			.run((context) -> {
				InvalidWsClientPropertyException failure = assertInvalid(context,
						"wsclient.clients.prices.headers.Authorization", "has an illegal character (code 13)");
				assertThat(failure).hasMessageNotContaining("s3cret");
			});
	}

	@Test
	void whenAHeaderIsOneTheHandshakeSetsThenStartupFails() {
		this.runner.withPropertyValues(URL, "wsclient.clients.prices.headers.Sec-WebSocket-Protocol=v1")
			.run((context) -> assertInvalid(context, "wsclient.clients.prices.headers.Sec-WebSocket-Protocol",
					"is set by the WebSocket handshake itself and cannot be configured; configure subprotocols instead"));
	}

	@Test
	void whenAnInvalidHeaderComesFromTheDefaultsThenTheDefaultsPropertyIsNamed() {
		this.runner.withPropertyValues(URL, "wsclient.defaults.headers.Upgrade=h2c")
			.run((context) -> assertInvalid(context, "wsclient.defaults.headers.Upgrade",
					"is set by the WebSocket handshake itself"));
	}

	@Test
	void whenASubprotocolIsNotATokenThenStartupFailsNamingItsIndex() {
		this.runner
			.withPropertyValues(URL, "wsclient.clients.prices.subprotocols[0]=v1.json",
					"wsclient.clients.prices.subprotocols[1]=v2 json")
			.run((context) -> assertInvalid(context, "wsclient.clients.prices.subprotocols[1]",
					"subprotocol 'v2 json' has an illegal character at index 2"));
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|',
			textBlock = """
					connect-timeout           | 0           | must be positive but was 0s
					ping-interval             | -5s         | must be positive but was -5s
					close-timeout             | 0           | must be positive but was 0s
					max-missed-pings          | 0           | must be positive but was 0
					receive-buffer-size       | -1          | must be positive but was -1
					max-message-size          | 0           | must be positive but was 0B
					max-message-size          | 3GB         | must be at most 2147483647 bytes but was 3221225472B
					max-outbound-message-size | 0           | must be positive but was 0B
					send-buffer-limit         | 0           | must be positive but was 0B
					reconnect.initial-delay   | 0           | must be positive but was 0s
					reconnect.max-delay       | 0           | must be positive but was 0s
					reconnect.reset-after     | 0           | must be positive but was 0s
					reconnect.jitter          | 1.5         | must be between 0 and 1 but was 1.5
					reconnect.max-retries     | 0           | must be at least 1 but was 0; set reconnect.enabled=false to never reconnect
					ssl.bundle                | ' '         | must not be empty; remove it to use the JVM trust store
					deflate.client-max-window-bits | 7      | must be between 8 and 15 but was 7
					deflate.server-max-window-bits | 16     | must be between 8 and 15 but was 16
					""")
	void whenAValueIsOutOfRangeThenStartupFailsNamingTheProperty(String key, String value, String reason) {
		this.runner.withPropertyValues(URL, "wsclient.clients.prices." + key + "=" + value)
			.run((context) -> assertInvalid(context, "wsclient.clients.prices." + key, reason));
	}

	@Test
	void whenADefaultIsOutOfRangeThenTheDefaultsPropertyIsNamed() {
		this.runner.withPropertyValues(URL, "wsclient.defaults.ping-interval=0")
			.run((context) -> assertInvalid(context, "wsclient.defaults.ping-interval", "must be positive"));
	}

	@Test
	void whenMaxDelayIsShorterThanInitialDelayThenTheKeyTheClientSetIsNamed() {
		this.runner.withPropertyValues(URL, "wsclient.clients.prices.reconnect.initial-delay=1m")
			.run((context) -> assertInvalid(context, "wsclient.clients.prices.reconnect.initial-delay",
					"reconnect.max-delay (30s) must not be shorter than reconnect.initial-delay (60s)"));
		this.runner
			.withPropertyValues(URL, "wsclient.defaults.reconnect.initial-delay=2s",
					"wsclient.clients.prices.reconnect.max-delay=1s")
			.run((context) -> assertInvalid(context, "wsclient.clients.prices.reconnect.max-delay",
					"reconnect.max-delay (1s) must not be shorter than reconnect.initial-delay (2s)"));
	}

	@Test
	void whenADurationCannotBeParsedThenBindingFailsNamingTheProperty() {
		this.runner.withPropertyValues(URL, "wsclient.clients.prices.connect-timeout=soon")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(BindException.class)
				.hasMessageContaining("wsclient.clients.prices.connect-timeout"));
	}

	@Test
	void whenTheSslBundleDoesNotExistThenStartupFailsNamingTheProperty() {
		this.runner.withPropertyValues(URL, "wsclient.clients.prices.ssl.bundle=feed-tls")
			.run((context) -> assertInvalid(context, "wsclient.clients.prices.ssl.bundle",
					"there is no SSL bundle named 'feed-tls'; configure one under spring.ssl.bundle"));
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			proxy.port            | 0            | must be in 1..65535 but was 0
			proxy.port            | 65536        | must be in 1..65535 but was 65536
			proxy.host            | ' '          | must not be empty; remove it to connect without a proxy
			proxy.username        | ''           | must not be empty; remove it to connect without authentication
			proxy.non-proxy-hosts | '[internal'  | is not a valid regular expression: Unclosed character class
			""")
	void whenAProxyValueIsInvalidThenStartupFailsNamingTheProperty(String key, String value, String reason) {
		this.runner
			.withPropertyValues(URL, "wsclient.clients.prices.proxy.host=proxy.internal",
					"wsclient.clients.prices.proxy.port=3128", "wsclient.clients.prices.proxy.username=alice",
					"wsclient.clients.prices." + key + "=" + value)
			.run((context) -> assertInvalid(context, "wsclient.clients.prices." + key, reason));
	}

	@Test
	void whenAProxyHostHasNoPortThenThePortNextToTheHostIsNamed() {
		this.runner.withPropertyValues(URL, "wsclient.clients.prices.proxy.host=proxy.internal")
			.run((context) -> assertInvalid(context, "wsclient.clients.prices.proxy.port",
					"must be set when proxy.host is set"));
		this.runner.withPropertyValues(URL, "wsclient.defaults.proxy.host=proxy.internal")
			.run((context) -> assertInvalid(context, "wsclient.defaults.proxy.port",
					"must be set when proxy.host is set"));
	}

	@Test
	void whenAnInvalidProxyPortComesFromTheDefaultsThenTheDefaultsPropertyIsNamed() {
		this.runner
			.withPropertyValues(URL, "wsclient.defaults.proxy.port=0",
					"wsclient.clients.prices.proxy.host=proxy.internal")
			.run((context) -> assertInvalid(context, "wsclient.defaults.proxy.port", "must be in 1..65535 but was 0"));
	}

	@Test
	void whenAProxyPasswordHasNoUsernameThenStartupFailsWithoutShowingThePassword() {
		this.runner
			.withPropertyValues(URL, "wsclient.defaults.proxy.password=s3cret",
					"wsclient.clients.prices.proxy.host=proxy.internal", "wsclient.clients.prices.proxy.port=3128")
			.run((context) -> {
				assertInvalid(context, "wsclient.defaults.proxy.password", "is set but proxy.username is not");
				assertFailureNeverShows(context, "s3cret");
			});
	}

	@Test
	void whenAProxyWithCredentialsIsInvalidThenThePasswordIsNotShown() {
		this.runner
			.withPropertyValues(URL, "wsclient.clients.prices.proxy.host=proxy.internal",
					"wsclient.clients.prices.proxy.port=99999", "wsclient.clients.prices.proxy.username=alice",
					"wsclient.clients.prices.proxy.password=s3cret")
			.run((context) -> {
				InvalidWsClientPropertyException failure = assertInvalid(context, "wsclient.clients.prices.proxy.port",
						"must be in 1..65535 but was 99999");
				assertFailureNeverShows(context, "s3cret");
				FailureAnalysis analysis = Objects
					.requireNonNull(new InvalidWsClientPropertyFailureAnalyzer().analyze(failure));
				assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain("s3cret");
			});
	}

	@Test
	void whenTheProxyTypeIsUnknownThenBindingFailsNamingTheProperty() {
		this.runner
			.withPropertyValues(URL, "wsclient.clients.prices.proxy.type=socks6",
					"wsclient.clients.prices.proxy.host=proxy.internal", "wsclient.clients.prices.proxy.port=1080")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(BindException.class)
				.hasMessageContaining("wsclient.clients.prices.proxy.type"));
	}

	@Test
	void theFailureAnalysisNamesThePropertyAndTheFix() {
		this.runner.withPropertyValues("wsclient.clients.prices.headers.Authorization=Bearer s3cret\u0000x", URL)
			.run((context) -> {
				FailureAnalysis analysis = Objects
					.requireNonNull(new InvalidWsClientPropertyFailureAnalyzer().analyze(requireFailure(context)));
				assertThat(analysis.getDescription()).startsWith(
						"The WebSocket client property 'wsclient.clients.prices.headers.Authorization' is invalid: ")
					.doesNotContain("s3cret");
				assertThat(analysis.getAction()).startsWith(
						"Update 'wsclient.clients.prices.headers.Authorization' in your application configuration");
			});
	}

	private static Throwable requireFailure(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		return Objects.requireNonNull(context.getStartupFailure());
	}

	private static void assertFailureNeverShows(AssertableApplicationContext context, String secret) {
		StringWriter trace = new StringWriter();
		requireFailure(context).printStackTrace(new PrintWriter(trace));
		assertThat(trace.toString()).doesNotContain(secret);
	}

	private static InvalidWsClientPropertyException assertInvalid(AssertableApplicationContext context, String property,
			String reason) {
		Throwable failure = requireFailure(context);
		while (failure != null && !(failure instanceof InvalidWsClientPropertyException)) {
			failure = failure.getCause();
		}
		assertThat(failure).as("InvalidWsClientPropertyException in %s", context.getStartupFailure())
			.isInstanceOf(InvalidWsClientPropertyException.class);
		InvalidWsClientPropertyException invalid = (InvalidWsClientPropertyException) Objects.requireNonNull(failure);
		assertThat(invalid.getProperty()).isEqualTo(property);
		assertThat(invalid.getReason()).contains(reason);
		assertThat(invalid).hasMessageStartingWith("Invalid property '" + property + "': ");
		return invalid;
	}

}
