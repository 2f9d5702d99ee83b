package dev.wsclient.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Checks that bytes are well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates,
 * nothing above U+10FFFF), chunk by chunk, so that a text message can be rejected at the
 * first bad byte, before the rest of it has arrived. ASCII, which most text feeds are, is
 * skipped eight bytes at a time.
 */
final class Utf8Validator {

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final long HIGH_BITS = 0x8080808080808080L;

	// The continuation bytes still expected for the current character, and the range the
	// next one must fall in (narrower than 0x80-0xBF right after some lead bytes).
	private int pending;

	private int lowest = 0x80;

	private int highest = 0xBF;

	/**
	 * Check the next bytes of the text.
	 * @param bytes the array holding them
	 * @param from the index of the first byte
	 * @param to the index after the last byte
	 * @return whether the text is still well-formed
	 */
	boolean check(byte[] bytes, int from, int to) {
		int index = from;
		while (index < to) {
			if (this.pending == 0) {
				while (index + Long.BYTES <= to && ((long) LONGS.get(bytes, index) & HIGH_BITS) == 0) {
					index += Long.BYTES;
				}
				if (index == to) {
					break;
				}
			}
			if (!accept(bytes[index] & 0xFF)) {
				return false;
			}
			index++;
		}
		return true;
	}

	/**
	 * Return whether the text checked so far ends on a character boundary, as a whole
	 * message must.
	 * @return whether no character is left incomplete
	 */
	boolean isComplete() {
		return this.pending == 0;
	}

	/** Start checking a new text. */
	void reset() {
		this.pending = 0;
		this.lowest = 0x80;
		this.highest = 0xBF;
	}

	private boolean accept(int value) {
		if (this.pending > 0) {
			if (value < this.lowest || value > this.highest) {
				return false;
			}
			this.pending--;
			this.lowest = 0x80;
			this.highest = 0xBF;
			return true;
		}
		if (value < 0x80) {
			return true;
		}
		if (value < 0xC2) {
			// A continuation byte without a lead, or the lead of an overlong two-byte
			// form.
			return false;
		}
		if (value < 0xE0) {
			this.pending = 1;
		}
		else if (value < 0xF0) {
			this.pending = 2;
			// E0 must not start an overlong form; ED must not encode a surrogate.
			this.lowest = (value == 0xE0) ? 0xA0 : 0x80;
			this.highest = (value == 0xED) ? 0x9F : 0xBF;
		}
		else if (value < 0xF5) {
			this.pending = 3;
			// F0 must not start an overlong form; F4 must stay at or below U+10FFFF.
			this.lowest = (value == 0xF0) ? 0x90 : 0x80;
			this.highest = (value == 0xF4) ? 0x8F : 0xBF;
		}
		else {
			return false;
		}
		return true;
	}

}
