package dev.wsclient.test.server.raw;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.wsclient.test.server.raw.JdkWebSocketPeer.Binary;
import dev.wsclient.test.server.raw.JdkWebSocketPeer.Close;
import dev.wsclient.test.server.raw.JdkWebSocketPeer.Ping;
import dev.wsclient.test.server.raw.JdkWebSocketPeer.Text;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Checks {@link ScriptedServer} against the JDK WebSocket client and raw sockets.
 */
class ScriptedServerTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String SAMPLE_KEY = "dGhlIHNhbXBsZSBub25jZQ==";

	@Test
	void scriptTalksToARealClient() throws Exception {
		List<Frame> fromClient = new CopyOnWriteArrayList<>();
		List<RawHandshakeRequest> handshakes = new CopyOnWriteArrayList<>();
		byte[] large = new byte[70_000];
		large[69_999] = 9;
		try (ScriptedServer server = ScriptedServer.start((c) -> {
			RawHandshakeRequest request = c.readHandshake();
			handshakes.add(request);
			c.acceptHandshake(request, "X-Scripted: yes");
			fromClient.add(c.readFrame(TIMEOUT));
			c.sendFrame(Frame.binary(large));
			c.sendFrames(Frame.text("ab").toBuilder().fin(false).build(), Frame.ping("mid"),
					Frame.continuation("cd", true));
			fromClient.add(c.readFrame(TIMEOUT));
			c.sendFrame(Frame.close(4000, "scripted bye"));
			fromClient.add(c.expectClose(TIMEOUT));
			assertThat(c.awaitClientClose(TIMEOUT)).isTrue();
		});
				JdkWebSocketPeer peer = JdkWebSocketPeer.connect(HttpClient.newHttpClient(), server.uri("/feed?x=1"),
						(builder) -> builder.header("X-Token", "t"))) {
			peer.sendText("hi");
			assertThat(peer.next(Binary.class).bytes()).isEqualTo(large);
			assertThat(peer.next(Ping.class)).isEqualTo(new Ping("mid"));
			assertThat(peer.next(Text.class)).isEqualTo(new Text("abcd", 2));
			assertThat(peer.next(Close.class)).isEqualTo(new Close(4000, "scripted bye"));

			assertThat(server.awaitScriptsFinished(TIMEOUT)).isTrue();
			server.assertNoScriptFailures();
			assertThat(server.acceptedConnections()).isEqualTo(1);
		}
		RawHandshakeRequest request = handshakes.get(0);
		assertThat(request.target()).isEqualTo("/feed?x=1");
		assertThat(request.header("x-token")).isEqualTo("t");
		assertThat(request.header("upgrade")).isEqualToIgnoringCase("websocket");
		assertThat(fromClient).hasSize(3);
		assertThat(fromClient.get(0).masked()).isTrue();
		assertThat(fromClient.get(0).text()).isEqualTo("hi");
		// the JDK answers the ping with a masked pong of the same payload
		assertThat(fromClient.get(1).opcode()).isEqualTo(Frame.PONG);
		assertThat(fromClient.get(1).masked()).isTrue();
		assertThat(fromClient.get(1).text()).isEqualTo("mid");
		assertThat(fromClient.get(2).opcode()).isEqualTo(Frame.CLOSE);
	}

	@Test
	void rejectedHandshakeReachesTheClient() throws Exception {
		try (ScriptedServer server = ScriptedServer.start((c) -> {
			c.readHandshake();
			c.writeRaw("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
		})) {
			Throwable failure = JdkWebSocketPeer.connectFailure(HttpClient.newHttpClient(), server.uri("/"));
			assertThat(failure).isInstanceOf(WebSocketHandshakeException.class);
			assertThat(((WebSocketHandshakeException) failure).getResponse().statusCode()).isEqualTo(403);
			assertThat(server.awaitScriptsFinished(TIMEOUT)).isTrue();
			server.assertNoScriptFailures();
		}
	}

	@Test
	void wrongAcceptKeyFailsTheJdkClient() throws Exception {
		try (ScriptedServer server = ScriptedServer.start((c) -> {
			c.readHandshake();
			c.writeRaw("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
					+ "Sec-WebSocket-Accept: " + RawHandshakeRequest.acceptFor("not-the-key") + "\r\n\r\n");
			c.awaitClientClose(TIMEOUT);
		})) {
			Throwable failure = JdkWebSocketPeer.connectFailure(HttpClient.newHttpClient(), server.uri("/"));
			assertThat(failure).isInstanceOf(IOException.class);
			assertThat(server.awaitScriptsFinished(TIMEOUT)).isTrue();
			server.assertNoScriptFailures();
		}
	}

	@Test
	void abruptCloseResetsTheConnection() throws Exception {
		try (ScriptedServer server = ScriptedServer.start((c) -> {
			c.acceptHandshake(c.readHandshake());
			c.closeAbruptly();
		}); JdkWebSocketPeer peer = JdkWebSocketPeer.connect(server.uri("/"))) {
			assertThat(peer.next()).isInstanceOf(JdkWebSocketPeer.Failure.class);
			assertThat(server.awaitScriptsFinished(TIMEOUT)).isTrue();
			server.assertNoScriptFailures();
		}
	}

	@Test
	void acceptsWithTheRfcAcceptValueOverARawSocket() throws Exception {
		try (ScriptedServer server = ScriptedServer.start((c) -> {
			c.acceptHandshake(c.readHandshake(), "Sec-WebSocket-Protocol: v1.json");
			c.sendFrame(Frame.text("welcome"));
			assertThat(c.awaitClientClose(TIMEOUT)).isTrue();
		}); Socket socket = connect(server)) {
			writeHandshake(socket, "/raw");
			String head = readHead(socket.getInputStream());
			assertThat(head).startsWith("HTTP/1.1 101 Switching Protocols\r\n")
				.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n")
				.contains("Sec-WebSocket-Protocol: v1.json\r\n");
			byte[] frame = socket.getInputStream().readNBytes(2 + "welcome".length());
			assertThat(Frame.decode(frame, 0, frame.length)).isNotNull();
			socket.shutdownOutput();
			assertThat(server.awaitScriptsFinished(TIMEOUT)).isTrue();
			server.assertNoScriptFailures();
		}
	}

	@Test
	void readFrameTimesOutWithoutLosingAPartialFrame() throws Exception {
		CountDownLatch timedOut = new CountDownLatch(1);
		List<Frame> frames = new CopyOnWriteArrayList<>();
		byte[] wire = Frame.text("split across a timeout").toBuilder().mask(new byte[] { 1, 2, 3, 4 }).build().encode();
		try (ScriptedServer server = ScriptedServer.start((c) -> {
			c.acceptHandshake(c.readHandshake());
			assertThatExceptionOfType(SocketTimeoutException.class)
				.isThrownBy(() -> c.readFrame(Duration.ofMillis(200)));
			timedOut.countDown();
			frames.add(c.readFrame(TIMEOUT));
		}); Socket socket = connect(server)) {
			writeHandshake(socket, "/");
			readHead(socket.getInputStream());
			OutputStream output = socket.getOutputStream();
			output.write(Arrays.copyOf(wire, 5));
			output.flush();
			assertThat(timedOut.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			output.write(Arrays.copyOfRange(wire, 5, wire.length));
			output.flush();
			// the script ends after reading the frame, and the server closes gracefully
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
			socket.shutdownOutput();
			assertThat(server.awaitScriptsFinished(TIMEOUT)).isTrue();
			server.assertNoScriptFailures();
		}
		assertThat(frames).singleElement().satisfies((frame) -> {
			assertThat(frame.text()).isEqualTo("split across a timeout");
			assertThat(frame.masked()).isTrue();
		});
	}

	@Test
	void silenceReportsWhetherTheClientGaveUp() throws Exception {
		List<Boolean> outcomes = new CopyOnWriteArrayList<>();
		CountDownLatch firstSilenceOver = new CountDownLatch(1);
		try (ScriptedServer server = ScriptedServer.start((c) -> {
			c.acceptHandshake(c.readHandshake());
			outcomes.add(c.silence(Duration.ofMillis(200)));
			firstSilenceOver.countDown();
			outcomes.add(c.silence(TIMEOUT));
			assertThat(c.clientClosed()).isTrue();
		}); Socket socket = connect(server)) {
			writeHandshake(socket, "/");
			readHead(socket.getInputStream());
			socket.getOutputStream().write(Frame.ping("are you there").toBuilder().mask(new byte[4]).build().encode());
			assertThat(firstSilenceOver.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			socket.shutdownOutput();
			assertThat(server.awaitScriptsFinished(TIMEOUT)).isTrue();
			server.assertNoScriptFailures();
		}
		assertThat(outcomes).containsExactly(false, true);
	}

	@Test
	void closeFrameFollowedByAResetIsStillRead() throws Exception {
		CountDownLatch clientGone = new CountDownLatch(1);
		List<Frame> frames = new CopyOnWriteArrayList<>();
		try (ScriptedServer server = ScriptedServer.start((c) -> {
			c.acceptHandshake(c.readHandshake());
			c.sendFrame(Frame.binary(new byte[100_000]));
			assertThat(clientGone.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			frames.add(c.expectClose(TIMEOUT));
			assertThat(c.awaitClientClose(TIMEOUT)).isTrue();
		})) {
			Socket socket = connect(server);
			try {
				writeHandshake(socket, "/");
				readHead(socket.getInputStream());
				socket.getOutputStream()
					.write(Frame.close(1009, "too big").toBuilder().mask(new byte[] { 9, 8, 7, 6 }).build().encode());
				socket.getOutputStream().flush();
			}
			finally {
				// most of the binary frame is unread: closing resets the connection
				socket.close();
			}
			clientGone.countDown();
			assertThat(server.awaitScriptsFinished(TIMEOUT)).isTrue();
			server.assertNoScriptFailures();
		}
		assertThat(frames).singleElement().satisfies((frame) -> {
			assertThat(frame.closeCode()).isEqualTo(1009);
			assertThat(frame.closeReason()).isEqualTo("too big");
		});
	}

	@Test
	void scriptFailuresAreRecordedPerConnection() throws Exception {
		try (ScriptedServer server = ScriptedServer.start((c) -> {
			c.readHandshake();
			if (c.index() == 1) {
				throw new IllegalStateException("second connection fails");
			}
		})) {
			for (int i = 0; i < 2; i++) {
				try (Socket socket = connect(server)) {
					writeHandshake(socket, "/" + i);
					assertThat(socket.getInputStream().read()).isEqualTo(-1);
				}
			}
			assertThat(server.awaitScriptsFinished(TIMEOUT)).isTrue();
			assertThat(server.acceptedConnections()).isEqualTo(2);
			assertThat(server.finishedScripts()).isEqualTo(2);
			assertThat(server.scriptFailures()).singleElement().satisfies((failure) -> {
				assertThat(failure).isInstanceOf(ScriptedServer.ScriptFailure.class)
					.hasRootCauseInstanceOf(IllegalStateException.class)
					.hasMessageContaining("second connection fails");
				assertThat(((ScriptedServer.ScriptFailure) failure).connectionIndex()).isEqualTo(1);
			});
			assertThatExceptionOfType(AssertionError.class).isThrownBy(server::assertNoScriptFailures);
		}
	}

	@Test
	void closeEndsBlockedScriptsWithoutRecordingFailures() throws Exception {
		CountDownLatch reading = new CountDownLatch(1);
		ScriptedServer server = ScriptedServer.start((c) -> {
			c.acceptHandshake(c.readHandshake());
			reading.countDown();
			c.readFrame(Duration.ofMinutes(5));
		});
		try (Socket socket = connect(server)) {
			writeHandshake(socket, "/");
			readHead(socket.getInputStream());
			assertThat(reading.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			server.close();
			assertThat(server.awaitScriptsFinished(TIMEOUT)).isTrue();
			assertThat(server.scriptFailures()).isEmpty();
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
		}
	}

	private static Socket connect(ScriptedServer server) throws IOException {
		Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
		socket.setSoTimeout((int) TIMEOUT.toMillis());
		return socket;
	}

	private static void writeHandshake(Socket socket, String path) throws IOException {
		String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
				+ "Connection: Upgrade\r\nSec-WebSocket-Key: " + SAMPLE_KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
		socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
		socket.getOutputStream().flush();
	}

	private static String readHead(InputStream input) throws IOException {
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int b = input.read();
			if (b < 0) {
				throw new IOException("connection closed after " + head);
			}
			head.append((char) b);
		}
		return head.toString();
	}

}
