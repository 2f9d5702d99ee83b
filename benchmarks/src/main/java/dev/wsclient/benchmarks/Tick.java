package dev.wsclient.benchmarks;

import java.nio.charset.StandardCharsets;

/**
 * The small JSON record of the listener benchmark, {@code {"symbol","bid","ask","seq"}},
 * as a market-data feed sends it.
 *
 * @param symbol the instrument
 * @param bid the bid price
 * @param ask the ask price
 * @param seq the sequence number
 */
public record Tick(String symbol, double bid, double ask, long seq) {

	/** The tick the load server sends. */
	public static final Tick SAMPLE = new Tick("EURUSD", 1.08412, 1.08415, 123456);

	/** The JSON text of {@link #SAMPLE}, as the load server sends it. */
	public static final byte[] SAMPLE_JSON = ("{\"symbol\":\"" + SAMPLE.symbol + "\",\"bid\":" + SAMPLE.bid
			+ ",\"ask\":" + SAMPLE.ask + ",\"seq\":" + SAMPLE.seq + "}")
		.getBytes(StandardCharsets.UTF_8);

	/**
	 * Return a checksum of every field, so that a client has to read them all and a run
	 * fails unless each message was read whole and right.
	 * @return the checksum
	 */
	public long checksum() {
		long sum = this.seq + Double.doubleToLongBits(this.bid) + Double.doubleToLongBits(this.ask);
		for (int i = 0; i < this.symbol.length(); i++) {
			sum += this.symbol.charAt(i);
		}
		return sum;
	}

}
