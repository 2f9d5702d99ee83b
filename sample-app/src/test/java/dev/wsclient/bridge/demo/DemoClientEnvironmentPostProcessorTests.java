package dev.wsclient.bridge.demo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class DemoClientEnvironmentPostProcessorTests {

	private final StandardEnvironment environment = new StandardEnvironment();

	private final DemoClientEnvironmentPostProcessor postProcessor = new DemoClientEnvironmentPostProcessor();

	@Test
	void demoClientConnectsToTheServerPort() {
		configure(Map.of("server.port", "9090"));
		assertThat(this.environment.getProperty("wsclient.clients.demo.url"))
			.isEqualTo("ws://127.0.0.1:9090/demo/feed");
	}

	@Test
	void defaultServerPortIs8080() {
		configure(Map.of());
		assertThat(this.environment.getProperty("wsclient.clients.demo.url"))
			.isEqualTo("ws://127.0.0.1:8080/demo/feed");
	}

	@Test
	void randomServerPortIsChosenBeforeStartSoThatTheUrlIsExact() {
		configure(Map.of("server.port", "0"));
		int port = this.environment.getRequiredProperty("server.port", Integer.class);
		assertThat(port).isPositive();
		assertThat(this.environment.getProperty("wsclient.clients.demo.url"))
			.isEqualTo("ws://127.0.0.1:" + port + "/demo/feed");
	}

	@Test
	void serverAddressAndBasePathAreFollowed() {
		configure(Map.of("server.port", "9090", "server.address", "127.0.0.2", "spring.webflux.base-path", "/bridge"));
		assertThat(this.environment.getProperty("wsclient.clients.demo.url"))
			.isEqualTo("ws://127.0.0.2:9090/bridge/demo/feed");
	}

	@Test
	void applicationsOwnDemoUrlWins() {
		configure(Map.of("wsclient.clients.demo.url", "ws://feed.example.com/demo"));
		assertThat(this.environment.getProperty("wsclient.clients.demo.url")).isEqualTo("ws://feed.example.com/demo");
	}

	@Test
	void nothingIsConfiguredWhenTheDemoIsDisabled() {
		configure(Map.of("bridge.demo.enabled", "false", "server.port", "0"));
		assertThat(this.environment.containsProperty("wsclient.clients.demo.url")).isFalse();
		assertThat(this.environment.getProperty("server.port")).isEqualTo("0");
	}

	private void configure(Map<String, Object> properties) {
		this.environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		this.postProcessor.postProcessEnvironment(this.environment, new SpringApplication());
	}

}
