package dev.wsclient.core;

import java.time.Duration;
import java.util.function.Consumer;

import dev.wsclient.test.server.raw.HttpConnectProxy;
import dev.wsclient.core.testsupport.RoutesServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Connecting through an HTTP proxy with {@code CONNECT}.
 */
class ProxyTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private RoutesServer server;

	@BeforeEach
	void startServer() {
		this.server = RoutesServer.start();
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void tunnelsThroughAnHttpProxy() throws Exception {
		try (HttpConnectProxy proxy = HttpConnectProxy.start()) {
			connectThrough(WsProxy.http("127.0.0.1", proxy.port()), (client) -> {
				StepVerifier.create(client.messages().map(WsMessage::text).take(1))
					.then(() -> client.send("through the proxy"))
					.expectNext("through the proxy")
					.expectComplete()
					.verify(TIMEOUT);
				assertThat(proxy.targets()).containsExactly("127.0.0.1:" + this.server.port());
			});
		}
	}

	@Test
	void authenticatesToTheProxy() throws Exception {
		try (HttpConnectProxy proxy = HttpConnectProxy.start("alice", "s3cret")) {
			connectThrough(WsProxy.http("127.0.0.1", proxy.port()).withCredentials("alice", "s3cret"),
					(client) -> assertThat(client.state()).isEqualTo(WsState.OPEN));
		}
	}

	@Test
	void proxyRefusingTheCredentialsIsMinus206() throws Exception {
		try (HttpConnectProxy proxy = HttpConnectProxy.start("alice", "s3cret")) {
			WsClient client = WsClient.create(WsClientOptions.builder()
				.proxy(WsProxy.http("127.0.0.1", proxy.port()).withCredentials("alice", "wrong"))
				.build());
			assertThatExceptionOfType(WsConnectException.class)
				.isThrownBy(() -> client.connect(this.server.uri("/echo")).block(TIMEOUT))
				.satisfies((ex) -> assertThat(ex.status().code()).isEqualTo(-206));
			assertThat(this.server.requests()).isEmpty();
		}
	}

	@Test
	void proxySettingsAreCheckedAndThePasswordIsNeverShown() {
		assertThatIllegalArgumentException().isThrownBy(() -> WsProxy.http("127.0.0.1", 0))
			.withMessageContaining("proxy port");
		assertThatIllegalArgumentException().isThrownBy(() -> WsProxy.http(" ", 8080))
			.withMessageContaining("proxy host");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> WsProxy.http("127.0.0.1", 8080).withNonProxyHosts("[unclosed"))
			.withMessageContaining("nonProxyHosts");
		assertThat(WsProxy.http("proxy.internal", 3128).withCredentials("alice", "s3cret").toString()).contains("alice")
			.doesNotContain("s3cret");
	}

	/**
	 * Connect a client through {@code proxy} to the server's echo, hand it to
	 * {@code test}, then close it, before the proxy closes.
	 */
	private void connectThrough(WsProxy proxy, Consumer<WsClient> test) {
		WsClient client = WsClient.create(WsClientOptions.builder().proxy(proxy).build());
		try {
			client.connect(this.server.uri("/echo")).block(TIMEOUT);
			test.accept(client);
		}
		finally {
			client.close().block(TIMEOUT);
		}
	}

}
