package dev.wsclient.core;

/**
 * Thrown by the inbound frame decoding when the server broke RFC 6455 or a limit: the
 * frame handler catches it and fails the connection with the status it carries. Only
 * thrown once per connection, so it carries no stack trace.
 */
final class ProtocolViolation extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient WsCloseStatus status;

	ProtocolViolation(WsStatusCode code, int rfcCode, String reason) {
		super(reason, null, false, false);
		this.status = WsCloseStatus.of(code, rfcCode, reason);
	}

	static ProtocolViolation protocolError(String reason) {
		return new ProtocolViolation(WsStatusCode.PROTOCOL_ERROR, 1002, reason);
	}

	WsCloseStatus status() {
		return this.status;
	}

	int rfcCode() {
		Integer code = this.status.rfcCode();
		return (code != null) ? code : 1002;
	}

}
