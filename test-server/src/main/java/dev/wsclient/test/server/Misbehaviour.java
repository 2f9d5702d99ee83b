package dev.wsclient.test.server;

import java.util.Objects;

/**
 * Something a well-behaved server never does, for testing how a client copes. Give one to
 * {@link MockWsServer#misbehave(Misbehaviour)} (every connection from then on),
 * {@link MockWsServer#misbehaveOnce(Misbehaviour)} (the next connection) or, for those
 * that happen after the handshake, {@link MockWsConnection#misbehave(Misbehaviour)} (an
 * open connection, now).
 * <p>
 * Each factory names the status the wsclient client reports (see
 * {@code dev.wsclient.core.WsStatusCode}); other clients see the same failure under their
 * own names.
 *
 * @since 0.1.0
 */
public final class Misbehaviour {

	enum Kind {

		REFUSE_HANDSHAKE("refuseHandshake", true), BAD_ACCEPT("badAcceptKey", true),
		NO_HANDSHAKE_ANSWER("neverAnswerHandshake", true), SILENT("silent", false),
		STRAY_CONTINUATION("strayContinuation", false), CLOSE("close", false), DROP("dropConnection", false),
		RESET("resetConnection", false), INVALID_UTF8("invalidUtf8", false), MASKED_FRAME("maskedFrame", false),
		RESERVED_BITS("reservedBits", false), OVERSIZED_MESSAGE("oversizedMessage", false);

		private final String factory;

		private final boolean atHandshake;

		Kind(String factory, boolean atHandshake) {
			this.factory = factory;
			this.atHandshake = atHandshake;
		}

	}

	private final Kind kind;

	private final int number;

	private final String reason;

	private Misbehaviour(Kind kind, int number, String reason) {
		this.kind = kind;
		this.number = number;
		this.reason = reason;
	}

	/**
	 * Answer the handshake with an HTTP status other than 101 and close the connection
	 * (wsclient: -17, with the HTTP status kept).
	 * @param httpStatus the status, 100 to 599 but not 101
	 * @return the misbehaviour
	 */
	public static Misbehaviour refuseHandshake(int httpStatus) {
		if (httpStatus < 100 || httpStatus > 599 || httpStatus == 101) {
			throw new IllegalArgumentException("httpStatus must be 100 to 599 but not 101, was " + httpStatus);
		}
		return new Misbehaviour(Kind.REFUSE_HANDSHAKE, httpStatus, "");
	}

	/**
	 * Answer the handshake with 101 but a {@code Sec-WebSocket-Accept} that does not
	 * match the client's key (wsclient: -7).
	 * @return the misbehaviour
	 */
	public static Misbehaviour badAcceptKey() {
		return new Misbehaviour(Kind.BAD_ACCEPT, 0, "");
	}

	/**
	 * Accept the TCP connection, read the handshake and never answer it (wsclient: -18
	 * once its connect timeout passes).
	 * @return the misbehaviour
	 */
	public static Misbehaviour neverAnswerHandshake() {
		return new Misbehaviour(Kind.NO_HANDSHAKE_ANSWER, 0, "");
	}

	/**
	 * Go silent after the handshake: answer no ping, send nothing on its own (no messages
	 * on connect, no replies, no pushes) while still reading (wsclient: -19 once its
	 * missed pings run out). {@link MockWsConnection#send(String)} still sends.
	 * @return the misbehaviour
	 */
	public static Misbehaviour silent() {
		return new Misbehaviour(Kind.SILENT, 0, "");
	}

	/**
	 * Send a final continuation frame that continues nothing (wsclient: -15, close code
	 * 1002).
	 * @return the misbehaviour
	 */
	public static Misbehaviour strayContinuation() {
		return new Misbehaviour(Kind.STRAY_CONTINUATION, 0, "");
	}

	/**
	 * Start the closing handshake with a code and reason, then end the TCP connection
	 * when the client answers or 5 seconds pass (wsclient: -6, with the code and reason
	 * kept).
	 * @param code a close code a server may send: 1000 to 1003, 1007 to 1014, 3000 to
	 * 4999
	 * @param reason the reason, at most 123 bytes of UTF-8
	 * @return the misbehaviour
	 */
	public static Misbehaviour close(int code, String reason) {
		Objects.requireNonNull(reason, "reason must not be null");
		Frames.closeFrame(code, reason).release();
		return new Misbehaviour(Kind.CLOSE, code, reason);
	}

	/**
	 * End the TCP connection without a close frame, as a crashing server does (wsclient:
	 * -200).
	 * @return the misbehaviour
	 */
	public static Misbehaviour dropConnection() {
		return new Misbehaviour(Kind.DROP, 0, "");
	}

	/**
	 * Reset the TCP connection (an RST, as when a server process is killed or a firewall
	 * intervenes; wsclient: -104).
	 * @return the misbehaviour
	 */
	public static Misbehaviour resetConnection() {
		return new Misbehaviour(Kind.RESET, 0, "");
	}

	/**
	 * Send a text message that is not valid UTF-8 (wsclient: -202, close code 1007).
	 * @return the misbehaviour
	 */
	public static Misbehaviour invalidUtf8() {
		return new Misbehaviour(Kind.INVALID_UTF8, 0, "");
	}

	/**
	 * Send a masked frame, which only clients may send (wsclient: -201, close code 1002).
	 * @return the misbehaviour
	 */
	public static Misbehaviour maskedFrame() {
		return new Misbehaviour(Kind.MASKED_FRAME, 0, "");
	}

	/**
	 * Send a text frame with the RSV1 bit set though no extension was negotiated
	 * (wsclient: -201, close code 1002). On a connection that negotiated
	 * permessage-deflate RSV1 is allowed, and the client fails to inflate the frame
	 * instead.
	 * @return the misbehaviour
	 */
	public static Misbehaviour reservedBits() {
		return new Misbehaviour(Kind.RESERVED_BITS, 0, "");
	}

	/**
	 * Send a binary message of the given size, zeros, in one frame: over a client's
	 * maximum message size that fails the connection (wsclient: -8, close code 1009).
	 * @param bytes the size, up to the server's maximum message size
	 * @return the misbehaviour
	 */
	public static Misbehaviour oversizedMessage(int bytes) {
		if (bytes < 0) {
			throw new IllegalArgumentException("bytes must not be negative, was " + bytes);
		}
		return new Misbehaviour(Kind.OVERSIZED_MESSAGE, bytes, "");
	}

	Kind kind() {
		return this.kind;
	}

	/**
	 * The HTTP status, close code or message size, depending on the kind.
	 */
	int number() {
		return this.number;
	}

	String reason() {
		return this.reason;
	}

	/**
	 * Return whether this happens instead of a normal handshake answer rather than on an
	 * open connection.
	 * @return whether it is a handshake misbehaviour
	 */
	public boolean atHandshake() {
		return this.kind.atHandshake;
	}

	@Override
	public String toString() {
		return switch (this.kind) {
			case REFUSE_HANDSHAKE, OVERSIZED_MESSAGE -> this.kind.factory + "(" + this.number + ")";
			case CLOSE -> this.kind.factory + "(" + this.number + ", \"" + this.reason + "\")";
			default -> this.kind.factory + "()";
		};
	}

}
