package dev.wsclient.autoconfigure.listener;

import dev.wsclient.core.WsMessage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The default {@link WsClientListenerErrorHandler}: logs every failure at WARN with the
 * client, the listener, the cause and the start of a text payload. A binary payload is
 * described by its size only. A failure of the method itself is logged with its stack
 * trace; a condition or a payload that failed is not, since the cause says all there is.
 */
final class LoggingErrorHandler implements WsClientListenerErrorHandler {

	private static final Log logger = LogFactory.getLog(WsClientListenerErrorHandler.class);

	private final int payloadLength;

	/**
	 * Create a handler.
	 * @param payloadLength how many characters of a payload to log; 0 for none
	 */
	LoggingErrorHandler(int payloadLength) {
		this.payloadLength = payloadLength;
	}

	@Override
	public void handleError(WsClientListenerException failure) {
		String text = failure.getMessage() + payload(failure.getFailedMessage());
		if (failure.getStage() == WsClientListenerException.Stage.INVOCATION
				|| failure.getStage() == WsClientListenerException.Stage.REPLY) {
			logger.warn(text, failure.getCause());
		}
		else {
			logger.warn(text);
		}
	}

	private String payload(@Nullable WsMessage message) {
		if (message == null || this.payloadLength <= 0) {
			return "";
		}
		if (!message.isText()) {
			return "; payload: binary, " + message.size() + " bytes";
		}
		String text = message.text();
		if (text.length() <= this.payloadLength) {
			return "; payload: " + text;
		}
		// Never cut a character in two.
		int end = Character.isHighSurrogate(text.charAt(this.payloadLength - 1)) ? this.payloadLength - 1
				: this.payloadLength;
		return "; payload: " + text.substring(0, end) + "... (" + (text.length() - end) + " more characters)";
	}

}
