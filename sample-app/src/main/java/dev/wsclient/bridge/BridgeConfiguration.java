package dev.wsclient.bridge;

import dev.wsclient.autoconfigure.WsClients;
import dev.wsclient.bridge.stream.StreamHub;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;

/**
 * The bridge's own beans: the stream hub over the configured clients and the WebSocket
 * service that accepts downstream subscribers.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BridgeProperties.class)
class BridgeConfiguration {

	@Bean
	StreamHub streamHub(WsClients clients, BridgeProperties properties, MeterRegistry meterRegistry) {
		return new StreamHub(clients, properties.getSubscriber().getBufferSize(), meterRegistry);
	}

	@Bean
	WebSocketService streamWebSocketService() {
		return new HandshakeWebSocketService();
	}

}
