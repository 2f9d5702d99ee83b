package dev.wsclient.autoconfigure.listener;

import dev.wsclient.autoconfigure.event.WsClientEvent;
import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsEvent;
import org.jspecify.annotations.Nullable;

/**
 * What a parameter of a listener method receives, decided once per parameter at start-up.
 */
enum ListenerArgument {

	/** The client that received the message or event. */
	CLIENT,

	/** The {@link WsMessageMetadata} of the message. */
	METADATA,

	/** The payload, as the listener's reader read it. */
	PAYLOAD,

	/** The close status of a closed event. */
	CLOSE_STATUS,

	/**
	 * The application event of the lifecycle event ({@code WsClientClosedEvent}, ...).
	 */
	APPLICATION_EVENT;

	/**
	 * Resolve the argument.
	 * @param clientName the client name
	 * @param client the client
	 * @param event the event being delivered
	 * @param payload the payload read for a message, else {@code null}
	 * @return the argument
	 */
	@Nullable Object resolve(String clientName, WsClient client, WsEvent event, @Nullable Object payload) {
		return switch (this) {
			case CLIENT -> client;
			case METADATA -> new WsMessageMetadata(clientName, ((WsEvent.Received) event).message());
			case PAYLOAD -> payload;
			case CLOSE_STATUS -> ((WsEvent.Closed) event).status();
			case APPLICATION_EVENT -> WsClientEvent.of(client, clientName, event);
		};
	}

}
