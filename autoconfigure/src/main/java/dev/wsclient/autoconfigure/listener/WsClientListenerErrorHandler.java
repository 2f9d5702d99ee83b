package dev.wsclient.autoconfigure.listener;

/**
 * Handles what went wrong in a listener method of a WebSocket client: a condition that
 * could not be evaluated, a payload that does not convert, a method that threw, a reply
 * that could not be sent. Whatever it does, the next message is delivered and the
 * connection is not affected; an exception it throws is logged and dropped.
 *
 * <p>
 * The auto-configured handler logs at WARN with the client name, the listener and the
 * start of the payload ({@code wsclient.listener.logged-payload-length}); define a bean
 * of this type to replace it (to send the payload to a dead-letter store, for example).
 * Failures are counted in {@code wsclient.listener.errors} whichever handler runs.
 *
 * <p>
 * Called on the thread of the failure (the client's I/O thread for most of them): it must
 * not block.
 *
 * @since 0.2.0
 */
@FunctionalInterface
public interface WsClientListenerErrorHandler {

	/**
	 * Handle a failure.
	 * @param failure the failure, with the client, the listener, the message and the
	 * cause
	 */
	void handleError(WsClientListenerException failure);

}
