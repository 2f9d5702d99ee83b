package dev.wsclient.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.wsclient.autoconfigure.listener.WsClientListener;
import dev.wsclient.autoconfigure.listener.WsClientListenerAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GeneratedFiles;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.context.annotation.AnnotationConfigUtils;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.InputStreamSource;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AOT processing of an application that uses the starter, as {@code process-aot} runs it:
 * it succeeds, generates no code for the clients of the build's configuration (they are
 * registered again when the processed application runs, from its own configuration) and
 * contributes the starter's runtime hints. The processed application itself runs in the
 * {@code aot-tests} module.
 */
class WsClientAotProcessingTests {

	@Test
	void processingGeneratesNoCodeForTheConfiguredClients() throws IOException {
		InMemoryGeneratedFiles files = new InMemoryGeneratedFiles();
		DefaultGenerationContext generation = process(files);
		String sources = sources(files);
		assertThat(sources).contains("wsClientBeanDefinitionRegistrar")
			.contains("wsClients")
			.doesNotContain(ClientBeanDefinitionRegistrar.DEFINITIONS_BEAN_NAME)
			.doesNotContain("\"prices\"");
		assertThat(RuntimeHintsPredicates.reflection().onType(WsClientProperties.Client.class))
			.accepts(generation.getRuntimeHints());
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(PriceListener.class, "on"))
			.accepts(generation.getRuntimeHints());
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Tick.class, "symbol"))
			.accepts(generation.getRuntimeHints());
	}

	private DefaultGenerationContext process(GeneratedFiles files) {
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("test",
						Map.of("wsclient.clients.prices.url", "ws://127.0.0.1:9/prices")));
			AnnotationConfigUtils.registerAnnotationConfigProcessors(context);
			context.registerBean(WsClientAutoConfiguration.class);
			context.registerBean(WsClientListenerAutoConfiguration.class);
			context.registerBean(PriceListener.class);
			DefaultGenerationContext generation = new DefaultGenerationContext(
					new ClassNameGenerator(ClassName.get("com.example", "AotTestApplication")), files);
			new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
			generation.writeGeneratedContent();
			return generation;
		}
	}

	private static String sources(InMemoryGeneratedFiles files) throws IOException {
		StringBuilder sources = new StringBuilder();
		for (InputStreamSource source : files.getGeneratedFiles(GeneratedFiles.Kind.SOURCE).values()) {
			try (InputStream in = source.getInputStream()) {
				sources.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
			}
		}
		return sources.toString();
	}

	static class PriceListener {

		@WsClientListener("prices")
		void on(Tick tick) {
		}

	}

	record Tick(String symbol, double bid) {
	}

}
