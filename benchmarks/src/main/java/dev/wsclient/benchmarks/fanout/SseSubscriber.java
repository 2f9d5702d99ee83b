package dev.wsclient.benchmarks.fanout;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;
import org.HdrHistogram.Recorder;

/**
 * One subscriber that reads its stream at full speed: it finds the lines of the
 * Server-Sent Events as they arrive, keeps only the first bytes of each (a {@code data:}
 * line's sequence number and send time), checks that the sequence numbers only grow and
 * counts what it received and what it missed. Runs on its channel's event loop; the
 * counters are written there only and read by the driver.
 */
final class SseSubscriber extends ChannelInboundHandlerAdapter {

	private static final byte[] DATA = { 'd', 'a', 't', 'a', ':' };

	private static final byte[] ERROR_EVENT = { 'e', 'v', 'e', 'n', 't', ':', 'e', 'r', 'r', 'o', 'r' };

	private static final int KEPT = Math.max(DATA.length + FeedMessages.PREFIX, ERROR_EVENT.length);

	private final FeedMessages clock;

	private final Latencies latencies;

	private final byte[] line = new byte[KEPT];

	private final long[] numbers = new long[2];

	private int lineLength;

	private volatile int status;

	// Written on the event loop only; lastSequence is written last and read first, so
	// that a reader on another thread sees the counters as of that sequence number.
	private volatile long lastSequence;

	private long received;

	private long missed;

	private long disordered;

	private volatile boolean cutOff;

	private volatile boolean ended;

	private volatile boolean stalled;

	SseSubscriber(FeedMessages clock, Latencies latencies) {
		this.clock = clock;
		this.latencies = latencies;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		try {
			if (msg instanceof HttpResponse response) {
				this.status = response.status().code();
				if (this.status != 200) {
					ctx.close();
				}
			}
			if (msg instanceof HttpContent content) {
				scan(content.content());
			}
		}
		finally {
			ReferenceCountUtil.release(msg);
		}
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		this.ended = true;
		ctx.fireChannelInactive();
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		this.ended = true;
		ctx.close();
	}

	private void scan(ByteBuf content) {
		int index = content.readerIndex();
		int end = content.writerIndex();
		while (index < end) {
			int newline = content.indexOf(index, end, (byte) '\n');
			int stop = (newline < 0) ? end : newline;
			int keep = Math.min(KEPT - this.lineLength, stop - index);
			if (keep > 0) {
				content.getBytes(index, this.line, this.lineLength, keep);
				this.lineLength += keep;
			}
			if (newline < 0) {
				return;
			}
			lineEnded();
			this.lineLength = 0;
			index = newline + 1;
		}
	}

	private void lineEnded() {
		if (startsWith(DATA)) {
			if (FeedMessages.decode(this.line, DATA.length, this.lineLength, this.numbers)) {
				received(this.numbers[0], this.numbers[1]);
			}
		}
		else if (startsWith(ERROR_EVENT)) {
			this.cutOff = true;
		}
	}

	private void received(long sequence, long sentNanos) {
		long last = this.lastSequence;
		if (sequence <= last) {
			this.disordered++;
			this.lastSequence = last;
			return;
		}
		if (last != 0) {
			this.missed += sequence - last - 1;
		}
		this.received++;
		this.lastSequence = sequence;
		this.latencies.record(sequence, this.clock.now() - sentNanos);
	}

	private boolean startsWith(byte[] prefix) {
		if (this.lineLength < prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if (this.line[i] != prefix[i]) {
				return false;
			}
		}
		return true;
	}

	int status() {
		return this.status;
	}

	long lastSequence() {
		return this.lastSequence;
	}

	long received() {
		return (this.lastSequence >= 0) ? this.received : 0;
	}

	long missed() {
		return (this.lastSequence >= 0) ? this.missed : 0;
	}

	long disordered() {
		return (this.lastSequence >= 0) ? this.disordered : 0;
	}

	/**
	 * Give up waiting for this reader: the server stopped sending to it while its
	 * connection stays open.
	 */
	void stall() {
		this.stalled = true;
	}

	/**
	 * Return whether the driver gave up waiting for this reader.
	 * @return whether it stalled
	 */
	boolean stalled() {
		return this.stalled;
	}

	/**
	 * Return whether the server ended this stream: an {@code error} event, or the
	 * connection closed.
	 * @return whether it ended
	 */
	boolean ended() {
		return this.cutOff || this.ended;
	}

	/**
	 * The latencies of the messages in a range of sequence numbers, from every
	 * subscriber.
	 */
	static final class Latencies {

		private final Recorder recorder = new Recorder(3);

		private volatile long from = Long.MAX_VALUE;

		private volatile long to = Long.MAX_VALUE;

		/**
		 * Record the messages from one sequence number on, and forget what was recorded.
		 * @param first the first sequence number recorded
		 */
		void recordFrom(long first) {
			this.to = Long.MAX_VALUE;
			this.from = first;
			this.recorder.reset();
		}

		/**
		 * Record no message after this one.
		 * @param last the last sequence number recorded
		 */
		void recordUntil(long last) {
			this.to = last;
		}

		void record(long sequence, long nanos) {
			if (sequence >= this.from && sequence <= this.to) {
				this.recorder.recordValue(Math.max(0, nanos));
			}
		}

		/**
		 * Return what was recorded since {@link #recordFrom}.
		 * @return the histogram, in nanoseconds
		 */
		org.HdrHistogram.Histogram histogram() {
			return this.recorder.getIntervalHistogram();
		}

	}

}
