package dev.wsclient.autoconfigure;

import dev.wsclient.core.WsMessage;
import org.jspecify.annotations.Nullable;

import org.springframework.core.ResolvableType;

/**
 * Converts message payloads to and from objects, for listener methods, typed streams
 * ({@link WsClients#messages(String, Class)}) and typed sends
 * ({@link WsClients#send(String, Object)}).
 *
 * <p>
 * Raw types are never encoded: a {@link String} is the payload decoded as UTF-8, a
 * {@code byte[]} or {@link java.nio.ByteBuffer} the payload bytes, a {@link WsMessage}
 * the message itself; written, a {@code String} becomes a text message and bytes a binary
 * one. Any other type is encoded: the auto-configured converter reads and writes JSON
 * with the application's Jackson {@code JsonMapper}, so its customizations apply. Define
 * a bean of this type to replace it.
 */
public interface WsMessageConverter {

	/**
	 * Prepare reading payloads as the given type, once for every message that follows.
	 * @param type the type to read
	 * @return the reader
	 * @throws IllegalArgumentException when this converter cannot read the type at all,
	 * with a message that says why
	 */
	PayloadReader reader(ResolvableType type);

	/**
	 * Turn a value into a message.
	 * @param value the value
	 * @return the message: text for a {@code String} and for encoded values, binary for
	 * bytes, the value itself for a {@link WsMessage}
	 * @throws WsMessageConversionException when the value cannot be encoded
	 */
	WsMessage write(Object value);

	/**
	 * Reads the payloads of messages as one type.
	 */
	@FunctionalInterface
	interface PayloadReader {

		/**
		 * Read a message.
		 * @param message the message
		 * @return the value; {@code null} when the message does not hold a value of the
		 * type without being malformed: the JSON literal {@code null}, or, for a
		 * polymorphic type, a type id of another subtype or one that is not known
		 * @throws WsMessageConversionException when the payload cannot be read as the
		 * type
		 */
		@Nullable Object read(WsMessage message);

	}

}
