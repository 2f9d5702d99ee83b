package dev.wsclient.autoconfigure.listener;

import dev.wsclient.core.WsMessage;
import org.jspecify.annotations.Nullable;

/**
 * A listener method of a WebSocket client failed for one message or event. Its message
 * names the client, the listener and what failed, never the payload; the payload is
 * {@link #getFailedMessage()}.
 *
 * @since 0.2.0
 */
public class WsClientListenerException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String clientName;

	private final String listenerId;

	private final String method;

	private final Stage stage;

	// Not serialized: a payload may hold secrets, and WsMessage is not Serializable.
	private final transient @Nullable WsMessage failedMessage;

	/**
	 * Create an exception.
	 * @param clientName the name of the client
	 * @param listenerId the listener's id
	 * @param method the listener method, described as {@code PriceFeed.on(PriceTick)}
	 * @param stage what failed
	 * @param failedMessage the message being handled, or {@code null} for a lifecycle
	 * event
	 * @param cause the cause
	 */
	public WsClientListenerException(String clientName, String listenerId, String method, Stage stage,
			@Nullable WsMessage failedMessage, Throwable cause) {
		super("WebSocket client '" + clientName + "', listener " + method + ": " + stage.description + ": " + cause,
				cause);
		this.clientName = clientName;
		this.listenerId = listenerId;
		this.method = method;
		this.stage = stage;
		this.failedMessage = failedMessage;
	}

	/**
	 * Return the name of the client.
	 * @return the client name
	 */
	public String getClientName() {
		return this.clientName;
	}

	/**
	 * Return the id of the listener, as in its meters.
	 * @return the listener id
	 */
	public String getListenerId() {
		return this.listenerId;
	}

	/**
	 * Return the listener method, described by its class, name and parameter types.
	 * @return the method, as {@code PriceFeed.on(PriceTick)}
	 */
	public String getMethod() {
		return this.method;
	}

	/**
	 * Return what failed.
	 * @return the stage
	 */
	public Stage getStage() {
		return this.stage;
	}

	/**
	 * Return the message that was being handled.
	 * @return the message, or {@code null} when a lifecycle event was being handled
	 */
	public @Nullable WsMessage getFailedMessage() {
		return this.failedMessage;
	}

	/**
	 * What failed.
	 */
	public enum Stage {

		/** The listener's condition could not be evaluated. */
		CONDITION("the condition could not be evaluated"),

		/** The payload could not be converted to the listener's parameter type. */
		CONVERSION("the payload could not be converted"),

		/** The method threw, or the reactive value it returned failed. */
		INVOCATION("the method failed"),

		/** The method's return value could not be encoded or sent. */
		REPLY("the reply could not be sent");

		private final String description;

		Stage(String description) {
			this.description = description;
		}

	}

}
