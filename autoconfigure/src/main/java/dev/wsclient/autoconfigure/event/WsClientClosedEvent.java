package dev.wsclient.autoconfigure.event;

import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsCloseStatus;

/**
 * Published when a connection attempt ends, whether it opened or not: exactly once per
 * attempt, with the full close status. With reconnection enabled a
 * {@link WsClientReconnectingEvent} follows when another attempt is scheduled.
 */
public class WsClientClosedEvent extends WsClientEvent {

	private static final long serialVersionUID = 1L;

	private final transient WsCloseStatus status;

	/**
	 * Create an event.
	 * @param client the client
	 * @param clientName the client's name
	 * @param status how the attempt ended
	 */
	public WsClientClosedEvent(WsClient client, String clientName, WsCloseStatus status) {
		super(client, clientName);
		this.status = status;
	}

	/**
	 * Return how the connection attempt ended.
	 * @return the close status; {@code getStatus().code()} is 0 for a normal close
	 */
	public WsCloseStatus getStatus() {
		return this.status;
	}

	@Override
	protected String describe() {
		return ", status=" + this.status;
	}

}
