package dev.wsclient.autoconfigure.event;

import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsMessage;

/**
 * Published for every message a client receives, unless the client's
 * {@code publish-message-events} is {@code false}.
 */
public class WsClientMessageEvent extends WsClientEvent {

	private static final long serialVersionUID = 1L;

	private final transient WsMessage message;

	/**
	 * Create an event.
	 * @param client the client
	 * @param clientName the client's name
	 * @param message the message
	 */
	public WsClientMessageEvent(WsClient client, String clientName, WsMessage message) {
		super(client, clientName);
		this.message = message;
	}

	/**
	 * Return the message.
	 * @return the message
	 */
	public WsMessage getMessage() {
		return this.message;
	}

	@Override
	protected String describe() {
		// The payload is left out: it may hold anything, secrets included.
		return ", message=" + this.message;
	}

}
