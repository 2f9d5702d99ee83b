package dev.wsclient.benchmarks.client;

/**
 * Where an adapter hands every whole message it received, once it has touched the
 * payload. Called on the client's own delivery thread.
 */
@FunctionalInterface
public interface Receiver {

	/** A receiver that ignores messages, for connections that get none. */
	Receiver IGNORE = (size, checksum) -> {
	};

	/**
	 * Take a message.
	 * @param size the payload size in bytes
	 * @param checksum the checksum of the payload
	 * @see dev.wsclient.benchmarks.Payloads#checksum(java.nio.ByteBuffer)
	 */
	void message(int size, long checksum);

}
