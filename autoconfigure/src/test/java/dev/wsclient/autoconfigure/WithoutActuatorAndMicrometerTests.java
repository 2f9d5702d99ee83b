package dev.wsclient.autoconfigure;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import dev.wsclient.autoconfigure.event.WsClientConnectedEvent;
import dev.wsclient.core.WsState;
import dev.wsclient.test.server.MockWsConnection;
import dev.wsclient.test.server.MockWsServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

import static dev.wsclient.autoconfigure.ReceivedMessages.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs a real Spring Boot application (auto-configuration discovered as in production) in
 * a class loader whose class path has no Actuator, health, Micrometer or metrics jar at
 * all, which a {@code FilteredClassLoader} can only approximate.
 */
class WithoutActuatorAndMicrometerTests {

	private static final Pattern OPTIONAL_JARS = Pattern
		.compile(".*/(spring-boot-actuator|spring-boot-health|spring-boot-micrometer|spring-boot-starter-actuator"
				+ "|spring-boot-starter-micrometer|micrometer-|HdrHistogram|LatencyUtils)[^/]*\\.jar");

	@Test
	void theStarterWorksWithoutActuatorAndMicrometerJars() throws Exception {
		try (MockWsServer server = MockWsServer.start();
				URLClassLoader isolated = new URLClassLoader(classPathWithoutOptionalJars(),
						ClassLoader.getPlatformClassLoader())) {
			Class<?> application = isolated.loadClass(PlainApplication.class.getName());
			ClassLoader previous = Thread.currentThread().getContextClassLoader();
			Thread.currentThread().setContextClassLoader(isolated);
			Object facts;
			try {
				facts = application.getMethod("run", String.class).invoke(null, server.uri("/ws").toString());
			}
			finally {
				Thread.currentThread().setContextClassLoader(previous);
			}
			assertThat(facts).asString()
				.isEqualTo("[actuator=false, micrometer=false, health=false, state=OPEN, "
						+ "events=[connected:feed], beans=[wsClients, wsClientsLifecycle, feed]]");
			assertThat(texts(server)).containsExactly("hello");
			assertThat(server.connections()).extracting(MockWsConnection::closeCodeReceived).containsExactly(1001);
		}
	}

	private static URL[] classPathWithoutOptionalJars() throws Exception {
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		List<URL> urls = new ArrayList<>();
		for (String entry : StringUtils.tokenizeToStringArray(classPath, File.pathSeparator)) {
			if (!entry.isEmpty() && !OPTIONAL_JARS.matcher(entry.replace('\\', '/')).matches()) {
				urls.add(Path.of(entry).toUri().toURL());
			}
		}
		return urls.toArray(new URL[0]);
	}

	/**
	 * The application run in the isolated class loader. Its results are plain text, the
	 * only thing both class loaders share.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	public static class PlainApplication {

		private final List<String> events = new CopyOnWriteArrayList<>();

		@EventListener
		void onConnected(WsClientConnectedEvent event) {
			this.events.add("connected:" + event.getClientName());
		}

		public static List<String> run(String url) {
			List<String> facts = new ArrayList<>();
			ClassLoader loader = PlainApplication.class.getClassLoader();
			facts.add("actuator="
					+ ClassUtils.isPresent("org.springframework.boot.actuate.endpoint.annotation.Endpoint", loader));
			facts.add("micrometer=" + ClassUtils.isPresent("io.micrometer.core.instrument.MeterRegistry", loader));
			facts.add("health="
					+ ClassUtils.isPresent("org.springframework.boot.health.contributor.HealthIndicator", loader));
			try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PlainApplication.class)
				.web(WebApplicationType.NONE)
				.properties("spring.main.banner-mode=off", "wsclient.clients.feed.url=" + url,
						"wsclient.clients.feed.on-connect-messages=hello")
				.run()) {
				WsClients clients = context.getBean(WsClients.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> clients.get("feed").state() == WsState.OPEN);
				PlainApplication application = context.getBean(PlainApplication.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> !application.events.isEmpty());
				facts.add("state=" + clients.get("feed").state());
				facts.add("events=" + application.events);
				List<String> beans = new ArrayList<>();
				for (String name : context.getBeanDefinitionNames()) {
					if (name.equals("feed") || name.startsWith("wsClients") || name.startsWith("wsclients")
							|| name.contains("Metrics") || name.contains("Observation") || name.contains("Endpoint")) {
						beans.add(name);
					}
				}
				facts.add("beans=" + beans);
			}
			return facts;
		}

	}

}
