package dev.wsclient.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.wsclient.autoconfigure.endpoint.WsClientRedactionProperties;
import dev.wsclient.autoconfigure.endpoint.WsClientSanitizingFunction;
import dev.wsclient.autoconfigure.endpoint.WsClientsEndpoint;
import dev.wsclient.autoconfigure.health.WsClientHealthIndicator;
import dev.wsclient.autoconfigure.metrics.WsClientMetrics;
import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsTransports;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanNotOfRequiredTypeException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the WebSocket clients configured under {@code wsclient.clients}:
 * one {@link WsClient} bean per entry, the {@link WsClients} registry, Spring application
 * events, connection at start-up and graceful close at shutdown; and, when they are on
 * the classpath, JSON payloads with the application's Jackson mapper, Actuator health and
 * endpoint, Micrometer meters and observations.
 */
@AutoConfiguration(after = SslAutoConfiguration.class, afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
		"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
		"org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration" })
@ConditionalOnClass(WsClient.class)
@EnableConfigurationProperties(WsClientRedactionProperties.class)
public final class WsClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WsClientRedaction wsClientRedaction(WsClientRedactionProperties properties) {
		return properties.toRedaction();
	}

	@Bean
	WsClientEffectiveSettings wsClientEffectiveSettings(BeanFactory beanFactory, WsClientRedaction redaction) {
		return new WsClientEffectiveSettings(
				beanFactory.getBean(ClientBeanDefinitionRegistrar.DEFINITIONS_BEAN_NAME, ClientDefinitions.class),
				redaction);
	}

	@Bean
	static ClientBeanDefinitionRegistrar wsClientBeanDefinitionRegistrar(Environment environment) {
		return new ClientBeanDefinitionRegistrar(environment);
	}

	@Bean
	ApplicationEventBridge wsClientApplicationEventBridge(ApplicationEventPublisher publisher) {
		return new ApplicationEventBridge(publisher);
	}

	@Bean(destroyMethod = "dispose")
	@ConditionalOnMissingBean
	WsTransports wsClientTransports() {
		return WsTransports.create();
	}

	@Bean
	WsClientFactory wsClientFactory(ObjectProvider<SslBundles> sslBundles,
			ObjectProvider<WsClientHeadersProvider> headersProviders, ObjectProvider<WsClientCustomizer> customizers,
			ApplicationEventBridge eventBridge, WsTransports transports, WsClientRedaction redaction) {
		return new WsClientFactory(sslBundles, headersProviders, customizers, eventBridge, transports, redaction);
	}

	@Bean
	WsClients wsClients(BeanFactory beanFactory, ApplicationEventBridge eventBridge,
			ObjectProvider<WsMessageConverter> converter) {
		ClientDefinitions definitions = beanFactory.getBean(ClientBeanDefinitionRegistrar.DEFINITIONS_BEAN_NAME,
				ClientDefinitions.class);
		Map<String, WsClients.Registration> registrations = new LinkedHashMap<>();
		for (ClientDefinition definition : definitions.all()) {
			WsClient client = clientBean(beanFactory, definition);
			// Clients defined by the application were not made by the factory.
			eventBridge.attach(definition.name(), client, definition.settings().isPublishMessageEvents());
			registrations.put(definition.name(), new WsClients.Registration(definition.name(), client, definition.url(),
					definition.settings().isRequired(), definition.settings().isAutoConnect()));
		}
		return new WsClients(registrations, converter.getIfAvailable(RawMessageConverter::new));
	}

	@Bean
	WsClientsLifecycle wsClientsLifecycle(WsClients clients) {
		return new WsClientsLifecycle(clients);
	}

	@Bean
	WsClientCustomizer wsClientStateLog(WsClientRedaction redaction) {
		return (name, options) -> options.instrumentation(new ClientStateLog(name, System::nanoTime, redaction));
	}

	private static WsClient clientBean(BeanFactory beanFactory, ClientDefinition definition) {
		try {
			return beanFactory.getBean(definition.name(), WsClient.class);
		}
		catch (BeanNotOfRequiredTypeException ex) {
			throw new InvalidWsClientPropertyException(ClientDefinition.CLIENTS_PREFIX + "." + definition.name(),
					"the application defines a bean named '" + definition.name() + "' of type "
							+ ex.getActualType().getName() + ", which is not a WsClient; rename the client or the bean",
					ex);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JsonMapper.class)
	static class JsonConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WsMessageConverter wsMessageConverter(ObjectProvider<JsonMapper> jsonMapper) {
			// Boot's mapper, with the application's customizations; a default one without
			// it.
			return new JacksonMessageConverter(jsonMapper.getIfAvailable(JsonMapper::shared));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	@ConditionalOnEnabledHealthIndicator("wsclients")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "wsclientsHealthContributor")
		HealthContributor wsclientsHealthContributor(WsClients clients, WsClientRedaction redaction) {
			Map<String, HealthContributor> indicators = new LinkedHashMap<>();
			for (String name : clients.names()) {
				indicators.put(name,
						new WsClientHealthIndicator(clients.get(name), clients.isRequired(name), redaction));
			}
			return CompositeHealthContributor.fromMap(indicators);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(value = Endpoint.class,
			name = "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint")
	@ConditionalOnAvailableEndpoint(WsClientsEndpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WsClientsEndpoint wsClientsEndpoint(WsClients clients, WsClientRedaction redaction,
				WsClientEffectiveSettings settings) {
			return new WsClientsEndpoint(clients, redaction, settings);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SanitizingFunction.class)
	static class SanitizingConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WsClientSanitizingFunction wsClientSanitizingFunction(ConfigurableEnvironment environment,
				WsClientRedaction redaction) {
			return new WsClientSanitizingFunction(environment, redaction);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WsClientMetrics wsClientMetrics(ObjectProvider<WsClients> clients) {
			return new WsClientMetrics(clients);
		}

		@Bean
		WsClientCustomizer wsClientMetricsCustomizer(WsClientMetrics metrics) {
			return (name, options) -> options.instrumentation(metrics.instrumentation(name));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ObservationRegistry.class)
	@ConditionalOnBean(ObservationRegistry.class)
	static class ObservationConfiguration {

		@Bean
		WsClientCustomizer wsClientConnectObservation(ObservationRegistry observationRegistry) {
			return (name, options) -> options
				.instrumentation(new ObservationInstrumentation(name, observationRegistry));
		}

	}

}
