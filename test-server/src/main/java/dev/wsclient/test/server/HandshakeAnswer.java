package dev.wsclient.test.server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * How a {@link MockWsServer} answers one opening handshake, decided per request by the
 * function given to {@link MockWsServer#answerHandshakes(java.util.function.Function)}:
 * accept it (with the server's subprotocols and extensions, or others for this request)
 * or refuse it with an HTTP status, with extra response headers either way.
 *
 * <pre class="code">
 * server.answerHandshakes((request) -&gt; switch (request.path()) {
 *     case "/v2" -&gt; HandshakeAnswer.accept().subprotocols("v2.json").permessageDeflate(true);
 *     case "/old" -&gt; HandshakeAnswer.refuse(301).header("Location", "/v2");
 *     default -&gt; HandshakeAnswer.refuse(404);
 * });
 * </pre> An answer is a small mutable value: make one per request (or share one that is
 * no longer changed).
 *
 * @since 0.1.0
 */
public final class HandshakeAnswer {

	private final int status;

	private @Nullable List<String> subprotocols;

	private @Nullable Boolean permessageDeflate;

	private final Map<String, String> headers = new LinkedHashMap<>();

	private HandshakeAnswer(int status) {
		this.status = status;
	}

	/**
	 * Accept the handshake (101) with the server's settings: the subprotocols and
	 * permessage-deflate it was built with ({@link MockWsServer.Builder}).
	 * @return the answer
	 */
	public static HandshakeAnswer accept() {
		return new HandshakeAnswer(101);
	}

	/**
	 * Refuse the handshake: answer with this HTTP status (and a short text body when the
	 * status allows one), then close the connection. A client reports it as a failed
	 * handshake keeping the status (wsclient: -17).
	 * @param httpStatus the status, 100 to 599 but not 101
	 * @return the answer
	 */
	public static HandshakeAnswer refuse(int httpStatus) {
		if (httpStatus < 100 || httpStatus > 599 || httpStatus == 101) {
			throw new IllegalArgumentException("httpStatus must be 100 to 599 but not 101, was " + httpStatus);
		}
		return new HandshakeAnswer(httpStatus);
	}

	/**
	 * Accept these subprotocols for this handshake instead of the server's: the first one
	 * the client offers that is among them is selected; none for no subprotocol.
	 * @param supported the subprotocols
	 * @return this answer
	 * @throws IllegalStateException on a refusal
	 */
	public HandshakeAnswer subprotocols(String... supported) {
		requireAccept("subprotocols");
		this.subprotocols = List.copyOf(Arrays.asList(supported));
		return this;
	}

	/**
	 * Negotiate permessage-deflate (RFC 7692) for this handshake when the client offers
	 * it, or not, instead of following the server's setting.
	 * @param enabled whether to accept the extension
	 * @return this answer
	 * @throws IllegalStateException on a refusal
	 */
	public HandshakeAnswer permessageDeflate(boolean enabled) {
		requireAccept("permessageDeflate");
		this.permessageDeflate = enabled;
		return this;
	}

	/**
	 * Add a header to the response, for example {@code Location} to a redirect or
	 * {@code Retry-After} to a 503; it replaces one of the same name the server would
	 * send, except the headers of the WebSocket handshake itself.
	 * @param name the name
	 * @param value the value
	 * @return this answer
	 */
	public HandshakeAnswer header(String name, String value) {
		this.headers.put(Objects.requireNonNull(name, "name must not be null"),
				Objects.requireNonNull(value, "value must not be null"));
		return this;
	}

	private void requireAccept(String what) {
		if (!isAccept()) {
			throw new IllegalStateException(what + " applies to an accepted handshake, not to a refusal");
		}
	}

	/**
	 * Return whether this answer accepts the handshake.
	 * @return {@code true} for {@link #accept()}
	 */
	public boolean isAccept() {
		return this.status == 101;
	}

	/**
	 * Return the HTTP status of the answer.
	 * @return 101 for an accepted handshake, the refusal's status otherwise
	 */
	public int status() {
		return this.status;
	}

	@Nullable List<String> subprotocols() {
		return this.subprotocols;
	}

	@Nullable Boolean permessageDeflate() {
		return this.permessageDeflate;
	}

	Map<String, String> headers() {
		return Collections.unmodifiableMap(this.headers);
	}

	@Override
	public String toString() {
		List<String> parts = new ArrayList<>();
		parts.add(isAccept() ? "accept" : "refuse " + this.status);
		if (this.subprotocols != null) {
			parts.add("subprotocols " + this.subprotocols);
		}
		if (this.permessageDeflate != null) {
			parts.add("permessage-deflate " + this.permessageDeflate);
		}
		if (!this.headers.isEmpty()) {
			parts.add("headers " + this.headers.keySet());
		}
		return "HandshakeAnswer[" + String.join(", ", parts) + "]";
	}

}
