package dev.wsclient.core;

/**
 * Opcode of a data message, numbered as in RFC 6455 and the seed module ({@code 1} text,
 * {@code 2} binary).
 *
 * @since 0.1.0
 */
public enum WsOpcode {

	/** UTF-8 text message (opcode 1). */
	TEXT(1),

	/** Binary message (opcode 2). */
	BINARY(2);

	private final int code;

	WsOpcode(int code) {
		this.code = code;
	}

	/**
	 * Return the RFC 6455 opcode number.
	 * @return 1 for text, 2 for binary
	 */
	public int code() {
		return this.code;
	}

	/**
	 * Return the opcode with the given RFC 6455 number.
	 * @param code 1 or 2
	 * @return the opcode
	 * @throws IllegalArgumentException for any other number (control opcodes are handled
	 * by the client itself)
	 */
	public static WsOpcode of(int code) {
		for (WsOpcode opcode : values()) {
			if (opcode.code == code) {
				return opcode;
			}
		}
		throw new IllegalArgumentException(
				"opcode must be 1 (text) or 2 (binary) but was " + code + "; control frames are sent by the client");
	}

}
