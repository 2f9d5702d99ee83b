package dev.wsclient.test.spring;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
	void listensOnAFixedPortWhenGivenOne() throws IOException {
		int port;
		try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = probe.getLocalPort();
		}
		MockWsServerContextCustomizer customizer = new MockWsServerContextCustomizer(
				List.of(new MockWsServerContextCustomizer.Definition("feed", "/feed", false, port, List.of(), 0,
						List.of(), false)));
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			customizer.customizeContext(context, mock(MergedContextConfiguration.class));
			context.refresh();
			MockWsServer server = context.getBean(MockWsServer.class);
			assertThat(server.port()).isEqualTo(port);
			assertThat(context.getEnvironment().getProperty("wsclient.clients.feed.url"))
				.isEqualTo("ws://127.0.0.1:" + port + "/feed");
			// A second context on the same port fails and says why.
			try (GenericApplicationContext second = new GenericApplicationContext()) {
				assertThatIllegalStateException()
					.isThrownBy(() -> customizer.customizeContext(second, mock(MergedContextConfiguration.class)))
					.withMessageContaining("@WithMockWsServer(client = \"feed\") could not start")
					.withMessageContaining("port " + port);
			}
		}
	}

	@Test
	void theAnnotationCarriesPortSubprotocolsAndMaximumMessageSize() {
		assertThat(this.factory.createContextCustomizer(WithOptions.class, List.of()))
			.isEqualTo(new MockWsServerContextCustomizer(List.of(new MockWsServerContextCustomizer.Definition("feed",
					"/", true, 4321, List.of("v1", "v2"), 1024, List.of(), false))));
	}

	@Test
	void anInvalidPortNamesTheClient() {
		ContextCustomizer customizer = this.factory.createContextCustomizer(InvalidPort.class, List.of());
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			assertThatIllegalStateException()
				.isThrownBy(() -> customizer.customizeContext(context, mock(MergedContextConfiguration.class)))
				.withMessageContaining("@WithMockWsServer(client = \"feed\")")
				.withMessageContaining("port must be 0 to 65535 but was 70000");
		}
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

	@WithMockWsServer(client = "feed", tls = true, port = 4321, subprotocols = { "v1", "v2" }, maxMessageSize = 1024)
	static class WithOptions {

	}

	@WithMockWsServer(client = "feed", port = 70000)
	static class InvalidPort {

	}

}
