package dev.wsclient.bridge.stream;

import java.time.Duration;

/**
 * What bounds every client's stream.
 *
 * @param bufferSize how many of a client's latest messages are kept for its subscribers
 * @param bufferBytes how many payload bytes of them at most
 * @param bufferMaxAge how old a kept message may be and still be replayed to a subscriber
 * that resumes
 * @param closeTimeout how long a subscriber whose stream the bridge ends gets to read the
 * end before its connection is dropped
 */
public record StreamSettings(int bufferSize, long bufferBytes, Duration bufferMaxAge, Duration closeTimeout) {

	public StreamSettings {
		if (bufferSize < 1) {
			throw new IllegalArgumentException("bufferSize must be at least 1 but was " + bufferSize);
		}
		if (bufferBytes < 1) {
			throw new IllegalArgumentException("bufferBytes must be at least 1 but was " + bufferBytes);
		}
		if (bufferMaxAge.isNegative() || bufferMaxAge.isZero()) {
			throw new IllegalArgumentException("bufferMaxAge must be positive but was " + bufferMaxAge);
		}
	}

	/**
	 * Describe a number of bytes the way people read it.
	 * @param bytes the number of bytes
	 * @return for example {@code 8 MiB}, {@code 64 KiB} or {@code 1000 bytes}
	 */
	static String describe(long bytes) {
		if (bytes % (1024 * 1024) == 0) {
			return (bytes / (1024 * 1024)) + " MiB";
		}
		if (bytes % 1024 == 0) {
			return (bytes / 1024) + " KiB";
		}
		return bytes + " bytes";
	}

}
