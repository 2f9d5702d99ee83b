package dev.wsclient.benchmarks.client;

/**
 * Counts what a blast delivered and when the last expected message arrived. Updated on
 * the one thread a client delivers a connection's messages on; read after the
 * connection's {@code closed()} completed.
 */
final class Tally implements Receiver {

	private final long expected;

	private long count;

	private long bytes;

	private long checksum;

	private long lastNanos;

	Tally(long expected) {
		this.expected = expected;
	}

	@Override
	public void message(int size, long checksum) {
		this.bytes += size;
		this.checksum += checksum;
		if (++this.count == this.expected) {
			this.lastNanos = System.nanoTime();
		}
	}

	/**
	 * Fail unless exactly the expected messages arrived.
	 * @param size the payload size of each
	 * @param checksum the checksum of each
	 * @return when the last one arrived
	 */
	synchronized long verify(int size, long checksum) {
		if (this.count != this.expected || this.bytes != this.expected * size
				|| this.checksum != this.expected * checksum) {
			throw new IllegalStateException("expected " + this.expected + " messages, " + this.expected * size
					+ " bytes, checksum " + this.expected * checksum + "; received " + this.count + " messages, "
					+ this.bytes + " bytes, checksum " + this.checksum);
		}
		return this.lastNanos;
	}

}
