package dev.wsclient.test.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static dev.wsclient.test.server.JdkClient.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * The verbs of {@link MockWsServer}, with the JDK's WebSocket client. The misbehaviours
 * are proven with the wsclient client in wsclient-test.
 */
// The connections held open in try-with-resources are the point of several tests.
@SuppressWarnings("try")
class MockWsServerTests {

	@Test
	void recordsTheHandshakeWithPathQueryAndHeaders() {
		try (MockWsServer server = MockWsServer.start();
				JdkClient client = JdkClient.connect(server.uri("/feed?symbol=AC%20ME&depth=2"),
						HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer t0ken"))) {
			HandshakeRequest handshake = server.takeHandshake(TIMEOUT);
			assertThat(handshake.path()).isEqualTo("/feed");
			assertThat(handshake.query()).isEqualTo("symbol=AC%20ME&depth=2");
			assertThat(handshake.queryParameter("symbol")).isEqualTo("AC ME");
			assertThat(handshake.queryParameter("missing")).isNull();
			assertThat(handshake.header("authorization")).isEqualTo("Bearer t0ken");
			assertThat(handshake.headers("AUTHORIZATION")).containsExactly("Bearer t0ken");
			assertThat(handshake.toString()).contains("authorization").doesNotContain("t0ken");
			assertThat(handshake.index()).isZero();
		}
	}

	@Test
	void sendsBatchesOfBinaryMessagesMadeWhenTheSocketTakesThem() throws Exception {
		try (MockWsServer server = MockWsServer.start()) {
			AtomicInteger made = new AtomicInteger();
			server.whenConnected((connection) -> connection.sendAllBinary(3, (i) -> {
				made.incrementAndGet();
				return new byte[i + 1];
			}));
			try (JdkClient client = JdkClient.connect(server.uri())) {
				assertThat(List.of(client.take(), client.take(), client.take())).containsExactly("binary:1", "binary:2",
						"binary:3");
				assertThat(made).hasValue(3);
				MockWsConnection connection = server.awaitConnections(1, TIMEOUT).get(0);
				await().atMost(TIMEOUT).untilAsserted(() -> assertThat(connection.messagesSent()).isEqualTo(3));
			}
		}
	}

	@Test
	void sendsGreetingsThenQueuedRepliesThenScriptedOnes() throws Exception {
		try (MockWsServer server = MockWsServer.start()) {
			server.sendOnConnect("welcome").sendOnConnect(new byte[3]).enqueueReply("first", "second");
			server.replyWith((message, connection) -> connection.send("scripted:" + message.text()));
			try (JdkClient client = JdkClient.connect(server.uri())) {
				assertThat(client.take()).isEqualTo("welcome");
				assertThat(client.take()).isEqualTo("binary:3");
				for (String sent : List.of("a", "b", "c")) {
					client.send(sent);
				}
				assertThat(List.of(client.take(), client.take(), client.take())).containsExactly("first", "second",
						"scripted:c");
				assertThat(List.of(server.takeMessage(TIMEOUT).text(), server.takeMessage(TIMEOUT).text(),
						server.takeMessage(TIMEOUT).text()))
					.containsExactly("a", "b", "c");
				MockWsConnection connection = server.awaitConnections(1, TIMEOUT).get(0);
				assertThat(connection.messagesReceived()).isEqualTo(3);
				// Counted once the write completes, which may be after the client read
				// it.
				await().atMost(TIMEOUT).untilAsserted(() -> assertThat(connection.messagesSent()).isEqualTo(5));
			}
		}
	}

	@Test
	void pushesToEveryOpenConnectionAndCountsPerConnection() throws Exception {
		try (MockWsServer server = MockWsServer.start();
				JdkClient first = JdkClient.connect(server.uri("/a"));
				JdkClient second = JdkClient.connect(server.uri("/b"))) {
			List<MockWsConnection> connections = server.awaitConnections(2, TIMEOUT);
			assertThat(server.push("news")).isEqualTo(2);
			assertThat(first.take()).isEqualTo("news");
			assertThat(second.take()).isEqualTo("news");
			first.send("from first");
			assertThat(server.takeMessage(TIMEOUT).connectionIndex()).isEqualTo(connections.get(0).index());
			assertThat(connections).extracting(MockWsConnection::messagesReceived).containsExactly(1L, 0L);
			assertThat(connections).extracting((connection) -> connection.handshake().path())
				.containsExactly("/a", "/b");
		}
	}

	@Test
	void handsEveryConnectionToTheConnectHandlerAfterTheGreetings() throws Exception {
		try (MockWsServer server = MockWsServer.start()) {
			server.sendOnConnect("hello").whenConnected((connection) -> connection.send(connection.handshake().path()));
			try (JdkClient client = JdkClient.connect(server.uri("/by-path"))) {
				assertThat(List.of(client.take(), client.take())).containsExactly("hello", "/by-path");
			}
			server.whenConnected((connection) -> {
				throw new IllegalStateException("handler broke");
			});
			try (JdkClient client = JdkClient.connect(server.uri())) {
				assertThat(client.take()).isEqualTo("hello");
				assertThat(client.take()).isEqualTo("close:1011");
			}
			assertThat(server.failures()).singleElement()
				.satisfies((failure) -> assertThat(failure).hasMessage("handler broke"));
		}
	}

	@Test
	void recordsTheClientsCloseAndEchoesIt() throws Exception {
		try (MockWsServer server = MockWsServer.start(); JdkClient client = JdkClient.connect(server.uri())) {
			MockWsConnection connection = server.awaitConnections(1, TIMEOUT).get(0);
			client.socket().sendClose(4321, "done").get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(client.take()).isEqualTo("close:4321");
			assertThat(connection.closeCodeReceived()).isEqualTo(4321);
			assertThat(connection.closeReasonReceived()).isEqualTo("done");
		}
	}

	@Test
	void selectsTheFirstOfferedSubprotocolItSupports() {
		try (MockWsServer server = MockWsServer.builder().subprotocols("v2", "v1").start();
				JdkClient client = JdkClient.connect(server.uri(),
						HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("v1", "v2"))) {
			assertThat(client.socket().getSubprotocol()).isEqualTo("v1");
		}
	}

	@Test
	void refusesWithTheGivenStatusAndRecordsTheHandshake() {
		try (MockWsServer server = MockWsServer.start()) {
			server.misbehaveOnce(Misbehaviour.refuseHandshake(401));
			assertThatExceptionOfType(CompletionException.class).isThrownBy(() -> JdkClient.connect(server.uri()))
				.havingCause()
				.isInstanceOfSatisfying(WebSocketHandshakeException.class,
						(ex) -> assertThat(ex.getResponse().statusCode()).isEqualTo(401));
			try (JdkClient client = JdkClient.connect(server.uri())) {
				assertThat(server.handshakeCount()).isEqualTo(2);
				assertThat(server.connectionCount()).isEqualTo(1);
				assertThat(server.connections()).singleElement()
					.satisfies((connection) -> assertThat(connection.index()).isEqualTo(1));
			}
		}
	}

	@Test
	void stopsAndRestartsOnTheSamePort() throws Exception {
		try (MockWsServer server = MockWsServer.start()) {
			server.sendOnConnect("hello");
			try (JdkClient client = JdkClient.connect(server.uri())) {
				assertThat(client.take()).isEqualTo("hello");
				server.stop();
				assertThat(server.isRunning()).isFalse();
				assertThat(server.openConnections()).isZero();
			}
			// The JDK client reports the refused connection in several ways.
			assertThatExceptionOfType(CompletionException.class).isThrownBy(() -> JdkClient.connect(server.uri()));
			assertThat(server.handshakeCount()).isEqualTo(1);
			server.restart();
			try (JdkClient client = JdkClient.connect(server.uri())) {
				assertThat(client.take()).isEqualTo("hello");
			}
			assertThatIllegalStateException().isThrownBy(server::restart).withMessageContaining("stop()");
		}
	}

	@Test
	void restartWaitsUntilAClientSocketHoldingThePortLetsItGo() throws Exception {
		try (MockWsServer server = MockWsServer.start()) {
			server.sendOnConnect("hello");
			server.stop();
			AtomicReference<@Nullable RuntimeException> failure = new AtomicReference<>();
			Thread restarting = new Thread(() -> {
				try {
					server.restart();
				}
				catch (RuntimeException ex) {
					failure.set(ex);
				}
			}, "restarting");
			// As a client's connection attempt given the server's port as its own.
			try (Socket holder = new Socket()) {
				holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
				restarting.start();
				await().atMost(TIMEOUT).until(() -> restarting.getState() == Thread.State.TIMED_WAITING);
				assertThat(server.isRunning()).isFalse();
			}
			restarting.join(TIMEOUT.toMillis());
			assertThat(failure.get()).isNull();
			assertThat(server.isRunning()).isTrue();
			try (JdkClient client = JdkClient.connect(server.uri())) {
				assertThat(client.take()).isEqualTo("hello");
			}
		}
	}

	@Test
	void releasesItsPortOnClose() throws Exception {
		int port;
		try (MockWsServer first = MockWsServer.start(); JdkClient client = JdkClient.connect(first.uri())) {
			port = first.port();
		}
		// A second server on the same port at once, with the first one's connection in
		// TIME_WAIT.
		try (MockWsServer second = MockWsServer.builder().port(port).start();
				JdkClient client = JdkClient.connect(second.uri())) {
			second.awaitConnections(1, TIMEOUT);
			assertThat(second.port()).isEqualTo(port);
		}
	}

	@Test
	void speaksTlsWithTheSelfSignedIdentity() throws Exception {
		try (MockWsServer server = MockWsServer.builder().tls().start()) {
			server.sendOnConnect("secret");
			HttpClient https = HttpClient.newBuilder().sslContext(server.tls().jdkClientContext()).build();
			assertThat(server.uri().getScheme()).isEqualTo("wss");
			try (JdkClient client = JdkClient.connect(server.uri(), https.newWebSocketBuilder())) {
				assertThat(client.take()).isEqualTo("secret");
			}
		}
	}

	@Test
	void takingFailsLoudlyWhenNothingArrivesOrTheRecordOverflowed() throws Exception {
		try (MockWsServer server = MockWsServer.builder().recordCapacity(2).start();
				JdkClient client = JdkClient.connect(server.uri())) {
			assertThat(server.pollMessage(Duration.ofMillis(50))).isNull();
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> server.takeMessage(Duration.ofMillis(50)))
				.withMessageContaining("no message within PT0.05S");
			server.echo();
			for (String text : List.of("1", "2", "3")) {
				client.send(text);
				assertThat(client.take()).isEqualTo(text);
			}
			assertThatIllegalStateException().isThrownBy(() -> server.takeMessage(TIMEOUT))
				.withMessageContaining("1 message(s) were not recorded")
				.withMessageContaining("recordCapacity");
		}
	}

	@Test
	void handshakeMisbehavioursCannotBeAppliedToAnOpenConnection() {
		try (MockWsServer server = MockWsServer.start(); JdkClient client = JdkClient.connect(server.uri())) {
			MockWsConnection connection = server.awaitConnections(1, TIMEOUT).get(0);
			assertThatIllegalArgumentException().isThrownBy(() -> connection.misbehave(Misbehaviour.badAcceptKey()))
				.withMessageContaining("badAcceptKey()");
		}
	}

}
