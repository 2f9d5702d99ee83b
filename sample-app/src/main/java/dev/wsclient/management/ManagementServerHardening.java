package dev.wsclient.management;

import dev.wsclient.bridge.server.HttpServerHardening;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Puts the bridge's HTTP server limits on the management server too, when the actuator
 * has a port of its own: Spring Boot creates that server in a child context, which the
 * main server's customizers do not reach. The two servers share the connection limit.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
public class ManagementServerHardening {

	@Bean
	WebServerFactoryCustomizer<NettyReactiveWebServerFactory> managementServerHardening(HttpServerHardening hardening) {
		return (factory) -> factory.addServerCustomizers(hardening);
	}

}
