package dev.wsclient.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.wsclient.test.server.raw.Frame;
import dev.wsclient.test.server.raw.RawHandshakeRequest;
import dev.wsclient.test.server.raw.ScriptedConnection;
import dev.wsclient.test.server.raw.ScriptedServer;
import org.awaitility.core.ConditionFactory;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One client against one {@link ScriptedServer} whose script accepts the handshake, plays
 * its part and then waits for the client's close frame: what the server received and what
 * the client reported, for the protocol strictness tests. Every wait is bounded.
 */
final class ScriptedExchange implements AutoCloseable {

	static final Duration TIMEOUT = Duration.ofSeconds(10);

	/**
	 * Return an Awaitility condition factory that polls every 10 ms, at most
	 * {@link #TIMEOUT}.
	 * @return the factory
	 */
	static ConditionFactory soon() {
		return await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).atMost(TIMEOUT);
	}

	private final List<WsCloseStatus> closes = new CopyOnWriteArrayList<>();

	private final List<WsMessage> received = new CopyOnWriteArrayList<>();

	private volatile @Nullable Frame closeFrame;

	private volatile List<Frame> framesAfterClose = List.of();

	private volatile List<Frame> framesBeforeClose = List.of();

	private final ScriptedServer server;

	private final WsClient client;

	private ScriptedExchange(WsClientOptions options, ServerPart handshake, ServerPart part, boolean expectClose) {
		this.server = ScriptedServer.start((connection) -> {
			handshake.play(connection);
			part.play(connection);
			if (expectClose) {
				Frame close = connection.expectClose(TIMEOUT);
				List<Frame> before = connection.framesRead();
				this.closeFrame = close;
				this.framesBeforeClose = before.subList(0, before.size() - 1);
				// As RFC 6455 section 7.1.1 asks, the server closes TCP first.
				connection.socket().shutdownOutput();
				assertThat(connection.awaitClientClose(TIMEOUT)).as("client closed TCP after its close frame").isTrue();
				List<Frame> all = connection.framesRead();
				this.framesAfterClose = all.subList(before.size(), all.size());
			}
		});
		this.client = WsClient.create(options);
		this.client.onClose((ws, status) -> this.closes.add(status));
		this.client.onReceive((ws, message) -> this.received.add(message));
	}

	/**
	 * Connect a client with default options to a server that plays {@code part} after the
	 * handshake and then expects the client's close frame.
	 * @param part what the server does after the handshake
	 * @return the finished exchange
	 */
	static ScriptedExchange failing(ServerPart part) {
		return failing(WsClientOptions.defaults(), part);
	}

	/**
	 * Connect a client to a server that plays {@code part} after the handshake and then
	 * expects the client's close frame; wait until the client reported the end of the
	 * connection and the script finished.
	 * @param options the client options
	 * @param part what the server does after the handshake
	 * @return the finished exchange
	 */
	static ScriptedExchange failing(WsClientOptions options, ServerPart part) {
		return failing(options, ScriptedExchange::acceptHandshake, part);
	}

	/**
	 * Connect a client to a server that plays {@code handshake}, then {@code part}, and
	 * then expects the client's close frame; wait until the client reported the end of
	 * the connection and the script finished.
	 * @param options the client options
	 * @param handshake how the server answers the handshake
	 * @param part what the server does after the handshake
	 * @return the finished exchange
	 */
	static ScriptedExchange failing(WsClientOptions options, ServerPart handshake, ServerPart part) {
		ScriptedExchange exchange = new ScriptedExchange(options, handshake, part, true);
		try {
			exchange.client.connect(exchange.server.uri("/")).onErrorComplete().block(TIMEOUT);
			soon().until(() -> !exchange.closes.isEmpty());
			exchange.awaitScript();
			return exchange;
		}
		catch (RuntimeException | Error ex) {
			exchange.close();
			throw ex;
		}
	}

	/**
	 * Connect a client to a server that plays {@code part} after the handshake and
	 * nothing else; the test drives the rest.
	 * @param options the client options
	 * @param part what the server does after the handshake
	 * @return the open exchange
	 */
	static ScriptedExchange open(WsClientOptions options, ServerPart part) {
		ScriptedExchange exchange = new ScriptedExchange(options, ScriptedExchange::acceptHandshake, part, false);
		try {
			exchange.client.connect(exchange.server.uri("/")).block(TIMEOUT);
			return exchange;
		}
		catch (RuntimeException | Error ex) {
			exchange.close();
			throw ex;
		}
	}

	/**
	 * Connect a client to a server that writes its handshake response and {@code frame}
	 * with a single write, so that both are likely to arrive in one TCP segment, then
	 * expects the client's close frame.
	 * @param frame the frame
	 * @return the finished exchange
	 */
	static ScriptedExchange coalesced(Frame frame) {
		return failing(WsClientOptions.defaults(), (server) -> {
			RawHandshakeRequest request = server.readHandshake();
			byte[] response = ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
					+ "Sec-WebSocket-Accept: " + request.expectedAccept() + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII);
			byte[] encoded = frame.encode();
			byte[] both = Arrays.copyOf(response, response.length + encoded.length);
			System.arraycopy(encoded, 0, both, response.length, encoded.length);
			server.writeRaw(both);
		}, (server) -> {
		});
	}

	private static void acceptHandshake(ScriptedConnection connection) throws Exception {
		connection.acceptHandshake(connection.readHandshake());
	}

	WsClient client() {
		return this.client;
	}

	ScriptedServer server() {
		return this.server;
	}

	/**
	 * Return the first close status the client reported.
	 * @return the status
	 */
	WsCloseStatus status() {
		soon().until(() -> !this.closes.isEmpty());
		return this.closes.get(0);
	}

	/**
	 * Return every close status the client reported.
	 * @return the statuses
	 */
	List<WsCloseStatus> closes() {
		return List.copyOf(this.closes);
	}

	/**
	 * Return the messages the client delivered.
	 * @return the messages
	 */
	List<WsMessage> received() {
		return List.copyOf(this.received);
	}

	/**
	 * Return the close code the server received.
	 * @return the code of the client's close frame
	 */
	int serverReceivedCloseCode() {
		Frame close = this.closeFrame;
		if (close == null) {
			throw new AssertionError("the server received no close frame");
		}
		return close.closeCode();
	}

	/**
	 * Return the frames the client sent before its close frame.
	 * @return the frames
	 */
	List<Frame> framesBeforeClose() {
		return this.framesBeforeClose;
	}

	/**
	 * Return the frames the client sent after its close frame (there must be none).
	 * @return the frames
	 */
	List<Frame> framesAfterClose() {
		return this.framesAfterClose;
	}

	/**
	 * Assert what a failed connection looks like from both sides: the server got exactly
	 * one close frame with {@code rfcCode}, the client reported {@code status} with that
	 * code, and nothing followed the close frame.
	 * @param status the seed status the client reports
	 * @param rfcCode the close code on the wire
	 */
	void assertFailed(WsStatusCode status, int rfcCode) {
		assertThat(serverReceivedCloseCode()).as("close code the server received").isEqualTo(rfcCode);
		WsCloseStatus reported = status();
		assertThat(reported.status()).as("status the client reported: %s", reported).isEqualTo(status);
		assertThat(reported.rfcCode()).as("close code the client reported").isEqualTo(rfcCode);
		assertThat(this.closes).as("close events").hasSize(1);
		assertThat(framesAfterClose()).as("frames after the close frame").isEmpty();
	}

	void awaitScript() {
		TestResources.awaitScripts(this.server);
	}

	@Override
	public void close() {
		try {
			this.client.close().block(TIMEOUT);
		}
		finally {
			this.server.close();
		}
	}

	/** What the scripted server does after accepting the handshake. */
	@FunctionalInterface
	interface ServerPart {

		/**
		 * Play this part.
		 * @param connection the connection
		 * @throws Exception on failure
		 */
		void play(ScriptedConnection connection) throws Exception;

	}

}
