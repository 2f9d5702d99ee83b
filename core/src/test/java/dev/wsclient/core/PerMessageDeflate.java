package dev.wsclient.core;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.Deflater;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compresses messages as a permessage-deflate sender does (RFC 7692 section 7.2.1): raw
 * deflate, a sync flush at the end of each message, and the flush's trailing empty block
 * ({@code 00 00 FF FF}) removed.
 */
final class PerMessageDeflate {

	private static final byte[] TAIL = { 0, 0, (byte) 0xFF, (byte) 0xFF };

	private PerMessageDeflate() {
	}

	/**
	 * Create a raw deflater, as a server uses for one connection.
	 * @return the deflater, to be {@linkplain Deflater#end() ended} by the caller
	 */
	static Deflater deflater() {
		return new Deflater(Deflater.DEFAULT_COMPRESSION, true);
	}

	/**
	 * Compress one message, keeping the deflater's window for the next one (context
	 * takeover).
	 * @param deflater the deflater of the connection
	 * @param message the uncompressed message
	 * @return the payload of the message on the wire
	 */
	static byte[] compress(Deflater deflater, byte[] message) {
		deflater.setInput(message);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] chunk = new byte[1024];
		int written;
		do {
			// Called again while it fills the chunk, as Deflater's javadoc asks.
			written = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
			out.write(chunk, 0, written);
		}
		while (written == chunk.length);
		byte[] flushed = out.toByteArray();
		if (flushed.length == 0) {
			// zlib flushes nothing when nothing came in since the last flush: send the
			// empty message as the single 0x00 octet of RFC 7692 section 7.2.3.6.
			return new byte[] { 0x00 };
		}
		assertThat(Arrays.copyOfRange(flushed, flushed.length - TAIL.length, flushed.length)).as("sync flush tail")
			.isEqualTo(TAIL);
		return Arrays.copyOf(flushed, flushed.length - TAIL.length);
	}

	/**
	 * Compress one message with a deflater of its own (no context takeover).
	 * @param message the uncompressed message
	 * @return the payload of the message on the wire
	 */
	static byte[] compress(byte[] message) {
		Deflater deflater = deflater();
		try {
			return compress(deflater, message);
		}
		finally {
			deflater.end();
		}
	}

}
