package dev.wsclient.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.context.reactive.StandardReactiveWebEnvironment;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code show-values: always}, {@code /actuator/env} and
 * {@code /actuator/configprops} show no secret of the clients' configuration, in any of
 * the forms it can be given: properties, bracketed header names, environment variables
 * and the properties and variables that placeholders take values from.
 */
class SecretsInActuatorTests {

	private static final String[] SECRETS = { "s3cret-token", "jwt-s3cret", "k3y-s3cret", "proxy-s3cret", "user-s3cret",
			"env-header-s3cret", "env-url-s3cret", "placeholder-s3cret", "tenant-s3cret" };

	@Test
	void envAndConfigpropsShowNoSecret() {
		Map<String, Object> variables = new HashMap<>(System.getenv());
		variables.put("FEED_TOKEN", "placeholder-s3cret");
		variables.put("WSCLIENT_CLIENTS_NEWS_HEADERS_X_SESSION", "env-header-s3cret");
		variables.put("WSCLIENT_CLIENTS_NEWS_URL", "ws://127.0.0.1:1/news?token=env-url-s3cret");
		try (ConfigurableApplicationContext context = start(variables,
				"--wsclient.clients.feed.url=ws://user:user-s3cret@127.0.0.1:1/feed?token=s3cret-token&jwt=jwt-s3cret&format=json",
				"--wsclient.clients.feed.headers.Authorization=Bearer ${FEED_TOKEN}",
				"--wsclient.clients.feed.headers[X-Api-Key]=k3y-s3cret",
				"--wsclient.defaults.headers.X-Tenant=${tenant.id}", "--tenant.id=tenant-s3cret",
				"--wsclient.clients.feed.proxy.host=127.0.0.1", "--wsclient.clients.feed.proxy.port=3128",
				"--wsclient.clients.feed.proxy.username=feed", "--wsclient.clients.feed.proxy.password=proxy-s3cret",
				"--wsclient.redaction.query-parameters=jwt")) {
			WebTestClient http = http(context);
			String env = body(http, "/actuator/env");
			assertThat(env).contains("format=json", "token=***", "jwt=***", "X-Api-Key").doesNotContain(SECRETS);
			assertThat(body(http, "/actuator/env/FEED_TOKEN")).doesNotContain(SECRETS);
			assertThat(body(http, "/actuator/env/wsclient.clients.feed.headers.Authorization")).doesNotContain(SECRETS);
			assertThat(body(http, "/actuator/configprops")).contains("wsclient.redaction").doesNotContain(SECRETS);
		}
	}

	@Test
	void theWholeQueryCanBeHidden() {
		try (ConfigurableApplicationContext context = start(new HashMap<>(System.getenv()),
				"--wsclient.clients.feed.url=ws://127.0.0.1:1/feed?ticket=t1cket-s3cret&format=json",
				"--wsclient.redaction.whole-query=true")) {
			WebTestClient http = http(context);
			assertThat(body(http, "/actuator/env/wsclient.clients.feed.url")).contains("/feed?***")
				.doesNotContain("t1cket-s3cret", "format=json");
		}
	}

	private static WebTestClient http(ConfigurableApplicationContext context) {
		return WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + context.getEnvironment().getRequiredProperty("local.server.port"))
			.responseTimeout(Duration.ofSeconds(10))
			.build();
	}

	private static String body(WebTestClient http, String path) {
		byte[] body = http.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBody();
		return new String((body != null) ? body : new byte[0], StandardCharsets.UTF_8);
	}

	private static ConfigurableApplicationContext start(Map<String, Object> variables, String... args) {
		SpringApplication application = new SpringApplication(App.class);
		application.setEnvironment(new StandardReactiveWebEnvironment() {

			@Override
			protected void customizePropertySources(MutablePropertySources propertySources) {
				super.customizePropertySources(propertySources);
				propertySources.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
								variables));
			}

		});
		String[] all = new String[args.length + 6];
		System.arraycopy(args, 0, all, 0, args.length);
		System.arraycopy(
				new String[] { "--server.port=0", "--wsclient.defaults.auto-connect=false",
						"--management.endpoints.web.exposure.include=env,configprops",
						"--management.endpoint.env.show-values=always",
						"--management.endpoint.configprops.show-values=always", "--spring.main.banner-mode=off" },
				0, all, args.length, 6);
		return application.run(all);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
