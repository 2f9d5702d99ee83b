package dev.wsclient.bridge;

import dev.wsclient.autoconfigure.WsClients;
import dev.wsclient.bridge.server.HttpServerHardening;
import dev.wsclient.bridge.stream.StreamHub;
import dev.wsclient.bridge.stream.StreamSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationPredicate;
import io.netty.util.internal.PlatformDependent;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.util.unit.DataSize;

/**
 * The bridge's own beans: the stream hub over the configured clients, and the limits of
 * its HTTP server.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BridgeProperties.class)
class BridgeConfiguration {

	private static final String STREAMS = "/streams/";

	private static final long MIN_MEMORY_BUDGET = DataSize.ofMegabytes(16).toBytes();

	private static final long MAX_DEFAULT_MEMORY_BUDGET = DataSize.ofMegabytes(256).toBytes();

	@Bean
	StreamHub streamHub(WsClients clients, BridgeProperties properties, MeterRegistry meterRegistry) {
		BridgeProperties.Subscriber subscriber = properties.getSubscriber();
		StreamSettings settings = new StreamSettings(subscriber.getBufferSize(), subscriber.getBufferBytes().toBytes(),
				subscriber.getBufferMaxAge(), subscriber.getCloseTimeout());
		StreamHub.Limits limits = new StreamHub.Limits(subscriber.getMaxSubscribers(),
				memoryBudget(subscriber.getMemoryBudget()), properties.getSse().getHeartbeatInterval(),
				properties.getWebsocket().getPingInterval(), (int) subscriber.getSendBuffer().toBytes());
		return new StreamHub(clients, settings, limits, meterRegistry);
	}

	@Bean
	HttpServerHardening httpServerHardening(BridgeProperties properties) {
		BridgeProperties.Http http = properties.getHttp();
		return new HttpServerHardening(http.getMaxConnections(), http.getIdleTimeout(), http.getRequestHeaderTimeout(),
				http.getRequestBodyTimeout(), (int) properties.getWebsocket().getMaxFrameSize().toBytes());
	}

	/**
	 * No HTTP request observation for the streams: it would end when the stream starts
	 * (Spring's handling of the request ends there, see the web package's StreamHandoff),
	 * so its duration would say nothing of the stream. The bridge's own meters count
	 * them.
	 */
	@Bean
	ObservationPredicate noObservationOfStreams() {
		return (name,
				context) -> !(context instanceof ServerRequestObservationContext request && request.getCarrier() != null
						&& request.getCarrier().getPath().pathWithinApplication().value().startsWith(STREAMS));
	}

	@Bean
	MeterBinder connectionsMeter(HttpServerHardening hardening) {
		return (registry) -> Gauge
			.builder("wsclient.bridge.connections", hardening, HttpServerHardening::openConnections)
			.description("Connections open to the bridge's HTTP server")
			.register(registry);
	}

	/**
	 * The configured budget, or a quarter of the JVM's direct memory (Netty's reading of
	 * {@code -XX:MaxDirectMemorySize}, the heap size by default) between 16 MB and 256
	 * MB: the rest stays for the upstream clients and the server's own buffers.
	 */
	private static long memoryBudget(@Nullable DataSize configured) {
		if (configured != null) {
			return configured.toBytes();
		}
		return Math.max(MIN_MEMORY_BUDGET,
				Math.min(MAX_DEFAULT_MEMORY_BUDGET, PlatformDependent.maxDirectMemory() / 4));
	}

}
