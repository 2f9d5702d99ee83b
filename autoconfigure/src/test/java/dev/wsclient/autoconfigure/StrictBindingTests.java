package dev.wsclient.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import dev.wsclient.core.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.support.SystemEnvironmentPropertySourceEnvironmentPostProcessor;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the strict binding of {@code wsclient.*}: a key nothing takes stops start-up
 * with the key, where it was set and the closest valid key; header names stay free.
 */
class StrictBindingTests {

	private static final String URL = "wsclient.clients.feed.url=ws://127.0.0.1:1/";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WsClientAutoConfiguration.class, SslAutoConfiguration.class))
		.withPropertyValues("wsclient.defaults.auto-connect=false");

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					wsclient.clients.feed.ping-intervall=5s       | wsclient.clients.feed.ping-intervall      | wsclient.clients.feed.ping-interval
					wsclient.clients.feed.reconect.enabled=false  | wsclient.clients.feed.reconect.enabled    | wsclient.clients.feed.reconnect.enabled
					wsclient.clients.feed.reconnect.enable=false  | wsclient.clients.feed.reconnect.enable    | wsclient.clients.feed.reconnect.enabled
					wsclient.defaults.conect-timeout=5s           | wsclient.defaults.conect-timeout          | wsclient.defaults.connect-timeout
					wsclient.defaults.proxy.hots=proxy.internal   | wsclient.defaults.proxy.hots              | wsclient.defaults.proxy.host
					wsclient.client.feed.url=ws://127.0.0.1:2/    | wsclient.client.feed.url                  | wsclient.clients
					wsclient.default.ping-interval=5s             | wsclient.default.ping-interval            | wsclient.defaults
					""")
	void whenAKeyIsMisspeltThenStartupFailsNamingItAndTheClosestValidKey(String setting, String property,
			String suggestion) {
		this.runner.withPropertyValues(URL, setting)
			.run((context) -> assertThat(unknownKey(context, property).getReason())
				.endsWith("; did you mean '" + suggestion + "'?"));
	}

	@Test
	void unknownDefaultsAreReportedEvenWithoutClients() {
		this.runner.withPropertyValues("wsclient.defaults.ping-intervall=5s")
			.run((context) -> unknownKey(context, "wsclient.defaults.ping-intervall"));
	}

	@Test
	void whenNothingIsCloseThenTheValidKeysDirectlyUnderWsclientAreListed() {
		this.runner.withPropertyValues(URL, "wsclient.feeds.prices.url=ws://127.0.0.1:1/")
			.run((context) -> assertThat(unknownKey(context, "wsclient.feeds.prices.url").getReason())
				.endsWith("valid keys are clients, defaults, listener, redaction"));
	}

	@Test
	void theFailureNamesTheFileAndLineTheKeyWasSetIn() {
		this.runner.withInitializer(StrictBindingTests::loadMisspeltYaml).run((context) -> {
			InvalidWsClientPropertyException failure = unknownKey(context, "wsclient.clients.feed.ping-intervall");
			assertThat(failure.getReason()).startsWith(
					"is not a known key (set in class path resource [strict/misspelt.yml] - 5:23); did you mean 'wsclient.clients.feed.ping-interval'?");
			FailureAnalysis analysis = Objects
				.requireNonNull(new InvalidWsClientPropertyFailureAnalyzer().analyze(failure));
			assertThat(analysis.getDescription())
				.isEqualTo("The WebSocket client property 'wsclient.clients.feed.ping-intervall' is invalid: "
						+ failure.getReason());
		});
	}

	@Test
	void aMisspeltEnvironmentVariableIsNamedWithTheVariable() {
		this.runner.withInitializer(environment(Map.of("WSCLIENT_CLIENTS_FEED_PINGINTERVALL", "5s")))
			.withPropertyValues(URL)
			.run((context) -> assertThat(unknownKey(context, "wsclient.clients.feed.pingintervall").getReason())
				.contains("(set in System Environment Property \"WSCLIENT_CLIENTS_FEED_PINGINTERVALL\")")
				.endsWith("did you mean 'wsclient.clients.feed.ping-interval'?"));
	}

	@Test
	void environmentVariablesOfTheRightShapeAreBoundStrictlyToo() {
		this.runner
			.withInitializer(environment(Map.of("WSCLIENT_CLIENTS_FEED_PINGINTERVAL", "7s",
					"WSCLIENT_CLIENTS_FEED_HEADERS_X_API_KEY", "k3y", "WSCLIENT_DEFAULTS_RECONNECT_MAXDELAY", "9s")))
			.withPropertyValues(URL)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				WsClient feed = context.getBean("feed", WsClient.class);
				assertThat(feed.options().pingInterval()).isEqualTo(Duration.ofSeconds(7));
			});
	}

	@Test
	void kubernetesServiceLinksOfAServiceNamedLikeWsclientAreNotKeys() {
		this.runner
			.withInitializer(environment(Map.of("WSCLIENT_BRIDGE_SERVICE_HOST", "10.0.0.7",
					"WSCLIENT_BRIDGE_SERVICE_PORT", "8080", "WSCLIENT_BRIDGE_SERVICE_PORT_HTTP", "8080",
					"WSCLIENT_BRIDGE_PORT", "tcp://10.0.0.7:8080", "WSCLIENT_BRIDGE_PORT_8080_TCP",
					"tcp://10.0.0.7:8080", "WSCLIENT_BRIDGE_PORT_8080_TCP_ADDR", "10.0.0.7")))
			.withPropertyValues(URL)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void headerNamesAreFree() {
		this.runner
			.withPropertyValues(URL, "wsclient.defaults.headers.X-Tenant=acme",
					"wsclient.clients.feed.headers.X-Whatever-You-Like=1", "wsclient.clients.feed.headers[x.dotted]=2")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void aUrlUnderDefaultsIsReportedAsPerClientOnly() {
		this.runner.withPropertyValues(URL, "wsclient.defaults.url=ws://127.0.0.1:2/")
			.run((context) -> assertThat(unknownOrInvalid(context, "wsclient.defaults.url").getReason())
				.isEqualTo("is set per client only; move it to wsclient.clients.<name>.url"));
	}

	@Test
	void anUnknownListenerKeyStopsStartupToo() {
		this.runner.withPropertyValues(URL, "wsclient.listener.logged-payload-lenght=3")
			.withConfiguration(
					AutoConfigurations.of(dev.wsclient.autoconfigure.listener.WsClientListenerAutoConfiguration.class))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("wsclient.listener.logged-payload-lenght"));
	}

	@Test
	void aBadHeaderNameOfAClientIsReportedUnderTheClientsPropertyAsItBindsBack() {
		this.runner.withPropertyValues(URL, "wsclient.clients.feed.headers.[Bad Name]=x")
			.run((context) -> assertThat(
					unknownOrInvalid(context, "wsclient.clients.feed.headers[Bad Name]").getReason())
				.contains("Bad Name"));
		this.runner.withPropertyValues(URL, "wsclient.defaults.headers[Bad Name]=x")
			.run((context) -> unknownOrInvalid(context, "wsclient.defaults.headers[Bad Name]"));
	}

	private static InvalidWsClientPropertyException unknownKey(AssertableApplicationContext context, String property) {
		InvalidWsClientPropertyException failure = unknownOrInvalid(context, property);
		assertThat(failure.getReason()).startsWith("is not a known key");
		return failure;
	}

	private static InvalidWsClientPropertyException unknownOrInvalid(AssertableApplicationContext context,
			String property) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		while (failure != null && !(failure instanceof InvalidWsClientPropertyException)) {
			failure = failure.getCause();
		}
		assertThat(failure).as("InvalidWsClientPropertyException in %s", context.getStartupFailure())
			.isInstanceOf(InvalidWsClientPropertyException.class);
		InvalidWsClientPropertyException invalid = (InvalidWsClientPropertyException) Objects.requireNonNull(failure);
		assertThat(invalid.getProperty()).isEqualTo(property);
		return invalid;
	}

	private static void loadMisspeltYaml(ConfigurableApplicationContext context) {
		try {
			new YamlPropertySourceLoader().load("misspelt", new ClassPathResource("strict/misspelt.yml"))
				.forEach(context.getEnvironment().getPropertySources()::addFirst);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Environment variables as Spring Boot reads them: the system environment replaced by
	 * the given variables, with origins, as the application's post-processor makes them.
	 */
	private static ApplicationContextInitializer<ConfigurableApplicationContext> environment(
			Map<String, Object> variables) {
		return (context) -> {
			ConfigurableEnvironment environment = context.getEnvironment();
			environment.getPropertySources()
				.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
								variables));
			new SystemEnvironmentPropertySourceEnvironmentPostProcessor().postProcessEnvironment(environment,
					new SpringApplication());
		};
	}

}
