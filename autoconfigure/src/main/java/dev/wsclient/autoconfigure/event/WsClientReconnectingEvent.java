package dev.wsclient.autoconfigure.event;

import java.time.Duration;

import dev.wsclient.core.WsClient;

/**
 * Published when a client schedules a new connection attempt after losing its connection.
 */
public class WsClientReconnectingEvent extends WsClientEvent {

	private static final long serialVersionUID = 1L;

	private final long attempt;

	private final Duration delay;

	/**
	 * Create an event.
	 * @param client the client
	 * @param clientName the client's name
	 * @param attempt the number of the attempt since the connection was last stable, from
	 * 1
	 * @param delay how long the client waits before the attempt
	 */
	public WsClientReconnectingEvent(WsClient client, String clientName, long attempt, Duration delay) {
		super(client, clientName);
		this.attempt = attempt;
		this.delay = delay;
	}

	/**
	 * Return the number of the attempt since the connection was last stable.
	 * @return the attempt, from 1
	 */
	public long getAttempt() {
		return this.attempt;
	}

	/**
	 * Return how long the client waits before the attempt.
	 * @return the delay
	 */
	public Duration getDelay() {
		return this.delay;
	}

	@Override
	protected String describe() {
		return ", attempt=" + this.attempt + ", delay=" + this.delay.toMillis() + "ms";
	}

}
