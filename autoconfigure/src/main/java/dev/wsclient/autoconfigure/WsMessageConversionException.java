package dev.wsclient.autoconfigure;

import dev.wsclient.core.WsMessage;
import org.jspecify.annotations.Nullable;

/**
 * A payload could not be read as the type asked for, or a value could not be encoded as a
 * message. The message of the exception names the type, the message's kind and size and
 * the decoder's reason, which may quote the one value that did not fit, but it never
 * holds the whole payload.
 */
public class WsMessageConversionException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception for a payload that could not be read.
	 * @param message the message
	 * @param type a description of the type asked for
	 * @param reason why, in a few words
	 * @param cause the exception of the decoder, or {@code null}
	 */
	public WsMessageConversionException(WsMessage message, String type, String reason, @Nullable Throwable cause) {
		super("Cannot read a " + (message.isText() ? "text" : "binary") + " message of " + message.size() + " bytes as "
				+ type + ": " + reason, cause);
	}

	/**
	 * Create an exception with the given message.
	 * @param message what went wrong
	 * @param cause why
	 */
	public WsMessageConversionException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
