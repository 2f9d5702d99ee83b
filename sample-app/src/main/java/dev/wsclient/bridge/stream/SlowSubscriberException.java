package dev.wsclient.bridge.stream;

/**
 * Ends the stream of a subscriber that fell too far behind: its buffer was full when the
 * next message arrived. The messages it had not received yet were dropped, for it alone.
 */
public class SlowSubscriberException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String reason;

	private final int bufferSize;

	private final int dropped;

	/**
	 * Create an exception.
	 * @param bufferSize the subscriber's buffer size
	 * @param dropped how many messages the subscriber did not get
	 */
	public SlowSubscriberException(int bufferSize, int dropped) {
		this(reason(bufferSize), bufferSize, dropped);
	}

	private SlowSubscriberException(String reason, int bufferSize, int dropped) {
		super(reason);
		this.reason = reason;
		this.bufferSize = bufferSize;
		this.dropped = dropped;
	}

	private static String reason(int bufferSize) {
		return "too slow: more than " + bufferSize + " messages waiting";
	}

	/**
	 * Return why the subscriber was cut off, short enough for a WebSocket close reason.
	 * @return the reason, such as {@code "too slow: more than 1024 messages waiting"}
	 */
	public String getReason() {
		return this.reason;
	}

	/**
	 * Return the size of the buffer that overflowed.
	 * @return the buffer size, in messages
	 */
	public int getBufferSize() {
		return this.bufferSize;
	}

	/**
	 * Return how many messages the subscriber did not get: the one that overflowed its
	 * buffer and those still waiting in it.
	 * @return the number of messages dropped
	 */
	public int getDropped() {
		return this.dropped;
	}

}
