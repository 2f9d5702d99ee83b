package dev.wsclient.core;

import java.util.Objects;

/**
 * A message was not sent, in whole or in part: the client is not open, the message is
 * larger than the outbound limit, the send buffer is full, or the connection ended before
 * the message was written.
 *
 * @since 0.1.0
 */
public class WsSendException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final Reason reason;

	/**
	 * Create an exception.
	 * @param reason why the message was not sent
	 * @param message the detail message
	 */
	public WsSendException(Reason reason, String message) {
		super(message);
		this.reason = Objects.requireNonNull(reason, "reason must not be null");
	}

	/**
	 * Return why the message was not sent.
	 * @return the reason
	 */
	public Reason reason() {
		return this.reason;
	}

	/**
	 * Return the seed-style status number: {@code -16} when the client refused the
	 * message (too large, buffer full), {@code -100} when the connection was not open or
	 * ended under it.
	 * @return the status number
	 */
	public int code() {
		return this.reason.status.code();
	}

	/** Why a message was not sent. */
	public enum Reason {

		/** The client was not open. */
		NOT_OPEN(WsStatusCode.TRANSPORT_ERROR),

		/** The message is larger than the maximum outbound message size. */
		TOO_LARGE(WsStatusCode.OUTBOUND_REJECTED),

		/** The send buffer holds as many bytes as it may: the server is not reading. */
		BUFFER_FULL(WsStatusCode.OUTBOUND_REJECTED),

		/** The connection ended before the message was written. */
		CONNECTION_LOST(WsStatusCode.TRANSPORT_ERROR);

		private final WsStatusCode status;

		Reason(WsStatusCode status) {
			this.status = status;
		}

		/**
		 * Return the status this reason is reported with.
		 * @return the status
		 */
		public WsStatusCode status() {
			return this.status;
		}

	}

}
