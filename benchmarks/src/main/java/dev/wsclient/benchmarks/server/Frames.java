package dev.wsclient.benchmarks.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.wsclient.benchmarks.Payloads;
import dev.wsclient.benchmarks.Tick;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The messages of a blast, encoded once: server frames are not masked, so one buffer of
 * back-to-back frames serves every connection, and writing a batch of messages is writing
 * a slice of it. This keeps the server's cost per message near zero, so that the client
 * is what a blast measures.
 */
final class Frames {

	private static final int CHUNK_BYTES = 64 * 1024;

	private static final Map<String, Frames> cache = new ConcurrentHashMap<>();

	private final ByteBuf chunk;

	private final int frameLength;

	private final int framesPerChunk;

	private Frames(byte[] payload, boolean text) {
		int size = payload.length;
		int headerLength = (size < 126) ? 2 : (size <= 0xFFFF) ? 4 : 10;
		this.frameLength = headerLength + size;
		this.framesPerChunk = Math.max(1, CHUNK_BYTES / this.frameLength);
		ByteBuf buffer = Unpooled.directBuffer(this.frameLength * this.framesPerChunk);
		for (int i = 0; i < this.framesPerChunk; i++) {
			buffer.writeByte(0x80 | (text ? 0x1 : 0x2));
			if (size < 126) {
				buffer.writeByte(size);
			}
			else if (size <= 0xFFFF) {
				buffer.writeByte(126).writeShort(size);
			}
			else {
				buffer.writeByte(127).writeLong(size);
			}
			buffer.writeBytes(payload);
		}
		this.chunk = Unpooled.unreleasableBuffer(buffer.asReadOnly());
	}

	/**
	 * Return the frames for a blast, shared by every blast of that kind.
	 * @param size the payload size
	 * @param text whether the frames are text frames
	 * @return the frames
	 */
	static Frames forBlast(int size, boolean text) {
		if (size < 0 || size > 1024 * 1024) {
			throw new IllegalArgumentException("size must be 0 to 1 MiB");
		}
		return cache.computeIfAbsent(size + (text ? "t" : "b"),
				(key) -> new Frames(Payloads.payload(size, text), text));
	}

	/**
	 * Return the frames of a blast of JSON ticks ({@link Tick#SAMPLE_JSON}), as text.
	 * @return the frames
	 */
	static Frames forTicks() {
		return cache.computeIfAbsent("ticks", (key) -> new Frames(Tick.SAMPLE_JSON, true));
	}

	int framesPerChunk() {
		return this.framesPerChunk;
	}

	/**
	 * Return a buffer of encoded frames, to be written as it is; releasing it is
	 * harmless.
	 * @param count how many frames, at most {@link #framesPerChunk()}
	 * @return the frames
	 */
	ByteBuf frames(int count) {
		return this.chunk.slice(0, count * this.frameLength);
	}

}
