package dev.wsclient.bridge;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class BridgePropertiesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class);

	@Test
	void defaults() {
		this.contextRunner.run((context) -> {
			BridgeProperties properties = context.getBean(BridgeProperties.class);
			assertThat(properties.getDemo().isEnabled()).isTrue();
			assertThat(properties.getDemo().getInterval()).isEqualTo(Duration.ofMillis(250));
			assertThat(properties.getSubscriber().getBufferSize()).isEqualTo(1024);
			assertThat(properties.getSubscriber().getCloseTimeout()).isEqualTo(Duration.ofSeconds(5));
			assertThat(properties.getSse().getHeartbeatInterval()).isEqualTo(Duration.ofSeconds(15));
			assertThat(properties.getSend().getTimeout()).isEqualTo(Duration.ofSeconds(10));
		});
	}

	@Test
	void durationsWithoutAUnitAreSecondsButTheDemoIntervalIsMilliseconds() {
		this.contextRunner
			.withPropertyValues("bridge.subscriber.close-timeout=3", "bridge.sse.heartbeat-interval=20",
					"bridge.demo.interval=100")
			.run((context) -> {
				BridgeProperties properties = context.getBean(BridgeProperties.class);
				assertThat(properties.getSubscriber().getCloseTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(properties.getSse().getHeartbeatInterval()).isEqualTo(Duration.ofSeconds(20));
				assertThat(properties.getDemo().getInterval()).isEqualTo(Duration.ofMillis(100));
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "bridge.subscriber.buffer-size=0", "bridge.subscriber.close-timeout=0s",
			"bridge.sse.heartbeat-interval=-1s", "bridge.send.timeout=0s", "bridge.demo.interval=0ms",
			"bridge.subscriber.buffer-bytes=0", "bridge.subscriber.buffer-max-age=0s",
			"bridge.subscriber.max-subscribers=0", "bridge.subscriber.memory-budget=0",
			"bridge.websocket.ping-interval=0s", "bridge.websocket.max-frame-size=0",
			"bridge.send.max-buffered-bytes=0", "bridge.http.max-connections=0",
			"bridge.http.request-header-timeout=0s", "bridge.http.request-body-timeout=0s",
			"bridge.http.idle-timeout=0s", "bridge.security.stream-tickets.time-to-live=0s",
			"bridge.security.stream-tickets.max-outstanding=0", "bridge.subscriber.send-buffer=4095B",
			"bridge.subscriber.send-buffer=17MB" })
	void invalidValueStopsStartupNamingTheProperty(String property) {
		this.contextRunner.withPropertyValues(property)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith(property.substring(0, property.indexOf('=')) + " must be"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "status.example.com", "https://status.example.com/page", "*" })
	void anAllowedOriginMustBeAnOriginAndNotAWildcard(String origin) {
		this.contextRunner.withPropertyValues("bridge.security.allowed-origins=" + origin)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith("bridge.security.allowed-origins must"));
	}

	@Test
	void anApiKeyNeedsAnIdOfLettersAHashAndGrants() {
		this.contextRunner
			.withPropertyValues("bridge.security.api-keys.[bad id].sha256=" + "a".repeat(64),
					"bridge.security.api-keys.[bad id].grants=read:*")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("an API key id must be"));
		this.contextRunner
			.withPropertyValues("bridge.security.api-keys.ci.sha256=not-a-hash",
					"bridge.security.api-keys.ci.grants=read:*")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith("bridge.security.api-keys.ci.sha256 must be the SHA-256")
				.hasMessageNotContaining("not-a-hash"));
		this.contextRunner.withPropertyValues("bridge.security.api-keys.ci.sha256=" + "a".repeat(64))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith("bridge.security.api-keys.ci.grants must list at least one grant"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(BridgeProperties.class)
	static class PropertiesConfiguration {

	}

}
