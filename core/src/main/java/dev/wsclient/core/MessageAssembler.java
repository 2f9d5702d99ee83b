package dev.wsclient.core;

import java.util.Arrays;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * Builds whole messages from the payloads of data frames as they arrive from the socket,
 * within the size limit. A message in a single uncompressed frame is copied once, from
 * the socket buffer straight into the array the {@link WsMessage} keeps; text is checked
 * for UTF-8 as it is copied, so a bad fragment fails at once. Fragmented and compressed
 * messages collect in a reusable buffer first.
 */
final class MessageAssembler {

	private static final byte[] EMPTY = new byte[0];

	// A fragment buffer grown beyond this is not kept for the next message.
	private static final int RETAINED_BUFFER_SIZE = 64 * 1024;

	private final int maxMessageSize;

	private final Utf8Validator utf8 = new Utf8Validator();

	private @Nullable MessageInflater inflater;

	private byte[] target = EMPTY;

	private int length;

	private boolean text;

	private boolean compressed;

	private boolean fragmented;

	private byte[] fragments = EMPTY;

	MessageAssembler(int maxMessageSize) {
		this.maxMessageSize = maxMessageSize;
	}

	/**
	 * Start a message with its first frame.
	 * @param text whether it is a text message
	 * @param compressed whether it is compressed (RSV1 with permessage-deflate)
	 * @param finalFrame whether this frame is the whole message
	 * @param frameLength the payload length of the frame
	 */
	void begin(boolean text, boolean compressed, boolean finalFrame, long frameLength) {
		requireWithinLimit(frameLength);
		this.text = text;
		this.compressed = compressed;
		this.length = 0;
		this.utf8.reset();
		this.fragmented = !finalFrame || compressed;
		if (this.fragmented) {
			this.target = this.fragments;
			ensureCapacity(frameLength);
		}
		else {
			this.target = (frameLength == 0) ? EMPTY : new byte[(int) frameLength];
		}
	}

	/**
	 * Continue the message with a continuation frame.
	 * @param frameLength the payload length of the frame
	 */
	void proceed(long frameLength) {
		requireWithinLimit(this.length + frameLength);
		ensureCapacity(frameLength);
	}

	/**
	 * Take the next part of the current frame's payload.
	 * @param source the socket buffer
	 * @param index where the part starts
	 * @param partLength how long it is
	 */
	void append(ByteBuf source, int index, int partLength) {
		source.getBytes(index, this.target, this.length, partLength);
		int from = this.length;
		this.length += partLength;
		if (this.text && !this.compressed && !this.utf8.check(this.target, from, this.length)) {
			throw invalidUtf8();
		}
	}

	/**
	 * Return the message whose last frame has been appended.
	 * @param receivedNanos {@link System#nanoTime()} when its last bytes were read
	 * @return the message, stamped with its receive time
	 */
	WsMessage finish(long receivedNanos) {
		byte[] payload;
		if (this.compressed) {
			payload = inflater().inflate(this.target, this.length, this.maxMessageSize);
			if (this.text && !this.utf8.check(payload, 0, payload.length)) {
				throw invalidUtf8();
			}
		}
		else if (this.fragmented) {
			payload = Arrays.copyOf(this.target, this.length);
		}
		else {
			payload = this.target;
		}
		if (this.text && !this.utf8.isComplete()) {
			throw invalidUtf8();
		}
		if (this.fragmented) {
			this.fragments = (this.target.length <= RETAINED_BUFFER_SIZE) ? this.target : EMPTY;
		}
		this.target = EMPTY;
		return WsMessage.received(this.text ? WsOpcode.TEXT : WsOpcode.BINARY, payload,
				ReceiveClock.epochNanos(receivedNanos), receivedNanos);
	}

	/** Free what the assembler holds outside the heap. */
	void release() {
		MessageInflater current = this.inflater;
		if (current != null) {
			this.inflater = null;
			current.release();
		}
		this.target = EMPTY;
		this.fragments = EMPTY;
	}

	private MessageInflater inflater() {
		MessageInflater current = this.inflater;
		if (current == null) {
			// Created on the first compressed message: an idle connection needs no zlib
			// state.
			current = new MessageInflater();
			this.inflater = current;
		}
		return current;
	}

	private void requireWithinLimit(long size) {
		if (size > this.maxMessageSize) {
			this.target = EMPTY;
			this.fragments = EMPTY;
			throw new ProtocolViolation(WsStatusCode.MESSAGE_TOO_BIG, 1009,
					"inbound message of at least " + size + " bytes exceeds the limit of " + this.maxMessageSize);
		}
	}

	private void ensureCapacity(long frameLength) {
		long needed = this.length + frameLength;
		if (needed > this.target.length) {
			long grown = Math.max(needed, Math.min(this.maxMessageSize, this.target.length * 2L));
			this.target = Arrays.copyOf(this.target, (int) Math.max(grown, 256));
		}
	}

	private static ProtocolViolation invalidUtf8() {
		return new ProtocolViolation(WsStatusCode.INVALID_UTF8, 1007, "text message is not valid UTF-8");
	}

}
