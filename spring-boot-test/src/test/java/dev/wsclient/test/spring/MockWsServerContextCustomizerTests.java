package dev.wsclient.test.spring;

import java.util.List;

import dev.wsclient.test.server.MockWsServer;
import org.junit.jupiter.api.Test;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.Mockito.mock;

/**
 * The customizer's own rules: the servers live as long as the context, and equal
 * annotations share a cached context.
 */
class MockWsServerContextCustomizerTests {

	private final MockWsServerContextCustomizerFactory factory = new MockWsServerContextCustomizerFactory();

	@Test
	void serversStartBeforeTheContextAndCloseWithIt() {
		ContextCustomizer customizer = this.factory.createContextCustomizer(Annotated.class, List.of());
		MockWsServer server;
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			customizer.customizeContext(context, mock(MergedContextConfiguration.class));
			context.refresh();
			server = context.getBean(MockWsServer.class);
			assertThat(server.isRunning()).isTrue();
			assertThat(context.getEnvironment().getProperty("wsclient.clients.feed.url"))
				.isEqualTo(server.uri("/feed").toString());
		}
		assertThat(server.isRunning()).isFalse();
	}

	@Test
	void equalAnnotationsMakeEqualCustomizersSoTheContextIsReused() {
		assertThat(this.factory.createContextCustomizer(Annotated.class, List.of()))
			.isEqualTo(this.factory.createContextCustomizer(AnnotatedAlike.class, List.of()))
			.isNotEqualTo(this.factory.createContextCustomizer(AnnotatedOtherwise.class, List.of()));
		assertThat(this.factory.createContextCustomizer(MockWsServerContextCustomizerTests.class, List.of()))
			.isEqualTo(this.factory.createContextCustomizer(String.class, List.of()));
	}

	@Test
	void aClientNamedTwiceIsAnError() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.factory.createContextCustomizer(NamedTwice.class, List.of()))
			.withMessageContaining("client 'feed' more than once");
	}

	@WithMockWsServer(client = "feed", path = "/feed")
	static class Annotated {

	}

	@WithMockWsServer(client = "feed", path = "/feed")
	static class AnnotatedAlike {

	}

	@WithMockWsServer(client = "feed", path = "/other")
	static class AnnotatedOtherwise {

	}

	@WithMockWsServer(client = "feed", path = "/feed")
	@WithMockWsServer(client = "feed", path = "/other")
	static class NamedTwice {

	}

}
