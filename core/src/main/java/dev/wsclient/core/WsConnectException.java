package dev.wsclient.core;

import java.util.Objects;

/**
 * A connection attempt failed for good: the URL was invalid, or the attempt failed and no
 * further attempt will follow.
 *
 * @since 0.1.0
 */
public class WsConnectException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient WsCloseStatus status;

	/**
	 * Create an exception for the given status.
	 * @param status how the attempt ended
	 */
	public WsConnectException(WsCloseStatus status) {
		super(Objects.requireNonNull(status, "status must not be null").reason(), status.cause());
		this.status = status;
	}

	/**
	 * Return how the attempt ended.
	 * @return the close status
	 */
	public WsCloseStatus status() {
		return this.status;
	}

}
