package dev.wsclient.test.spring;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.wsclient.autoconfigure.WsClients;
import dev.wsclient.core.WsClient;
import dev.wsclient.test.WsClientCapture;
import dev.wsclient.test.server.MockWsServer;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Starts the servers before the context refreshes, puts their URLs (and, for TLS, an SSL
 * bundle trusting them) first among the property sources, registers them as beans that
 * close with the context, and attaches a {@link WsClientCapture} to every client before
 * the context starts connecting them. Equal definitions make equal customizers, so Spring
 * reuses the cached context, servers included.
 */
final class MockWsServerContextCustomizer implements ContextCustomizer {

	private static final String PROPERTY_SOURCE_NAME = "mockWsServers";

	private final List<Definition> definitions;

	MockWsServerContextCustomizer(List<Definition> definitions) {
		Set<String> clients = new HashSet<>();
		for (Definition definition : definitions) {
			if (!clients.add(definition.client())) {
				throw new IllegalStateException(
						"@WithMockWsServer names client '" + definition.client() + "' more than once");
			}
			if (!definition.path().startsWith("/")) {
				throw new IllegalStateException("@WithMockWsServer(client = \"" + definition.client()
						+ "\") path must start with '/' but was '" + definition.path() + "'");
			}
		}
		this.definitions = List.copyOf(definitions);
	}

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
		context.getBeanFactory().addBeanPostProcessor(new CapturingPostProcessor());
		if (!this.definitions.isEmpty()) {
			registerServers(context);
		}
	}

	private void registerServers(ConfigurableApplicationContext context) {
		Map<String, MockWsServer> servers = new LinkedHashMap<>();
		Map<String, Object> properties = new LinkedHashMap<>();
		try {
			for (Definition definition : this.definitions) {
				MockWsServer server = definition.start();
				servers.put(definition.client(), server);
				String prefix = "wsclient.clients." + definition.client() + ".";
				properties.put(prefix + "url", server.uri(definition.path()).toString());
				if (definition.tls()) {
					String bundle = "mock-ws-server-" + definition.client();
					properties.put(prefix + "ssl.bundle", bundle);
					properties.put("spring.ssl.bundle.pem." + bundle + ".truststore.certificate",
							server.tls().certificatePem());
				}
			}
		}
		catch (RuntimeException ex) {
			servers.values().forEach(MockWsServer::close);
			throw ex;
		}
		MockWsServers registered = new MockWsServers(servers);
		context.getEnvironment().getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, properties));
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		if (!(beanFactory instanceof BeanDefinitionRegistry registry)) {
			registered.close();
			throw new IllegalStateException("@WithMockWsServer needs a context whose bean factory registers beans");
		}
		RootBeanDefinition serversBean = new RootBeanDefinition(MockWsServers.class, () -> registered);
		serversBean.setDestroyMethodName("close");
		registry.registerBeanDefinition("mockWsServers", serversBean);
		if (servers.size() == 1) {
			MockWsServer only = servers.values().iterator().next();
			// Closed with the MockWsServers bean.
			RootBeanDefinition serverBean = new RootBeanDefinition(MockWsServer.class, () -> only);
			serverBean.setDestroyMethodName("");
			registry.registerBeanDefinition("mockWsServer", serverBean);
		}
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof MockWsServerContextCustomizer customizer
				&& customizer.definitions.equals(this.definitions);
	}

	@Override
	public int hashCode() {
		return this.definitions.hashCode();
	}

	/**
	 * One {@link WithMockWsServer} annotation.
	 */
	record Definition(String client, String path, boolean tls, int port, List<String> subprotocols, int maxMessageSize,
			List<String> sendOnConnect, boolean echo) {

		MockWsServer start() {
			MockWsServer.Builder builder = MockWsServer.builder();
			if (this.tls) {
				builder.tls();
			}
			builder.subprotocols(this.subprotocols.toArray(String[]::new));
			try {
				builder.port(this.port);
				if (this.maxMessageSize != 0) {
					builder.maxMessageSize(this.maxMessageSize);
				}
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException(
						"@WithMockWsServer(client = \"" + this.client + "\"): " + ex.getMessage(), ex);
			}
			MockWsServer server;
			try {
				server = builder.start();
			}
			catch (IllegalStateException ex) {
				throw new IllegalStateException("@WithMockWsServer(client = \"" + this.client + "\") could not start: "
						+ ex.getMessage() + ((this.port != 0) ? " (is another context or process on port " + this.port
								+ "? port = 0 picks a free one)" : ""),
						ex);
			}
			server.sendOnConnect(this.sendOnConnect.toArray(String[]::new));
			if (this.echo) {
				server.echo();
			}
			return server;
		}

	}

	/**
	 * Attaches a capture to every client as soon as it exists, long before the context
	 * starts and the clients connect.
	 */
	private static final class CapturingPostProcessor implements BeanPostProcessor {

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (bean instanceof WsClient client) {
				WsClientCapture.attach(client);
			}
			else if (bean instanceof WsClients clients) {
				clients.names().forEach((name) -> WsClientCapture.attach(clients.get(name)));
			}
			return bean;
		}

	}

}
