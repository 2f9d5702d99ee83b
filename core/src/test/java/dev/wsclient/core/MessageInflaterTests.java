package dev.wsclient.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link MessageInflater} against messages compressed by {@link Deflater} the way a
 * permessage-deflate server compresses them (RFC 7692): with and without context
 * takeover, within and beyond the size limit, and with input that is not deflate data.
 */
class MessageInflaterTests {

	private static final int MAX_SIZE = 1024 * 1024;

	private final MessageInflater inflater = new MessageInflater();

	private final Deflater deflater = PerMessageDeflate.deflater();

	@AfterEach
	void release() {
		this.inflater.release();
		this.deflater.end();
	}

	@Test
	void messagesCompressedWithContextTakeoverInflateInSequence() {
		List<byte[]> messages = messages(new Random(1));
		List<byte[]> compressed = new ArrayList<>();
		for (byte[] message : messages) {
			compressed.add(PerMessageDeflate.compress(this.deflater, message));
		}
		// Repeats refer back to earlier messages: only a shared window inflates them.
		assertThat(compressed.get(1).length).isLessThan(messages.get(1).length / 4);
		for (int i = 0; i < messages.size(); i++) {
			assertThat(inflate(compressed.get(i), MAX_SIZE)).as("message %d", i).isEqualTo(messages.get(i));
		}
	}

	@Test
	void messagesCompressedWithTheDeflaterResetBetweenThemInflateInSequence() {
		List<byte[]> messages = messages(new Random(2));
		for (int i = 0; i < messages.size(); i++) {
			this.deflater.reset();
			byte[] compressed = PerMessageDeflate.compress(this.deflater, messages.get(i));
			assertThat(inflate(compressed, MAX_SIZE)).as("message %d", i).isEqualTo(messages.get(i));
		}
	}

	@Test
	void aMessageEndingItsDeflateStreamIsFollowedByANewStream() {
		// A sender may end each message with a final block instead of a sync flush; the
		// next message then starts a new stream.
		byte[] first = "the first message, in a stream of its own".getBytes(StandardCharsets.UTF_8);
		this.deflater.setInput(first);
		this.deflater.finish();
		byte[] buffer = new byte[1024];
		int length = this.deflater.deflate(buffer);
		assertThat(this.deflater.finished()).isTrue();
		assertThat(inflate(Arrays.copyOf(buffer, length), MAX_SIZE)).isEqualTo(first);
		byte[] second = "the second message".getBytes(StandardCharsets.UTF_8);
		assertThat(inflate(PerMessageDeflate.compress(second), MAX_SIZE)).isEqualTo(second);
	}

	@Test
	void anEmptyMessageInflatesToNothing() {
		assertThat(inflate(PerMessageDeflate.compress(this.deflater, new byte[0]), MAX_SIZE)).isEmpty();
		// A sender may also send the single empty block of RFC 7692 section 7.2.3.6.
		assertThat(inflate(new byte[] { 0x00 }, MAX_SIZE)).isEmpty();
		byte[] next = "next".getBytes(StandardCharsets.UTF_8);
		assertThat(inflate(PerMessageDeflate.compress(this.deflater, next), MAX_SIZE)).isEqualTo(next);
	}

	@Test
	void aMessageOfExactlyTheLimitInflates() {
		for (int limit : new int[] { 1, 255, 256, 257, 1000, 4096, 100_000 }) {
			MessageInflater fresh = new MessageInflater();
			try {
				byte[] message = new byte[limit];
				new Random(limit).nextBytes(message);
				byte[] compressed = PerMessageDeflate.compress(message);
				assertThat(fresh.inflate(compressed, compressed.length, limit)).as("limit %d", limit)
					.isEqualTo(message);
			}
			finally {
				fresh.release();
			}
		}
	}

	@Test
	void aHighlyCompressibleMessageOfExactlyTheLimitInflates() {
		byte[] message = new byte[100_000];
		byte[] compressed = PerMessageDeflate.compress(message);
		assertThat(inflate(compressed, message.length)).isEqualTo(message);
	}

	@Test
	void aMessageOneByteOverTheLimitIsTooBig() {
		for (int limit : new int[] { 1, 255, 256, 1000, 100_000 }) {
			MessageInflater fresh = new MessageInflater();
			try {
				// Zeros: a few bytes on the wire that inflate to many.
				byte[] compressed = PerMessageDeflate.compress(new byte[limit + 1]);
				ProtocolViolation violation = catchThrowableOfType(ProtocolViolation.class,
						() -> fresh.inflate(compressed, compressed.length, limit));
				assertThat(violation).as("limit %d", limit).isNotNull();
				assertThat(violation.status().status()).isEqualTo(WsStatusCode.MESSAGE_TOO_BIG);
				assertThat(violation.rfcCode()).isEqualTo(1009);
			}
			finally {
				fresh.release();
			}
		}
	}

	@Test
	void aMessageFarOverTheLimitIsTooBigWithoutInflatingItAll() {
		byte[] compressed = PerMessageDeflate.compress(new byte[50 * 1024 * 1024]);
		ProtocolViolation violation = catchThrowableOfType(ProtocolViolation.class,
				() -> this.inflater.inflate(compressed, compressed.length, 64 * 1024));
		assertThat(violation).isNotNull();
		assertThat(violation.status().status()).isEqualTo(WsStatusCode.MESSAGE_TOO_BIG);
		assertThat(violation.rfcCode()).isEqualTo(1009);
	}

	@Test
	void onlyTheGivenLengthOfTheArrayIsInflated() {
		byte[] message = "only this".getBytes(StandardCharsets.UTF_8);
		byte[] compressed = PerMessageDeflate.compress(this.deflater, message);
		byte[] padded = Arrays.copyOf(compressed, compressed.length + 100);
		Arrays.fill(padded, compressed.length, padded.length, (byte) 0xFF);
		assertThat(this.inflater.inflate(padded, compressed.length, MAX_SIZE)).isEqualTo(message);
	}

	@Test
	void garbageIsAProtocolError() {
		// Block type 3 is reserved: no deflate stream starts with FF.
		assertProtocolError(new byte[] { (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF });
		// A stored block whose length and its complement do not match.
		assertProtocolError(new byte[] { 0x00, 0x05, 0x00, 0x05, 0x00, 'h', 'e', 'l', 'l', 'o' });
	}

	@Test
	void randomBytesEitherInflateOrFailWithAProtocolError() {
		Random random = new Random(7692);
		for (int i = 0; i < 2000; i++) {
			byte[] garbage = new byte[1 + random.nextInt(64)];
			random.nextBytes(garbage);
			MessageInflater fresh = new MessageInflater();
			try {
				fresh.inflate(garbage, garbage.length, 4096);
			}
			catch (ProtocolViolation violation) {
				assertThat(violation.rfcCode()).as("rfc code").isIn(1002, 1009);
				assertThat(violation.status().status()).isIn(WsStatusCode.PROTOCOL_ERROR, WsStatusCode.MESSAGE_TOO_BIG);
			}
			finally {
				fresh.release();
			}
		}
	}

	private void assertProtocolError(byte[] garbage) {
		MessageInflater fresh = new MessageInflater();
		try {
			ProtocolViolation violation = catchThrowableOfType(ProtocolViolation.class,
					() -> fresh.inflate(garbage, garbage.length, MAX_SIZE));
			assertThat(violation).isNotNull();
			assertThat(violation.status().status()).isEqualTo(WsStatusCode.PROTOCOL_ERROR);
			assertThat(violation.rfcCode()).isEqualTo(1002);
		}
		finally {
			fresh.release();
		}
	}

	private byte[] inflate(byte[] compressed, int maxSize) {
		return this.inflater.inflate(compressed, compressed.length, maxSize);
	}

	/** Text and binary messages, some repeating earlier ones, some incompressible. */
	private static List<byte[]> messages(Random random) {
		String chatter = "{\"type\":\"ticker\",\"symbol\":\"BTC-USD\",\"price\":\"%d.%02d\",\"sequence\":%d}";
		List<byte[]> messages = new ArrayList<>();
		messages.add(String.format(chatter, 1, 2, 3).repeat(20).getBytes(StandardCharsets.UTF_8));
		messages.add(String.format(chatter, 1, 2, 3).repeat(20).getBytes(StandardCharsets.UTF_8));
		for (int i = 0; i < 30; i++) {
			messages.add(String.format(chatter, random.nextInt(100_000), random.nextInt(100), i)
				.getBytes(StandardCharsets.UTF_8));
		}
		byte[] noise = new byte[70_000];
		random.nextBytes(noise);
		messages.add(noise);
		messages.add("ünïcödé ✓ 😀 ".repeat(500).getBytes(StandardCharsets.UTF_8));
		messages.add(new byte[0]);
		messages.add(new byte[300_000]);
		messages.add(String.format(chatter, 1, 2, 3).getBytes(StandardCharsets.UTF_8));
		return messages;
	}

}
