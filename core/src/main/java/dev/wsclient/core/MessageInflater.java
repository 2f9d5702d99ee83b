package dev.wsclient.core;

import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates the messages of a permessage-deflate connection (RFC 7692). The server may
 * keep its compression context from one message to the next, so one inflater serves the
 * whole connection; its native memory is freed by {@link #release()}.
 */
final class MessageInflater {

	// RFC 7692 section 7.2.2: the sender removed this empty stored block from the end of
	// every message; the receiver appends it again before inflating.
	private static final byte[] TAIL = { 0, 0, (byte) 0xFF, (byte) 0xFF };

	private final Inflater inflater = new Inflater(true);

	/**
	 * Inflate one message.
	 * @param compressed the array holding the compressed payload
	 * @param length the length of the compressed payload
	 * @param maxSize the largest inflated size allowed
	 * @return the inflated payload
	 * @throws ProtocolViolation when the payload is not deflate data or inflates beyond
	 * the limit
	 */
	byte[] inflate(byte[] compressed, int length, int maxSize) {
		byte[] out = new byte[(int) Math.min(maxSize, Math.max(256L, length * 4L))];
		int produced = 0;
		try {
			for (byte[] input : new byte[][] { compressed, TAIL }) {
				this.inflater.setInput(input, 0, (input == compressed) ? length : input.length);
				while (true) {
					if (produced == out.length) {
						if (out.length >= maxSize) {
							requireNoMoreOutput(maxSize);
							break;
						}
						out = Arrays.copyOf(out, (int) Math.min(maxSize, out.length * 2L));
					}
					int inflated = this.inflater.inflate(out, produced, out.length - produced);
					produced += inflated;
					if (inflated == 0 && stalled()) {
						break;
					}
				}
			}
		}
		catch (DataFormatException ex) {
			throw ProtocolViolation.protocolError("compressed message is not valid deflate data: " + ex.getMessage());
		}
		if (this.inflater.finished()) {
			// The server ended its deflate stream; a new one starts with its next
			// message.
			this.inflater.reset();
		}
		return (produced == out.length) ? out : Arrays.copyOf(out, produced);
	}

	void release() {
		this.inflater.end();
	}

	// With room left for output, inflating nothing means the input is used up (or the
	// stream ended): zlib holds back no output then.
	private boolean stalled() {
		if (this.inflater.needsDictionary()) {
			throw ProtocolViolation.protocolError("compressed message asks for a preset dictionary");
		}
		return this.inflater.finished() || this.inflater.needsInput();
	}

	private void requireNoMoreOutput(int maxSize) throws DataFormatException {
		byte[] probe = new byte[1];
		while (!stalled()) {
			if (this.inflater.inflate(probe) > 0) {
				throw tooBig(maxSize);
			}
		}
	}

	private static ProtocolViolation tooBig(int maxSize) {
		return new ProtocolViolation(WsStatusCode.MESSAGE_TOO_BIG, 1009,
				"inbound compressed message inflates beyond " + maxSize + " bytes and exceeds the limit of " + maxSize);
	}

}
