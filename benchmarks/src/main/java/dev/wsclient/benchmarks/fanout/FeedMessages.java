package dev.wsclient.benchmarks.fanout;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The feed's messages: {@value #SIZE} bytes of ASCII text that start with the sequence
 * number and the send time, {@code "<seq> <nanos> "}, padded with letters. The time is
 * {@link System#nanoTime()} of the driver JVM, less the moment the feed was made, so that
 * it is never negative; the subscribers in the same JVM subtract it from their own clock.
 */
final class FeedMessages {

	/** The size of every message, in bytes. */
	static final int SIZE = 1024;

	/** The longest prefix a reader needs: two longs, two spaces. */
	static final int PREFIX = 2 * 20 + 2;

	private static final byte[] PADDING = padding();

	private final long origin = System.nanoTime();

	/**
	 * Return the clock the messages carry.
	 * @return nanoseconds since the feed was made
	 */
	long now() {
		return System.nanoTime() - this.origin;
	}

	/**
	 * Encode a message.
	 * @param allocator where its buffer comes from
	 * @param sequence its sequence number, from 1
	 * @param sentNanos its send time, from {@link #now()}
	 * @return the text, {@value #SIZE} bytes
	 */
	ByteBuf encode(ByteBufAllocator allocator, long sequence, long sentNanos) {
		byte[] prefix = (sequence + " " + sentNanos + " ").getBytes(StandardCharsets.US_ASCII);
		ByteBuf buffer = allocator.buffer(SIZE);
		buffer.writeBytes(prefix);
		buffer.writeBytes(PADDING, 0, SIZE - prefix.length);
		return buffer;
	}

	/**
	 * Read the sequence number and the send time at the start of a message.
	 * @param text the message's first bytes
	 * @param from where the message starts
	 * @param to where what was kept of it ends
	 * @param numbers where to put the two numbers
	 * @return whether the text starts like a feed message
	 */
	static boolean decode(byte[] text, int from, int to, long[] numbers) {
		int index = from;
		for (int n = 0; n < 2; n++) {
			int start = index;
			long value = 0;
			while (index < to && text[index] >= '0' && text[index] <= '9') {
				value = value * 10 + (text[index++] - '0');
			}
			if (index == start || index >= to || text[index] != ' ') {
				return false;
			}
			numbers[n] = value;
			index++;
		}
		return true;
	}

	private static byte[] padding() {
		byte[] padding = new byte[SIZE];
		for (int i = 0; i < SIZE; i++) {
			padding[i] = (byte) ('a' + (i % 26));
		}
		return padding;
	}

}
