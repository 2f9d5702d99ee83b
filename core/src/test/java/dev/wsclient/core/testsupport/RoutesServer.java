package dev.wsclient.core.testsupport;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import dev.wsclient.test.server.HandshakeAnswer;
import dev.wsclient.test.server.HandshakeRequest;
import dev.wsclient.test.server.Misbehaviour;
import dev.wsclient.test.server.MockWsConnection;
import dev.wsclient.test.server.MockWsServer;
import dev.wsclient.test.server.ReceivedMessage;
import dev.wsclient.test.server.SelfSignedTls;

/**
 * A {@link MockWsServer} with the routes of the Node.js peer ({@link NodeWsServer}) plus
 * a few of its own, mapped onto MockWsServer's verbs:
 * <ul>
 * <li>{@code /echo}: echoes every (whole) message with its opcode</li>
 * <li>{@code /count?n=N&size=S&type=text|binary}: sends N messages as the connection
 * takes them and stays open; text messages are "0", "1", ... right-padded with 'x' to S
 * characters, binary ones are S bytes all equal to {@code index & 0xff}</li>
 * <li>{@code /fragments?parts=P}: one text message "part0part1..." in P fragments, then
 * "done"</li>
 * <li>{@code /close?code=C&reason=R}: starts the closing handshake right after the
 * opening one, with that code (1000 when absent) and reason</li>
 * <li>{@code /ping?payload=X}: sends a ping, then "pong:&lt;payload of the pong&gt;" when
 * the pong arrives</li>
 * <li>{@code /headers}: one text message, the JSON of the handshake request headers
 * (names lower-cased, repeated values joined with ", ")</li>
 * <li>{@code /protocol}: one text message, the negotiated subprotocol (empty when none);
 * only this route supports subprotocols: {@link #SUBPROTOCOLS}, the first one the client
 * offers wins</li>
 * <li>{@code /status/{code}}: refuses the handshake with that HTTP status (with a
 * {@code Location} header from the {@code location} query parameter)</li>
 * <li>{@code /silent-after-open}: accepts and never sends anything, not even pongs (a
 * close frame from the client is still answered)</li>
 * </ul>
 * Any WebSocket route takes {@code ?deflate=true} to allow permessage-deflate. Pings are
 * counted on every route ({@link #pingsReceived()}) and answered on all but
 * {@code /silent-after-open}. Other paths are refused with HTTP 404. Messages up to 64
 * MiB are accepted.
 */
public final class RoutesServer implements AutoCloseable {

	/**
	 * The subprotocols {@code /protocol} supports.
	 */
	public static final List<String> SUBPROTOCOLS = List.of("v1.json", "v2.json");

	private static final Set<String> ROUTES = Set.of("/echo", "/count", "/fragments", "/close", "/ping", "/headers",
			"/protocol", "/silent-after-open");

	private static final String STATUS_ROUTE = "/status/";

	private final MockWsServer server;

	private RoutesServer(MockWsServer.Builder builder) {
		this.server = builder.start();
		this.server.answerHandshakes(RoutesServer::answer).whenConnected(this::connected).replyWith(this::reply);
	}

	/**
	 * Start a plain ({@code ws://}) server.
	 * @return the running server
	 */
	public static RoutesServer start() {
		return new RoutesServer(MockWsServer.builder());
	}

	/**
	 * Start a TLS ({@code wss://}) server presenting the given certificate.
	 * @param tls the server identity
	 * @return the running server
	 */
	public static RoutesServer startSecure(SelfSignedTls tls) {
		return new RoutesServer(MockWsServer.builder().tls(tls));
	}

	private static HandshakeAnswer answer(HandshakeRequest request) {
		String path = request.path();
		if (path.startsWith(STATUS_ROUTE)) {
			HandshakeAnswer refusal = HandshakeAnswer.refuse(Integer.parseInt(path.substring(STATUS_ROUTE.length())));
			String location = request.queryParameter("location");
			if (location != null && !location.isEmpty()) {
				refusal.header("Location", location);
			}
			return refusal;
		}
		if (!ROUTES.contains(path)) {
			return HandshakeAnswer.refuse(404);
		}
		HandshakeAnswer accept = HandshakeAnswer.accept()
			.permessageDeflate(Boolean.parseBoolean(request.queryParameter("deflate")));
		return "/protocol".equals(path) ? accept.subprotocols(SUBPROTOCOLS.toArray(String[]::new)) : accept;
	}

	private void connected(MockWsConnection connection) {
		HandshakeRequest request = connection.handshake();
		switch (request.path()) {
			case "/count" -> count(connection, request);
			case "/fragments" -> {
				int parts = Math.max(1, parameter(request, "parts", 1));
				connection.sendFragments(IntStream.range(0, parts).mapToObj((i) -> "part" + i).toArray(String[]::new));
				connection.send("done");
			}
			case "/close" -> {
				String reason = request.queryParameter("reason");
				connection.close(parameter(request, "code", 1000), (reason != null) ? reason : "");
			}
			case "/ping" -> {
				String payload = request.queryParameter("payload");
				connection.ping(((payload != null) ? payload : "").getBytes(StandardCharsets.UTF_8))
					.thenAccept((pong) -> connection.send("pong:" + new String(pong, StandardCharsets.UTF_8)));
			}
			case "/headers" -> connection.send(toJson(request.headers()));
			case "/protocol" -> {
				String subprotocol = connection.subprotocol();
				connection.send((subprotocol != null) ? subprotocol : "");
			}
			case "/silent-after-open" -> connection.misbehave(Misbehaviour.silent());
			default -> {
			}
		}
	}

	private static void count(MockWsConnection connection, HandshakeRequest request) {
		int n = parameter(request, "n", 0);
		int size = parameter(request, "size", 0);
		if ("binary".equals(request.queryParameter("type"))) {
			connection.sendAllBinary(n, (i) -> {
				byte[] payload = new byte[size];
				Arrays.fill(payload, (byte) (i & 0xFF));
				return payload;
			});
		}
		else {
			connection.sendAll(n, (i) -> {
				StringBuilder text = new StringBuilder(String.valueOf(i));
				while (text.length() < size) {
					text.append('x');
				}
				return text.toString();
			});
		}
	}

	private void reply(ReceivedMessage message, MockWsConnection connection) {
		if ("/echo".equals(connection.handshake().path())) {
			if (message.isText()) {
				connection.send(message.text());
			}
			else {
				connection.send(message.bytes());
			}
		}
	}

	private static int parameter(HandshakeRequest request, String name, int fallback) {
		String value = request.queryParameter(name);
		return (value != null && !value.isEmpty()) ? Integer.parseInt(value) : fallback;
	}

	static String toJson(Map<String, List<String>> headers) {
		StringBuilder json = new StringBuilder("{");
		headers.forEach((name, values) -> {
			if (json.length() > 1) {
				json.append(',');
			}
			appendJsonString(json, name.toLowerCase(Locale.ROOT));
			json.append(':');
			appendJsonString(json, String.join(", ", values));
		});
		return json.append('}').toString();
	}

	private static void appendJsonString(StringBuilder json, String value) {
		json.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				default -> {
					if (c < 0x20) {
						json.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		json.append('"');
	}

	/**
	 * Return the underlying server, for what this class does not wrap.
	 * @return the server
	 */
	public MockWsServer server() {
		return this.server;
	}

	/**
	 * Return the port the server listens on.
	 * @return the port
	 */
	public int port() {
		return this.server.port();
	}

	/**
	 * Return whether the server speaks TLS.
	 * @return whether it was started with {@link #startSecure(SelfSignedTls)}
	 */
	public boolean isSecure() {
		return this.server.isSecure();
	}

	/**
	 * Return a {@code ws://127.0.0.1:<port>} (or {@code wss://}) URI.
	 * @param pathAndQuery path and query, for example {@code "/count?n=3"}
	 * @return the URI
	 */
	public URI uri(String pathAndQuery) {
		return this.server.uri(pathAndQuery);
	}

	/**
	 * Return how many ping frames the server received, on all connections.
	 * @return the count
	 */
	public int pingsReceived() {
		return Math.toIntExact(this.server.pingsReceived());
	}

	/**
	 * Return how many pong frames the server received, on all connections.
	 * @return the count
	 */
	public int pongsReceived() {
		return Math.toIntExact(this.server.pongsReceived());
	}

	/**
	 * Return every handshake request a route served (the WebSocket routes and
	 * {@code /status}; not the paths refused with 404), in order.
	 * @return a snapshot of the requests
	 */
	public List<HandshakeRequest> requests() {
		return this.server.handshakes()
			.stream()
			.filter((request) -> ROUTES.contains(request.path()) || request.path().startsWith(STATUS_ROUTE))
			.toList();
	}

	/**
	 * Return how many connections are open now.
	 * @return the count
	 */
	public int openConnections() {
		return this.server.openConnections();
	}

	/**
	 * Close every open connection at the TCP level (no close frame), as a server crash or
	 * a network failure would; the server keeps accepting new ones.
	 */
	public void dropConnections() {
		this.server.dropConnections();
	}

	/**
	 * Stop the server and close its connections.
	 */
	@Override
	public void close() {
		this.server.close();
	}

	@Override
	public String toString() {
		return "RoutesServer[" + this.server + "]";
	}

}
