package dev.wsclient.test;

import java.time.Duration;
import java.util.Objects;

import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsClientOptions;
import dev.wsclient.core.WsState;
import dev.wsclient.test.server.MockWsServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.wsclient.test.WsClientCapture.awaitMessages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Both ways to use {@link MockWsServerExtension}.
 */
class MockWsServerExtensionTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static @Nullable MockWsServer serverOfTheFirstTest;

	private static @Nullable WsClient clientOfTheFirstTest;

	@AfterAll
	static void serversAndClientsEndWithTheirTest() {
		assertThat(Objects.requireNonNull(serverOfTheFirstTest).isRunning()).isFalse();
		assertThat(Objects.requireNonNull(clientOfTheFirstTest).state()).isEqualTo(WsState.CLOSED);
	}

	@Nested
	@MockWsServerTest
	class Declared {

		private @Nullable MockWsServer serverOfBeforeEach;

		@BeforeEach
		void greet(MockWsServer server) {
			server.sendOnConnect("hello");
			this.serverOfBeforeEach = server;
		}

		@Test
		void injectsOneServerPerTestAndACapturedClient(MockWsServer server, WsClient client) {
			assertThat(server).isSameAs(this.serverOfBeforeEach);
			assertThat(server.isRunning()).isTrue();
			client.connect(server.uri("/injected")).block(TIMEOUT);
			assertThat(awaitMessages(client, 1, TIMEOUT).get(0).text()).isEqualTo("hello");
			serverOfTheFirstTest = server;
			clientOfTheFirstTest = client;
		}

	}

	@Nested
	class Registered {

		@RegisterExtension
		final MockWsServerExtension mock = new MockWsServerExtension((builder) -> builder.subprotocols("v1"));

		@Test
		void configuresTheServerAndHandsItOut() {
			MockWsServer server = this.mock.server();
			WsClient client = WsClient.create(WsClientOptions.builder().subprotocols("v1").build());
			try {
				client.connect(server.uri()).block(TIMEOUT);
				assertThat(server.takeHandshake(TIMEOUT).header("Sec-WebSocket-Protocol")).isEqualTo("v1");
				assertThat(client.stats().state()).isEqualTo(WsState.OPEN);
			}
			finally {
				client.close().block(TIMEOUT);
			}
		}

		@Test
		void hasNoServerOutsideATest() {
			assertThatIllegalStateException().isThrownBy(() -> new MockWsServerExtension().server())
				.withMessageContaining("no test is running");
		}

	}

}
