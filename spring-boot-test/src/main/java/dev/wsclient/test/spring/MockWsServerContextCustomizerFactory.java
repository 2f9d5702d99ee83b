package dev.wsclient.test.spring;

import java.util.List;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Turns the {@link WithMockWsServer @WithMockWsServer} annotations of a test class (and
 * of its enclosing classes, for {@code @Nested} tests) into a
 * {@link MockWsServerContextCustomizer}; registered in {@code META-INF/spring.factories}.
 */
class MockWsServerContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		List<MockWsServerContextCustomizer.Definition> definitions = TestContextAnnotationUtils
			.getMergedRepeatableAnnotations(testClass, WithMockWsServer.class)
			.stream()
			.map(MockWsServerContextCustomizerFactory::definition)
			.distinct()
			.toList();
		// Without annotations, the customizer still attaches captures to every client.
		return new MockWsServerContextCustomizer(definitions);
	}

	private static MockWsServerContextCustomizer.Definition definition(WithMockWsServer annotation) {
		return new MockWsServerContextCustomizer.Definition(annotation.client(), annotation.path(), annotation.tls(),
				annotation.port(), List.of(annotation.subprotocols()), annotation.maxMessageSize(),
				List.of(annotation.sendOnConnect()), annotation.echo());
	}

}
