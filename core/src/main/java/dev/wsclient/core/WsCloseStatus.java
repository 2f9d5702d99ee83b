package dev.wsclient.core;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * How a connection attempt ended: the seed-style status number, and where there was one
 * the RFC 6455 close code and reason, the HTTP status of a refused handshake, and the
 * cause.
 *
 * @param status the status
 * @param rfcCode the RFC 6455 close code sent or received, or {@code null} when no close
 * frame was exchanged (1006 in RFC terms)
 * @param reason the close reason sent by the server, or a description of the failure
 * @param httpStatus the HTTP status of a handshake answered with something other than 101
 * @param cause the exception behind a failure
 * @since 0.1.0
 */
public record WsCloseStatus(WsStatusCode status, @Nullable Integer rfcCode, String reason, @Nullable Integer httpStatus,
		@Nullable Throwable cause) {

	/** Status of a close requested by the user. */
	public static final WsCloseStatus NORMAL = new WsCloseStatus(WsStatusCode.NORMAL, 1000, "", null, null);

	public WsCloseStatus {
		Objects.requireNonNull(status, "status must not be null");
		Objects.requireNonNull(reason, "reason must not be null");
	}

	/**
	 * Create a status with a description as reason.
	 * @param status the status
	 * @param rfcCode the RFC close code, or {@code null}
	 * @param reason the reason
	 * @return the close status
	 */
	public static WsCloseStatus of(WsStatusCode status, @Nullable Integer rfcCode, String reason) {
		return new WsCloseStatus(status, rfcCode, reason, null, null);
	}

	/**
	 * Create a status for a failure.
	 * @param status the status
	 * @param rfcCode the RFC close code, or {@code null}
	 * @param cause the exception
	 * @return the close status
	 */
	public static WsCloseStatus failure(WsStatusCode status, @Nullable Integer rfcCode, Throwable cause) {
		String message = cause.getMessage();
		String reason = (message != null) ? message : cause.getClass().getSimpleName();
		return new WsCloseStatus(status, rfcCode, status.description() + ": " + reason, null, cause);
	}

	/**
	 * Return the numeric status as the seed module reports it: {@code 0} for a normal
	 * close, negative for every failure.
	 * @return the status number
	 */
	public int code() {
		return this.status.code();
	}

	/**
	 * Return whether the connection ended because of a failure rather than a normal
	 * close.
	 * @return whether the status is not {@code 0}
	 */
	public boolean isError() {
		return this.status != WsStatusCode.NORMAL;
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder("WsCloseStatus[").append(code()).append(' ').append(this.status);
		if (this.rfcCode != null) {
			text.append(", rfcCode=").append(this.rfcCode);
		}
		if (this.httpStatus != null) {
			text.append(", httpStatus=").append(this.httpStatus);
		}
		if (!this.reason.isEmpty()) {
			text.append(", reason=").append(this.reason);
		}
		return text.append(']').toString();
	}

}
