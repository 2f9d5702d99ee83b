package dev.wsclient.autoconfigure.listener;

import dev.wsclient.autoconfigure.InvalidWsClientPropertyException;
import dev.wsclient.autoconfigure.WsClientAutoConfiguration;
import dev.wsclient.autoconfigure.WsClients;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the listener methods of the WebSocket clients
 * ({@link WsClientListener @WsClientListener} and the lifecycle annotations): finds them
 * once every singleton exists, checks them, and delivers each client's messages and
 * events to them; with the default {@link WsClientListenerErrorHandler} and, with a
 * {@code MeterRegistry}, the {@code wsclient.listener.*} meters.
 *
 * @since 0.2.0
 */
@AutoConfiguration(after = WsClientAutoConfiguration.class, afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnBean(WsClients.class)
@EnableConfigurationProperties(WsClientListenerProperties.class)
public final class WsClientListenerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WsClientListenerErrorHandler wsClientListenerErrorHandler(WsClientListenerProperties properties) {
		int length = properties.getLoggedPayloadLength();
		if (length < 0) {
			throw new InvalidWsClientPropertyException("wsclient.listener.logged-payload-length",
					"must be 0 or more but was " + length);
		}
		return new LoggingErrorHandler(length);
	}

	@Bean
	ListenerMethodProcessor wsClientListenerMethodProcessor(ConfigurableListableBeanFactory beanFactory,
			WsClients clients, WsClientListenerErrorHandler errorHandler, ObjectProvider<ListenerMeters> meters,
			WsClientListenerProperties properties) {
		int poolSize = properties.getExecutor().getPoolSize();
		if (poolSize < 1) {
			throw new InvalidWsClientPropertyException("wsclient.listener.executor.pool-size",
					"must be 1 or more but was " + poolSize);
		}
		if (properties.getExecutor().getShutdownTimeout().isNegative()) {
			throw new InvalidWsClientPropertyException("wsclient.listener.executor.shutdown-timeout",
					"must not be negative");
		}
		return new ListenerMethodProcessor(beanFactory, clients, errorHandler,
				meters.getIfAvailable(() -> ListenerMeters.NONE), properties);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		ListenerMeters wsClientListenerMeters(MeterRegistry registry) {
			return new MicrometerListenerMeters(registry);
		}

	}

}
