package dev.wsclient.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.wsclient.core.testsupport.RoutesServer;
import dev.wsclient.test.server.SelfSignedTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

import static dev.wsclient.core.TestResources.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@code wss://} to a server with a self-signed certificate on 127.0.0.1: refused with
 * the JVM trust store, accepted when trusted, and refused when the certificate is for
 * another host.
 */
class TlsTests {

	@RegisterExtension
	final TestResources resources = new TestResources();

	@Test
	void untrustedCertificateFailsWithMinus203AndAClearReason() {
		RoutesServer server = this.resources.track(RoutesServer.startSecure(SelfSignedTls.shared()));
		WsClient client = this.resources.client(WsClientOptions.defaults());
		WsCloseStatus status = failedConnect(client, server);
		assertThat(status.status()).isEqualTo(WsStatusCode.TLS_HANDSHAKE_FAILED);
		assertThat(status.code()).isEqualTo(-203);
		assertThat(status.reason()).startsWith("TLS handshake failed: ").containsIgnoringCase("certificat");
		assertThat(server.requests()).isEmpty();
	}

	@Test
	void trustedCertificateOpensAndEchoes() {
		SelfSignedTls tls = SelfSignedTls.shared();
		RoutesServer server = this.resources.track(RoutesServer.startSecure(tls));
		WsClient client = this.resources.client(WsClientOptions.builder().sslContext(tls.clientSslContext()).build());
		client.connect(server.uri("/echo")).block(TIMEOUT);
		assertThat(client.state()).isEqualTo(WsState.OPEN);
		StepVerifier.create(client.messages().take(2)).then(() -> {
			client.send("over tls");
			client.send(new byte[] { 7, 8, 9 });
		})
			.expectNext(WsMessage.text("over tls"), WsMessage.binary(new byte[] { 7, 8, 9 }))
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(client.stats().url()).startsWith("wss://127.0.0.1:");
	}

	@Test
	void certificateForAnotherHostFailsHostnameVerificationWithMinus203() {
		SelfSignedTls otherHost = SelfSignedTls.create("other.example");
		RoutesServer server = this.resources.track(RoutesServer.startSecure(otherHost));
		// The certificate is trusted: only its name is wrong for 127.0.0.1.
		WsClient client = this.resources
			.client(WsClientOptions.builder().sslContext(otherHost.clientSslContext()).build());
		WsCloseStatus status = failedConnect(client, server);
		assertThat(status.code()).isEqualTo(-203);
		assertThat(status.reason()).startsWith("TLS handshake failed: ").contains("127.0.0.1");
		assertThat(server.requests()).isEmpty();
	}

	@Test
	void serverContextIsRejectedAsClientContext() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> WsClientOptions.builder().sslContext(SelfSignedTls.shared().serverSslContext()))
			.withMessageContaining("sslContext");
	}

	private static WsCloseStatus failedConnect(WsClient client, RoutesServer server) {
		List<WsCloseStatus> closes = new CopyOnWriteArrayList<>();
		client.onClose((ws, status) -> closes.add(status));
		assertThatExceptionOfType(WsConnectException.class)
			.isThrownBy(() -> client.connect(server.uri("/echo")).block(TIMEOUT))
			.satisfies((ex) -> assertThat(ex.status().code()).isEqualTo(-203));
		assertThat(closes).hasSize(1);
		assertThat(client.state()).isEqualTo(WsState.CLOSED);
		return closes.get(0);
	}

}
