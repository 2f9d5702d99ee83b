package dev.wsclient.bridge.stream;

/**
 * The bridge has as many subscribers as it accepts
 * ({@code bridge.subscriber.max-subscribers}).
 */
public class TooManySubscribersException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final int maxSubscribers;

	/**
	 * Create an exception.
	 * @param maxSubscribers how many subscribers the bridge accepts
	 */
	public TooManySubscribersException(int maxSubscribers) {
		super("The bridge has " + maxSubscribers + " subscribers, as many as it accepts");
		this.maxSubscribers = maxSubscribers;
	}

	/**
	 * Return how many subscribers the bridge accepts.
	 * @return the maximum
	 */
	public int getMaxSubscribers() {
		return this.maxSubscribers;
	}

}
