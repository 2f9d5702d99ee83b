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
			"bridge.sse.heartbeat-interval=-1s", "bridge.send.timeout=0s", "bridge.demo.interval=0ms" })
	void invalidValueStopsStartupNamingTheProperty(String property) {
		this.contextRunner.withPropertyValues(property)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith(property.substring(0, property.indexOf('=')) + " must be"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(BridgeProperties.class)
	static class PropertiesConfiguration {

	}

}
