package dev.wsclient.bridge.stream;

import org.jspecify.annotations.Nullable;

/**
 * Where a subscriber's stream starts, and what it is told first.
 *
 * @param next the id of the first message it gets (the ring's next one for a live start)
 * @param gap what it missed and the bridge no longer holds, or {@code null} for nothing
 * @param announce whether a WebSocket subscriber asked to learn ids ({@code since}
 * given): its stream then opens with a {@code resume} or {@code gap} frame
 */
record StreamStart(EventId next, @Nullable Gap gap, boolean announce) {

	/**
	 * Return the id of the message before the first one the subscriber gets, which the
	 * start stands in for: what it resumes after when it reconnects before getting any
	 * message.
	 * @return the id
	 */
	EventId before() {
		return new EventId(this.next.epoch(), this.next.sequence() - 1);
	}

	/**
	 * Return the start as JSON: {@code type} ({@code gap} or {@code resume}),
	 * {@code next}, and for a gap {@code first} and {@code last} (the first and last
	 * missing ids of this epoch, {@code null} when none of them is missing),
	 * {@code missed} (how many of this epoch) and {@code reset} (whether the id resumed
	 * from belongs to another epoch, so that what followed it there is unknown too).
	 * @return the JSON object
	 */
	String json() {
		Gap missing = this.gap;
		if (missing == null) {
			return "{\"type\":\"resume\",\"next\":\"" + this.next + "\"}";
		}
		long epoch = this.next.epoch();
		String first = (missing.missed() > 0) ? "\"" + new EventId(epoch, missing.first()) + "\"" : "null";
		String last = (missing.missed() > 0) ? "\"" + new EventId(epoch, missing.last()) + "\"" : "null";
		return "{\"type\":\"gap\",\"first\":" + first + ",\"last\":" + last + ",\"missed\":" + missing.missed()
				+ ",\"next\":\"" + this.next + "\",\"reset\":" + missing.reset() + "}";
	}

	/**
	 * Messages a resuming subscriber missed that the bridge no longer holds: evicted from
	 * the ring, older than its maximum age, or of another epoch.
	 *
	 * @param first the sequence number of the first missing message of the current epoch
	 * @param last that of the last one; below {@code first} when none is missing
	 * @param reset whether the subscriber resumed from another epoch
	 */
	record Gap(long first, long last, boolean reset) {

		long missed() {
			return Math.max(0, this.last - this.first + 1);
		}

	}

}
