package dev.wsclient.benchmarks;

import java.nio.ByteBuffer;

import io.netty.buffer.ByteBuf;

/**
 * The payload the load server sends and the checksum every client computes over every
 * message it receives, so that a client has to touch each payload byte and a run fails
 * unless count, bytes and content match exactly.
 *
 * <p>
 * Every representation (byte array, {@link ByteBuffer}, Netty {@link ByteBuf},
 * {@link String}) is summed the same way: copied in bulk, a chunk at a time, into a
 * per-thread scratch array that a loop without calls sums. A loop that called
 * {@code ByteBuffer.get(int)} or {@code String.charAt(int)} per element was measured to
 * run three times slower when the JIT could not inline those calls, which depends on how
 * deep in the client's stack the loop runs: that would have measured the benchmark, not
 * the client.
 */
public final class Payloads {

	private static final int CHUNK = 4096;

	private static final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

	private Payloads() {
	}

	/**
	 * Return the payload of every message of a run.
	 * @param size the size in bytes
	 * @param text whether it is text: then ASCII letters, so that characters and bytes
	 * coincide
	 * @return the payload
	 */
	public static byte[] payload(int size, boolean text) {
		byte[] payload = new byte[size];
		for (int i = 0; i < size; i++) {
			payload[i] = text ? (byte) ('a' + (i % 26)) : (byte) (i * 31 + 7);
		}
		return payload;
	}

	/**
	 * Return the checksum of a payload: the sum of its unsigned bytes.
	 * @param payload the payload
	 * @return the checksum
	 */
	public static long checksum(byte[] payload) {
		return sum(payload, 0, payload.length);
	}

	/**
	 * Return the checksum of the remaining bytes of a buffer, leaving its position alone.
	 * @param buffer the payload
	 * @return the checksum
	 */
	public static long checksum(ByteBuffer buffer) {
		byte[] bytes = scratch.get().bytes;
		long sum = 0;
		for (int index = buffer.position(), end = buffer.limit(); index < end; index += CHUNK) {
			int length = Math.min(CHUNK, end - index);
			buffer.get(index, bytes, 0, length);
			sum += sum(bytes, 0, length);
		}
		return sum;
	}

	/**
	 * Return the checksum of the readable bytes of a Netty buffer, leaving its indexes
	 * alone.
	 * @param buffer the payload
	 * @return the checksum
	 */
	public static long checksum(ByteBuf buffer) {
		byte[] bytes = scratch.get().bytes;
		long sum = 0;
		for (int index = buffer.readerIndex(), end = buffer.writerIndex(); index < end; index += CHUNK) {
			int length = Math.min(CHUNK, end - index);
			buffer.getBytes(index, bytes, 0, length);
			sum += sum(bytes, 0, length);
		}
		return sum;
	}

	/**
	 * Return the checksum of a text payload: the sum of its characters, which equals the
	 * byte checksum for the ASCII payloads of the load server.
	 * @param text the payload
	 * @return the checksum
	 */
	public static long checksum(CharSequence text) {
		if (!(text instanceof String string)) {
			return checksum(text.toString());
		}
		char[] chars = scratch.get().chars;
		long sum = 0;
		for (int index = 0, end = string.length(); index < end; index += CHUNK) {
			int length = Math.min(CHUNK, end - index);
			string.getChars(index, index + length, chars, 0);
			for (int i = 0; i < length; i++) {
				sum += chars[i];
			}
		}
		return sum;
	}

	private static long sum(byte[] bytes, int offset, int length) {
		long sum = 0;
		for (int i = offset, end = offset + length; i < end; i++) {
			sum += bytes[i] & 0xFF;
		}
		return sum;
	}

	/** Scratch arrays of one thread. */
	private static final class Scratch {

		private final byte[] bytes = new byte[CHUNK];

		private final char[] chars = new char[CHUNK];

	}

}
