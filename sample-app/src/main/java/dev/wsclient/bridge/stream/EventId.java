package dev.wsclient.bridge.stream;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The id of a message in a client's stream: {@code <epoch>-<sequence>}, for example
 * {@code 3141592653589-42}.
 *
 * <p>
 * The sequence numbers a client's messages from 1 within one epoch. The epoch names the
 * numbering: a bridge draws one at random when it starts, so the ids of two runs, or of
 * two replicas that each read their own upstream connection, never mean the same message.
 * A subscriber that resumes after an id of another epoch cannot be told what it missed
 * there, and gets a gap instead of a wrong replay or a refusal. The epoch is a decimal
 * number below 2<sup>53</sup>, so that JavaScript reads it exactly; 0 stands for the
 * epoch of a bare sequence number, the id format before epochs, which is accepted for
 * that reason and never matches a running stream.
 *
 * @param epoch the numbering the sequence belongs to
 * @param sequence the message's number in it; 0 is the position before the first message
 */
public record EventId(long epoch, long sequence) {

	/**
	 * The epoch of a bare sequence number.
	 */
	public static final long NO_EPOCH = 0;

	/**
	 * Epochs are below this bound.
	 */
	public static final long EPOCH_BOUND = 1L << 53;

	private static final Pattern FORMAT = Pattern.compile("(?:([0-9]{1,16})-)?([0-9]{1,18})");

	public EventId {
		if (epoch < 0 || epoch >= EPOCH_BOUND) {
			throw new IllegalArgumentException("epoch must be between 0 and 2^53 but was " + epoch);
		}
		if (sequence < 0) {
			throw new IllegalArgumentException("sequence must not be negative but was " + sequence);
		}
	}

	/**
	 * Read an id.
	 * @param text {@code <epoch>-<sequence>}, or a bare sequence number
	 * @return the id
	 * @throws IllegalArgumentException when the text is not an id
	 */
	public static EventId parse(String text) {
		Matcher matcher = FORMAT.matcher(text);
		if (!matcher.matches()) {
			throw new IllegalArgumentException("Not an event id");
		}
		String epoch = matcher.group(1);
		return new EventId((epoch != null) ? Long.parseLong(epoch) : NO_EPOCH, Long.parseLong(matcher.group(2)));
	}

	@Override
	public String toString() {
		return this.epoch + "-" + this.sequence;
	}

}
