package dev.wsclient.autoconfigure.listener;

import java.nio.ByteBuffer;

import dev.wsclient.autoconfigure.InvalidWsClientPropertyException;
import dev.wsclient.autoconfigure.WsClients;
import dev.wsclient.autoconfigure.WsMessageConverter;
import dev.wsclient.core.WsMessage;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.system.JavaVersion;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.ResolvableType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The auto-configuration of listener methods and typed payloads: what it provides, what
 * it backs off for, and what it checks. The client never connects.
 */
class WsClientListenerAutoConfigurationTests {

	private final ApplicationContextRunner runner = ListenerTestSupport.unconnectedRunner();

	@Test
	void listenersAnErrorHandlerAndAJsonConverterAreConfigured() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ListenerMethodProcessor.class)
				.hasSingleBean(WsClientListenerErrorHandler.class)
				.hasSingleBean(WsMessageConverter.class)
				.doesNotHaveBean(ListenerMeters.class);
			assertThat(context.getBean(WsClientListenerErrorHandler.class)).isInstanceOf(LoggingErrorHandler.class);
			WsMessageConverter converter = context.getBean(WsMessageConverter.class);
			assertThat(context.getBean(WsClients.class).converter()).isSameAs(converter);
			assertThat(converter.reader(ResolvableType.forClass(Tick.class)).read(WsMessage.text("{\"symbol\":\"A\"}")))
				.isEqualTo(new Tick("A"));
			assertThat(converter.write(new Tick("B")).text()).isEqualTo("{\"symbol\":\"B\"}");
		});
	}

	@Test
	void withoutTheClientsThereAreNoListeners() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(WsClientListenerAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ListenerMethodProcessor.class)
				.doesNotHaveBean(WsClientListenerErrorHandler.class));
	}

	@Test
	void theApplicationsErrorHandlerAndConverterWin() {
		WsClientListenerErrorHandler handler = (failure) -> {
		};
		WsMessageConverter converter = new UpperCaseConverter();
		this.runner.withBean(WsClientListenerErrorHandler.class, () -> handler)
			.withBean(WsMessageConverter.class, () -> converter)
			.run((context) -> {
				assertThat(context.getBean(WsClientListenerErrorHandler.class)).isSameAs(handler);
				assertThat(context.getBean(WsClients.class).converter()).isSameAs(converter);
			});
	}

	@Test
	void withoutJacksonOnlyRawTypesConvert() {
		this.runner.withClassLoader(new FilteredClassLoader("tools.jackson")).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(WsMessageConverter.class);
			WsMessageConverter converter = context.getBean(WsClients.class).converter();
			assertThat(converter.reader(ResolvableType.forClass(ByteBuffer.class)).read(WsMessage.text("hi")))
				.isEqualTo(ByteBuffer.wrap(new byte[] { 'h', 'i' }));
			assertThat(converter.write("hi")).isEqualTo(WsMessage.text("hi"));
			assertThatIllegalArgumentException().isThrownBy(() -> converter.reader(ResolvableType.forClass(Tick.class)))
				.withMessageContaining("need a JSON mapper, and there is none: add spring-boot-starter-jackson");
		});
	}

	@Test
	void withMicrometerListenersHaveMeters() {
		this.runner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(ListenerMeters.class)
				.getBean(ListenerMeters.class)
				.isInstanceOf(MicrometerListenerMeters.class));
	}

	@Test
	void withoutMicrometerOnTheClassPathListenersWorkWithoutMeters() {
		this.runner.withClassLoader(new FilteredClassLoader("io.micrometer"))
			.withBean(BlockingListener.class)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ListenerMeters.class));
	}

	@Test
	void blockingListenersRunOnVirtualThreadsWhereTheJvmHasThem() {
		this.runner.withBean(BlockingListener.class)
			.run((context) -> assertThat(context.getBean(ListenerMethodProcessor.class).virtualThreads())
				.isEqualTo(JavaVersion.getJavaVersion().isEqualOrNewerThan(JavaVersion.TWENTY_ONE)));
		this.runner.run((context) -> assertThat(context.getBean(ListenerMethodProcessor.class).virtualThreads())
			.as("no executor without blocking listeners")
			.isNull());
	}

	@Test
	void invalidListenerPropertiesFailStartUpNamingTheProperty() {
		this.runner.withPropertyValues("wsclient.listener.executor.pool-size=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidWsClientPropertyException.class)
				.hasMessage("Invalid property 'wsclient.listener.executor.pool-size': must be 1 or more but was 0"));
		this.runner.withPropertyValues("wsclient.listener.logged-payload-length=-1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage(
						"Invalid property 'wsclient.listener.logged-payload-length': must be 0 or more but was -1"));
		this.runner.withPropertyValues("wsclient.listener.executor.shutdown-timeout=-1s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("Invalid property 'wsclient.listener.executor.shutdown-timeout': must not be negative"));
	}

	record Tick(String symbol) {
	}

	static class BlockingListener {

		@WsClientListener(value = "prices", blocking = true)
		void on(String text) {
		}

	}

	/** A converter of the application's own. */
	static class UpperCaseConverter implements WsMessageConverter {

		@Override
		public PayloadReader reader(ResolvableType type) {
			return (message) -> message.text().toUpperCase(java.util.Locale.ROOT);
		}

		@Override
		public WsMessage write(Object value) {
			return WsMessage.text(value.toString().toUpperCase(java.util.Locale.ROOT));
		}

	}

}
