package dev.wsclient.autoconfigure.event;

import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsEvent;

import org.springframework.context.ApplicationEvent;

/**
 * Base class of the Spring application events published for a configured WebSocket
 * client. Events are published on the client's network thread, in order: listeners must
 * not block, and a slow listener slows the reading of the socket. Their
 * {@code toString()} never shows secrets or message payloads.
 */
public abstract class WsClientEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	private final String clientName;

	/**
	 * Create an event.
	 * @param client the client the event is about
	 * @param clientName the client's name
	 */
	protected WsClientEvent(WsClient client, String clientName) {
		super(client);
		this.clientName = clientName;
	}

	/**
	 * Return the application event of a client's event.
	 * @param client the client
	 * @param clientName the client's name
	 * @param event the client's event
	 * @return the application event: {@link WsClientConnectedEvent},
	 * {@link WsClientMessageEvent}, {@link WsClientClosedEvent} or
	 * {@link WsClientReconnectingEvent}
	 * @since 0.2.0
	 */
	public static WsClientEvent of(WsClient client, String clientName, WsEvent event) {
		if (event instanceof WsEvent.Connected connected) {
			return new WsClientConnectedEvent(client, clientName, connected.url(), connected.subprotocol());
		}
		if (event instanceof WsEvent.Received received) {
			return new WsClientMessageEvent(client, clientName, received.message());
		}
		if (event instanceof WsEvent.Closed closed) {
			return new WsClientClosedEvent(client, clientName, closed.status());
		}
		WsEvent.Reconnecting reconnecting = (WsEvent.Reconnecting) event;
		return new WsClientReconnectingEvent(client, clientName, reconnecting.attempt(), reconnecting.delay());
	}

	/**
	 * Return the client the event is about.
	 * @return the client
	 */
	public WsClient getClient() {
		return (WsClient) getSource();
	}

	/**
	 * Return the name of the client, its key in {@code wsclient.clients}.
	 * @return the client name
	 */
	public String getClientName() {
		return this.clientName;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[client=" + this.clientName + describe() + "]";
	}

	/**
	 * Describe what is specific to this event for {@link #toString()}, without secrets.
	 * @return text starting with {@code ", "}, or an empty string
	 */
	protected abstract String describe();

}
