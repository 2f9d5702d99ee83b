package dev.wsclient.autoconfigure.listener;

import dev.wsclient.core.WsMessage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Reports the failures of listeners: counts each in the meters, then hands it to the
 * error handler, which may not stop the dispatch either.
 */
final class ListenerErrors {

	private static final Log logger = LogFactory.getLog(ListenerErrors.class);

	private final WsClientListenerErrorHandler handler;

	private final ListenerMeters meters;

	ListenerErrors(WsClientListenerErrorHandler handler, ListenerMeters meters) {
		this.handler = handler;
		this.meters = meters;
	}

	/**
	 * Report a failure.
	 * @param clientName the client name
	 * @param listener the listener method
	 * @param stage what failed
	 * @param message the message being handled, or {@code null} for a lifecycle event
	 * @param cause the failure
	 */
	void report(String clientName, ListenerMethod listener, WsClientListenerException.Stage stage,
			@Nullable WsMessage message, Throwable cause) {
		this.meters.error(clientName, listener.id(), cause);
		WsClientListenerException failure = new WsClientListenerException(clientName, listener.id(),
				listener.description(), stage, message, cause);
		try {
			this.handler.handleError(failure);
		}
		catch (RuntimeException ex) {
			logger.warn("The WebSocket client listener error handler failed on: " + failure.getMessage(), ex);
		}
	}

}
