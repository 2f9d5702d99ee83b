package dev.wsclient.bridge.demo;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;

/**
 * Serves the demo feed at {@code /demo/feed} and connects a client to it. Switched off
 * with {@code bridge.demo.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "bridge.demo.enabled", matchIfMissing = true)
class DemoFeedConfiguration {

	@Bean
	DemoFeedHandler demoFeedHandler() {
		return new DemoFeedHandler(Duration.ofMillis(250));
	}

	@Bean
	HandlerMapping demoFeedMapping(DemoFeedHandler handler) {
		return new SimpleUrlHandlerMapping(Map.of(DemoFeedHandler.PATH, handler), -1);
	}

	@Bean
	DemoFeedClient demoFeedClient() {
		return new DemoFeedClient();
	}

}
