package dev.wsclient.core;

import java.nio.charset.StandardCharsets;

/** The close codes and reasons RFC 6455 (section 7.4) lets a client send. */
final class CloseCodes {

	private static final int MAX_REASON_BYTES = 123;

	private CloseCodes() {
	}

	/**
	 * Check a close code and reason the user asked to send.
	 * @param code the close code
	 * @param reason the reason
	 * @throws IllegalArgumentException when the code may not be sent or the reason is too
	 * long
	 */
	static void validate(int code, String reason) {
		if (!isSendable(code)) {
			throw new IllegalArgumentException("close code " + code
					+ " cannot be sent: use 1000-1003, 1007-1014 or 3000-4999 (1004-1006 and 1015 are reserved)");
		}
		if (reason == null) {
			throw new IllegalArgumentException("reason must not be null; use \"\" for none");
		}
		int length = reason.getBytes(StandardCharsets.UTF_8).length;
		if (length > MAX_REASON_BYTES) {
			throw new IllegalArgumentException(
					"reason is " + length + " bytes of UTF-8; a close frame has room for " + MAX_REASON_BYTES);
		}
	}

	/**
	 * Return whether a close code is one an endpoint may put in a close frame.
	 * @param code the code
	 * @return whether it is valid on the wire
	 */
	static boolean isSendable(int code) {
		return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
	}

}
