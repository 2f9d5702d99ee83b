package dev.wsclient.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsClientOptions;
import dev.wsclient.core.WsCloseStatus;
import dev.wsclient.core.WsStatusCode;
import dev.wsclient.test.server.Misbehaviour;
import dev.wsclient.test.server.MockWsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.wsclient.test.WsClientCapture.awaitClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every misbehaviour of {@link MockWsServer} ends the real wsclient client's connection
 * with the status its factory documents.
 */
@MockWsServerTest
class MisbehaviourStatusTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final List<WsClient> clients = new ArrayList<>();

	@AfterEach
	void closeClients() {
		this.clients.forEach((client) -> client.close().block(TIMEOUT));
	}

	@Test
	void refusedHandshakeIsMinus17WithTheHttpStatus(MockWsServer server) {
		WsCloseStatus status = statusAfter(server.misbehave(Misbehaviour.refuseHandshake(503)), defaults());
		assertThat(status.status()).isEqualTo(WsStatusCode.NOT_SWITCHING_PROTOCOLS);
		assertThat(status.httpStatus()).isEqualTo(503);
	}

	@Test
	void badAcceptKeyIsMinus7(MockWsServer server) {
		assertThat(statusAfter(server.misbehave(Misbehaviour.badAcceptKey()), defaults()).code()).isEqualTo(-7);
	}

	@Test
	void unansweredHandshakeIsMinus18(MockWsServer server) {
		WsClientOptions options = WsClientOptions.builder().connectTimeout(Duration.ofMillis(300)).build();
		assertThat(statusAfter(server.misbehave(Misbehaviour.neverAnswerHandshake()), options).code()).isEqualTo(-18);
		assertThat(server.handshakeCount()).isEqualTo(1);
	}

	@Test
	void silentServerIsMinus19(MockWsServer server) {
		WsClientOptions options = WsClientOptions.builder()
			.pingInterval(Duration.ofMillis(100))
			.maxMissedPings(2)
			.build();
		assertThat(statusAfter(server.misbehave(Misbehaviour.silent()), options).code()).isEqualTo(-19);
		assertThat(server.connections()).singleElement()
			.satisfies((connection) -> assertThat(connection.pingsReceived()).isPositive());
	}

	@Test
	void strayContinuationIsMinus15With1002(MockWsServer server) {
		WsCloseStatus status = statusAfter(server.misbehave(Misbehaviour.strayContinuation()), defaults());
		assertThat(status.code()).isEqualTo(-15);
		assertThat(status.rfcCode()).isEqualTo(1002);
	}

	@Test
	void closeFrameIsMinus6WithTheCodeAndReason(MockWsServer server) {
		WsCloseStatus status = statusAfter(server.misbehave(Misbehaviour.close(4001, "maintenance")), defaults());
		assertThat(status.code()).isEqualTo(-6);
		assertThat(status.rfcCode()).isEqualTo(4001);
		assertThat(status.reason()).isEqualTo("maintenance");
	}

	@Test
	void droppedConnectionIsMinus200(MockWsServer server) {
		WsCloseStatus status = statusAfter(server.misbehave(Misbehaviour.dropConnection()), defaults());
		assertThat(status.code()).isEqualTo(-200);
		assertThat(status.rfcCode()).isNull();
	}

	@Test
	void resetConnectionIsMinus104(MockWsServer server) {
		assertThat(statusAfter(server.misbehave(Misbehaviour.resetConnection()), defaults()).code()).isEqualTo(-104);
	}

	@Test
	void invalidUtf8IsMinus202With1007(MockWsServer server) {
		WsCloseStatus status = statusAfter(server.misbehave(Misbehaviour.invalidUtf8()), defaults());
		assertThat(status.code()).isEqualTo(-202);
		assertThat(status.rfcCode()).isEqualTo(1007);
	}

	@Test
	void maskedFrameIsMinus201With1002(MockWsServer server) {
		WsCloseStatus status = statusAfter(server.misbehave(Misbehaviour.maskedFrame()), defaults());
		assertThat(status.code()).isEqualTo(-201);
		assertThat(status.rfcCode()).isEqualTo(1002);
	}

	@Test
	void reservedBitsAreMinus201With1002(MockWsServer server) {
		WsCloseStatus status = statusAfter(server.misbehave(Misbehaviour.reservedBits()), defaults());
		assertThat(status.code()).isEqualTo(-201);
		assertThat(status.rfcCode()).isEqualTo(1002);
	}

	@Test
	void messageOverTheClientsLimitIsMinus8With1009(MockWsServer server) {
		WsClientOptions options = WsClientOptions.builder().maxMessageSize(1000).build();
		WsCloseStatus status = statusAfter(server.misbehave(Misbehaviour.oversizedMessage(2000)), options);
		assertThat(status.code()).isEqualTo(-8);
		assertThat(status.rfcCode()).isEqualTo(1009);
		// The client may report its status before the server has read the close frame.
		assertThat(server.connections()).singleElement()
			.satisfies((connection) -> await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(connection.closeCodeReceived()).isEqualTo(1009)));
	}

	@Test
	void untrustedCertificateIsMinus203() {
		try (MockWsServer server = MockWsServer.builder().tls().start()) {
			WsCloseStatus status = statusAfter(server, defaults());
			assertThat(status.status()).isEqualTo(WsStatusCode.TLS_HANDSHAKE_FAILED);
		}
	}

	@Test
	void trustedCertificateConnects() {
		try (MockWsServer server = MockWsServer.builder().tls().start()) {
			server.sendOnConnect("over TLS");
			WsClient client = client(WsClientOptions.builder().sslContext(server.tls().clientSslContext()).build());
			client.connect(server.uri("/secure")).block(TIMEOUT);
			assertThat(WsClientCapture.awaitMessages(client, 1, TIMEOUT).get(0).text()).isEqualTo("over TLS");
		}
	}

	@Test
	void stoppedServerIsMinus111(MockWsServer server) {
		server.stop();
		assertThat(statusAfter(server, defaults()).status()).isEqualTo(WsStatusCode.CONNECTION_REFUSED);
	}

	@Test
	void misbehavingOnceLetsTheNextConnectionThrough(MockWsServer server) {
		server.misbehaveOnce(Misbehaviour.refuseHandshake(429));
		assertThat(statusAfter(server, defaults()).httpStatus()).isEqualTo(429);
		WsClient client = client(defaults());
		client.connect(server.uri()).block(TIMEOUT);
		assertThat(server.connectionCount()).isEqualTo(1);
	}

	@Test
	void anOpenConnectionMisbehavesWhenToldTo(MockWsServer server) {
		WsClient client = client(defaults());
		client.connect(server.uri()).block(TIMEOUT);
		server.awaitConnections(1, TIMEOUT).get(0).misbehave(Misbehaviour.invalidUtf8());
		assertThat(awaitClose(client, TIMEOUT).code()).isEqualTo(-202);
	}

	/**
	 * Connect a new client and return how its first connection attempt ended.
	 */
	private WsCloseStatus statusAfter(MockWsServer server, WsClientOptions options) {
		WsClient client = client(options);
		client.connect(server.uri("/misbehaving")).onErrorComplete().subscribe();
		return awaitClose(client, TIMEOUT);
	}

	private WsClient client(WsClientOptions options) {
		WsClient client = WsClient.create(options);
		WsClientCapture.attach(client);
		this.clients.add(client);
		return client;
	}

	private static WsClientOptions defaults() {
		return WsClientOptions.defaults();
	}

}
