package dev.wsclient.bridge.demo;

import java.util.List;
import java.util.Map;

import dev.wsclient.bridge.BridgeProperties;
import dev.wsclient.bridge.security.GeneratedApiKey;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;

/**
 * Serves the demo feed at {@code /demo/feed}; the client {@code demo} connected to it is
 * configured by {@link DemoClientEnvironmentPostProcessor}, readable without credentials,
 * and a key is generated to send to it. Switched off, with the client, by
 * {@code bridge.demo.enabled=false}.
 *
 * <p>
 * The switch is read when the beans are created, not as a condition: an AOT-processed
 * bridge (the image's) fixes its conditions at build time, and a deployment must still be
 * able to turn the demo off.
 */
@Configuration(proxyBeanMethods = false)
class DemoFeedConfiguration {

	@Bean
	DemoFeedHandler demoFeedHandler(BridgeProperties properties, JsonMapper jsonMapper) {
		return new DemoFeedHandler(properties.getDemo().getInterval(), jsonMapper);
	}

	/**
	 * A key for trying the demo out, used when no API key is configured: it may read and
	 * send to the demo client and read the actuator endpoints.
	 */
	@Bean
	@Nullable GeneratedApiKey demoApiKey(BridgeProperties properties) {
		if (!properties.getDemo().isEnabled()) {
			// No bean: ObjectProvider<GeneratedApiKey> finds none.
			return null;
		}
		return GeneratedApiKey.generate(DemoClientEnvironmentPostProcessor.CLIENT,
				List.of("read:" + DemoClientEnvironmentPostProcessor.CLIENT,
						"write:" + DemoClientEnvironmentPostProcessor.CLIENT, "monitor"));
	}

	@Bean
	HandlerMapping demoFeedMapping(DemoFeedHandler handler, BridgeProperties properties) {
		Map<String, DemoFeedHandler> urls = properties.getDemo().isEnabled() ? Map.of(DemoFeedHandler.PATH, handler)
				: Map.of();
		// Ahead of the annotated controllers (order 0).
		return new SimpleUrlHandlerMapping(urls, -1);
	}

}
