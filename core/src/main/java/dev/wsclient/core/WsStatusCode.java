package dev.wsclient.core;

/**
 * Every status a connection can end with. The numbers follow the seed module's close
 * statuses ({@code 0} and {@code -1} to {@code -19}); failures the seed only called
 * "something bad" have their own numbers from {@code -99} down. Transport errors are
 * {@code -100} minus the usual Linux errno (connection refused is errno 111, so
 * {@code -111}).
 *
 * @since 0.1.0
 */
public enum WsStatusCode {

	/** Closed by the user, or closed gracefully. */
	NORMAL(0, "closed by the user or gracefully"),

	/** The URL scheme is not {@code ws} or {@code wss}. */
	INVALID_SCHEME(-1, "URL scheme is not ws or wss"),

	/** The hostname is longer than 255 characters. */
	HOSTNAME_TOO_LONG(-2, "hostname is longer than 255 characters"),

	/** The port is not in 1..65535. */
	INVALID_PORT(-3, "port is not in 1..65535"),

	/** The URL has no hostname. */
	NO_HOSTNAME(-4, "URL has no hostname"),

	/** The hostname could not be resolved. */
	DNS_FAILED(-5, "DNS lookup failed"),

	/** The server sent a close frame; its RFC 6455 code and reason are kept. */
	SERVER_CLOSED(-6, "server sent a close frame"),

	/**
	 * The handshake response was invalid (bad Sec-WebSocket-Accept, bad upgrade headers).
	 */
	INVALID_HANDSHAKE(-7, "invalid handshake response"),

	/** An inbound message was larger than the maximum message size (close code 1009). */
	MESSAGE_TOO_BIG(-8, "inbound message larger than the size limit"),

	/**
	 * The server broke the fragmentation rules: a continuation without a start, or a new
	 * data frame inside a fragmented message (close code 1002).
	 */
	FRAGMENTATION_ERROR(-15, "fragmentation protocol broken by the server"),

	/**
	 * An outbound message could not be accepted: too large, or the send buffer is full.
	 */
	OUTBOUND_REJECTED(-16, "outbound message could not be accepted"),

	/** The server answered the handshake with an HTTP status other than 101. */
	NOT_SWITCHING_PROTOCOLS(-17, "server is not switching protocols"),

	/**
	 * TCP connect, TLS and the WebSocket handshake together took longer than the connect
	 * timeout.
	 */
	CONNECT_TIMEOUT(-18, "connect timeout"),

	/** The server answered none of the pings and sent nothing. */
	HEARTBEAT_TIMEOUT(-19, "server answered no ping and sent nothing"),

	/** A transport error that has no more specific code. */
	TRANSPORT_ERROR(-100, "transport error"),

	/** The network is unreachable (errno ENETUNREACH). */
	NETWORK_UNREACHABLE(-101, "network unreachable"),

	/** The connection was aborted locally (errno ECONNABORTED). */
	CONNECTION_ABORTED(-103, "connection aborted"),

	/** The peer reset the connection (errno ECONNRESET). */
	CONNECTION_RESET(-104, "connection reset by peer"),

	/** The TCP connection timed out (errno ETIMEDOUT). */
	CONNECTION_TIMED_OUT(-110, "connection timed out"),

	/** Nothing listens on the port (errno ECONNREFUSED). */
	CONNECTION_REFUSED(-111, "connection refused"),

	/** No route to the host (errno EHOSTUNREACH). */
	HOST_UNREACHABLE(-113, "no route to host"),

	/** Writing to a connection the peer has closed (errno EPIPE). */
	BROKEN_PIPE(-132, "broken pipe"),

	/** The connection ended without a close frame (close code 1006). */
	CLOSED_WITHOUT_CLOSE_FRAME(-200, "connection closed without a close frame"),

	/**
	 * The server broke RFC 6455: a masked frame, reserved bits or opcodes, a bad control
	 * or close frame (close code 1002).
	 */
	PROTOCOL_ERROR(-201, "protocol error by the server"),

	/** A text message (or close reason) was not valid UTF-8 (close code 1007). */
	INVALID_UTF8(-202, "invalid UTF-8 in a text message"),

	/**
	 * The TLS handshake failed: untrusted certificate, hostname mismatch, no common
	 * protocol.
	 */
	TLS_HANDSHAKE_FAILED(-203, "TLS handshake failed"),

	/**
	 * A handshake header was rejected before sending, e.g. one returned by a header
	 * supplier.
	 */
	INVALID_REQUEST_HEADER(-205, "invalid request header"),

	/** The HTTP or SOCKS proxy refused or failed the connection. */
	PROXY_ERROR(-206, "proxy failed the connection"),

	/** An unexpected error inside the client. */
	INTERNAL_ERROR(-999, "unexpected internal error");

	private final int code;

	private final String description;

	WsStatusCode(int code, String description) {
		this.code = code;
		this.description = description;
	}

	/**
	 * Return the numeric status, as the seed module reports it.
	 * @return the status number
	 */
	public int code() {
		return this.code;
	}

	/**
	 * Return a short description.
	 * @return the description
	 */
	public String description() {
		return this.description;
	}

	/**
	 * Return whether a client with reconnection enabled should try again after this
	 * status. Bad URLs and user-requested closes are final.
	 * @return whether to reconnect
	 */
	public boolean isRetryable() {
		return this != NORMAL && this != INVALID_SCHEME && this != HOSTNAME_TOO_LONG && this != INVALID_PORT
				&& this != NO_HOSTNAME && this != INVALID_REQUEST_HEADER;
	}

}
