package dev.wsclient.core;

import dev.wsclient.core.testsupport.RoutesServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

import static dev.wsclient.core.TestResources.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@link WsTransports}: transports of one's own are disposed with the clients that use
 * them, the JVM-wide ones never.
 */
class WsTransportsTests {

	@RegisterExtension
	final TestResources resources = new TestResources();

	@Test
	void aClientCreatedBeforeItsTransportsWereDisposedKeepsWorkingAndNoClientCanBeCreatedAfter() {
		RoutesServer server = this.resources.track(RoutesServer.start());
		WsTransports transports = WsTransports.create();
		WsClientOptions options = WsClientOptions.builder().transports(transports).build();
		WsClient client = this.resources.client(options);
		transports.dispose();
		assertThat(transports.isDisposed()).isTrue();
		client.connect(server.uri("/echo")).block(TIMEOUT);
		StepVerifier.create(client.messages().map(WsMessage::text).take(1))
			.then(() -> client.send("still here"))
			.expectNext("still here")
			.expectComplete()
			.verify(TIMEOUT);
		assertThatIllegalStateException().isThrownBy(() -> WsClient.create(options))
			.withMessageContaining("WsTransports")
			.withMessageContaining("disposed");
	}

	@Test
	void theSharedTransportsAreTheDefaultAndAreNeverDisposed() {
		assertThat(WsClientOptions.defaults().transports()).isSameAs(WsTransports.shared());
		WsTransports.shared().dispose();
		assertThat(WsTransports.shared().isDisposed()).isFalse();
		assertThat(WsClient.create().state()).isEqualTo(WsState.CLOSED);
	}

}
