package dev.wsclient.test.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import dev.wsclient.test.server.raw.Frame;
import dev.wsclient.test.server.raw.JdkWebSocketPeer;
import dev.wsclient.test.server.raw.JdkWebSocketPeer.Ping;
import dev.wsclient.test.server.raw.JdkWebSocketPeer.Text;
import org.junit.jupiter.api.Test;

import static dev.wsclient.test.server.JdkClient.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The per-handshake answers of {@link MockWsServer#answerHandshakes}, permessage-deflate,
 * the server's own pings and fragmented messages.
 */
@SuppressWarnings("try")
class MockWsServerHandshakeAndControlTests {

	/** What RFC 7692 section 7.2.1 has the sender remove from each compressed message. */
	private static final byte[] DEFLATE_TAIL = { 0x00, 0x00, (byte) 0xFF, (byte) 0xFF };

	@Test
	void refusesAHandshakeWithTheAnswersStatusAndHeaders() {
		try (MockWsServer server = MockWsServer.start()) {
			server.answerHandshakes((request) -> request.path().equals("/old")
					? HandshakeAnswer.refuse(302).header("Location", "/new") : HandshakeAnswer.accept());
			assertThatExceptionOfType(CompletionException.class).isThrownBy(() -> JdkClient.connect(server.uri("/old")))
				.havingCause()
				.isInstanceOfSatisfying(WebSocketHandshakeException.class, (refused) -> {
					assertThat(refused.getResponse().statusCode()).isEqualTo(302);
					assertThat(refused.getResponse().headers().firstValue("Location")).hasValue("/new");
				});
			assertThat(server.takeHandshake(TIMEOUT).path()).isEqualTo("/old");
			try (JdkClient client = JdkClient.connect(server.uri("/new"))) {
				assertThat(server.awaitConnections(1, TIMEOUT).get(0).handshake().path()).isEqualTo("/new");
			}
			assertThat(server.handshakes()).extracting(HandshakeRequest::path).containsExactly("/new");
			assertThat(server.connectionCount()).isOne();
		}
	}

	@Test
	void acceptsSubprotocolsOnOnePathOnly() {
		try (MockWsServer server = MockWsServer.start()) {
			server.answerHandshakes((request) -> request.path().equals("/protocol")
					? HandshakeAnswer.accept().subprotocols("v1.json", "v2.json") : HandshakeAnswer.accept());
			try (JdkClient onPath = JdkClient.connect(server.uri("/protocol"),
					HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("other", "v2.json", "v1.json"));
					JdkClient elsewhere = JdkClient.connect(server.uri("/other"),
							HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("v1.json"))) {
				assertThat(onPath.socket().getSubprotocol()).isEqualTo("v2.json");
				assertThat(elsewhere.socket().getSubprotocol()).isEmpty();
				assertThat(server.awaitConnections(2, TIMEOUT)).extracting(MockWsConnection::subprotocol)
					.containsExactlyInAnyOrder("v2.json", null);
			}
		}
	}

	@Test
	void anAnswererThatThrowsRefusesWith500AndIsReported() {
		try (MockWsServer server = MockWsServer.start()) {
			server.answerHandshakes((request) -> {
				throw new IllegalStateException("boom");
			});
			assertThatExceptionOfType(CompletionException.class).isThrownBy(() -> JdkClient.connect(server.uri()))
				.havingCause()
				.isInstanceOfSatisfying(WebSocketHandshakeException.class,
						(refused) -> assertThat(refused.getResponse().statusCode()).isEqualTo(500));
			assertThat(server.failures()).singleElement()
				.satisfies((failure) -> assertThat(failure).hasMessage("boom"));
			assertThatIllegalStateException().isThrownBy(() -> HandshakeAnswer.refuse(404).subprotocols("v1"));
		}
	}

	@Test
	void sendsPingsAndCountsThePongs() throws Exception {
		try (MockWsServer server = MockWsServer.start();
				JdkWebSocketPeer peer = JdkWebSocketPeer.connect(server.uri("/"))) {
			MockWsConnection connection = server.awaitConnections(1, TIMEOUT).get(0);
			byte[] pong = connection.ping("xyz".getBytes(StandardCharsets.UTF_8))
				.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(new String(pong, StandardCharsets.UTF_8)).isEqualTo("xyz");
			assertThat(peer.next(Ping.class)).isEqualTo(new Ping("xyz"));
			assertThat(connection.pongsReceived()).isOne();
			assertThat(server.pongsReceived()).isOne();
			peer.sendPing("p1");
			JdkWebSocketPeer.Pong answer = peer.next(JdkWebSocketPeer.Pong.class);
			assertThat(answer).isEqualTo(new JdkWebSocketPeer.Pong("p1"));
			assertThat(connection.pingsReceived()).isOne();
			assertThat(server.pingsReceived()).isOne();
		}
	}

	@Test
	void aPingWithoutAnswerFailsWhenTheConnectionEnds() throws Exception {
		try (MockWsServer server = MockWsServer.start(); JdkClient client = JdkClient.connect(server.uri())) {
			MockWsConnection connection = server.awaitConnections(1, TIMEOUT).get(0);
			connection.drop();
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> connection.ping(new byte[0]).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
				.withCauseInstanceOf(IllegalStateException.class);
		}
	}

	@Test
	void sendsOneMessageInFragments() throws Exception {
		try (MockWsServer server = MockWsServer.start()) {
			server.whenConnected((connection) -> {
				connection.sendFragments("part0", "part1", "part2");
				connection.send("done");
			});
			try (JdkWebSocketPeer peer = JdkWebSocketPeer.connect(server.uri("/"))) {
				assertThat(peer.next(Text.class)).isEqualTo(new Text("part0part1part2", 3));
				assertThat(peer.next(Text.class)).isEqualTo(new Text("done", 1));
			}
		}
	}

	@Test
	void negotiatesPermessageDeflateAndCompressesBothWays() throws Exception {
		try (MockWsServer server = MockWsServer.builder().permessageDeflate(true).start();
				Socket socket = connect(server)) {
			server.echo();
			socket.setSoTimeout((int) TIMEOUT.toMillis());
			String response = handshake(socket, "/", true);
			assertThat(response).startsWith("HTTP/1.1 101").containsIgnoringCase("permessage-deflate");
			String text = "compress me, ".repeat(100);
			byte[] compressed = deflate(text.getBytes(StandardCharsets.UTF_8));
			socket.getOutputStream()
				.write(Frame.builder()
					.opcode(Frame.TEXT)
					.rsv1(true)
					.mask(new byte[] { 1, 2, 3, 4 })
					.payload(compressed)
					.build()
					.encode());
			assertThat(server.takeMessage(TIMEOUT).text()).isEqualTo(text);
			Frame echo = readFrame(socket.getInputStream());
			assertThat(echo.rsv1()).isTrue();
			assertThat(echo.length()).isLessThan(text.length());
			assertThat(new String(inflate(echo.payload()), StandardCharsets.UTF_8)).isEqualTo(text);
			assertThat(server.awaitConnections(1, TIMEOUT).get(0).permessageDeflate()).isTrue();
		}
	}

	@Test
	void permessageDeflateIsOffByDefaultAndCanBeTurnedOnPerHandshake() throws Exception {
		try (MockWsServer server = MockWsServer.start()) {
			server.answerHandshakes((request) -> HandshakeAnswer.accept()
				.permessageDeflate("true".equals(request.queryParameter("deflate"))));
			try (Socket plain = connect(server); Socket deflating = connect(server)) {
				plain.setSoTimeout((int) TIMEOUT.toMillis());
				deflating.setSoTimeout((int) TIMEOUT.toMillis());
				assertThat(handshake(plain, "/echo", true)).startsWith("HTTP/1.1 101")
					.doesNotContainIgnoringCase("sec-websocket-extensions");
				assertThat(handshake(deflating, "/echo?deflate=true", true)).startsWith("HTTP/1.1 101")
					.containsIgnoringCase("permessage-deflate");
				assertThat(server.awaitConnections(2, TIMEOUT)).extracting(MockWsConnection::permessageDeflate)
					.containsExactlyInAnyOrder(false, true);
			}
		}
	}

	private static Socket connect(MockWsServer server) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()),
				(int) TIMEOUT.toMillis());
		return socket;
	}

	private static String handshake(Socket socket, String target, boolean offerDeflate) throws IOException {
		OutputStream out = socket.getOutputStream();
		String key = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
		out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
				+ "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
				+ (offerDeflate ? "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n" : "")
				+ "\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		out.flush();
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		InputStream in = socket.getInputStream();
		while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				throw new AssertionError("the connection ended in the response head: " + head);
			}
			head.write(b);
		}
		return head.toString(StandardCharsets.US_ASCII);
	}

	private static Frame readFrame(InputStream in) throws IOException {
		byte[] buffer = new byte[64 * 1024];
		int available = 0;
		while (true) {
			Frame.Decoded decoded = Frame.decode(buffer, 0, available);
			if (decoded != null) {
				return decoded.frame();
			}
			int read = in.read(buffer, available, buffer.length - available);
			if (read < 0) {
				throw new AssertionError("the connection ended before a whole frame");
			}
			available += read;
		}
	}

	private static byte[] deflate(byte[] data) {
		Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
		deflater.setInput(data);
		byte[] buffer = new byte[data.length + 64];
		int length = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
		deflater.end();
		// SYNC_FLUSH ends with the tail the sender leaves out.
		assertThat(Arrays.copyOfRange(buffer, length - 4, length)).isEqualTo(DEFLATE_TAIL);
		return Arrays.copyOf(buffer, length - 4);
	}

	private static byte[] inflate(byte[] data) throws DataFormatException {
		Inflater inflater = new Inflater(true);
		byte[] input = Arrays.copyOf(data, data.length + DEFLATE_TAIL.length);
		System.arraycopy(DEFLATE_TAIL, 0, input, data.length, DEFLATE_TAIL.length);
		inflater.setInput(input);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[4096];
		while (!inflater.needsInput()) {
			int n = inflater.inflate(buffer);
			out.write(buffer, 0, n);
		}
		inflater.end();
		return out.toByteArray();
	}

}
