package dev.wsclient.bridge.stream;

/**
 * Thrown when a subscriber resumes after an id of the stream's epoch that the stream has
 * not reached: not an id it can have received.
 */
public class UnknownEventIdException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String latest;

	UnknownEventIdException(EventId requested, EventId latest) {
		super("Event " + requested + " has not been sent; the latest is " + latest);
		this.latest = latest.toString();
	}

	/**
	 * Return the id of the latest message of the stream, {@code <epoch>-0} before the
	 * first.
	 * @return the id
	 */
	public String getLatest() {
		return this.latest;
	}

}
