package dev.wsclient.core;

/**
 * Where a client is in its life. A new client, and one whose connection ended for good,
 * is {@link #CLOSED}.
 *
 * @since 0.1.0
 */
public enum WsState {

	/** Not connected, and no attempt is scheduled. */
	CLOSED,

	/** A connection attempt is under way (TCP, TLS, handshake). */
	CONNECTING,

	/** The connection is open: messages can be sent. */
	OPEN,

	/** A close frame was sent; waiting for the server's close or the close timeout. */
	CLOSING,

	/** The connection was lost and a new attempt is scheduled after a backoff delay. */
	RECONNECTING

}
