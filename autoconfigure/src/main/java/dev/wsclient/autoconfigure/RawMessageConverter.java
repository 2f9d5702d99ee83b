package dev.wsclient.autoconfigure;

import java.nio.ByteBuffer;

import dev.wsclient.core.WsMessage;
import org.jspecify.annotations.Nullable;

import org.springframework.core.ResolvableType;

/**
 * The raw types every converter reads and writes without encoding; on its own, the
 * converter of an application without a JSON mapper.
 */
final class RawMessageConverter implements WsMessageConverter {

	private static final String RAW_TYPES = "String, byte[], ByteBuffer or WsMessage";

	private static final String ADD_JACKSON = "add spring-boot-starter-jackson (or define a WsMessageConverter bean)";

	@Override
	public PayloadReader reader(ResolvableType type) {
		PayloadReader reader = rawReader(type);
		if (reader == null) {
			throw new IllegalArgumentException("Payloads of type " + type + " need a JSON mapper, and there is none: "
					+ ADD_JACKSON + ", or take the payload as " + RAW_TYPES);
		}
		return reader;
	}

	@Override
	public WsMessage write(Object value) {
		WsMessage message = rawMessage(value);
		if (message == null) {
			throw new WsMessageConversionException("Cannot send a " + value.getClass().getName()
					+ " without a JSON mapper: " + ADD_JACKSON + ", or send a " + RAW_TYPES, null);
		}
		return message;
	}

	/**
	 * Return the reader of a raw type.
	 * @param type the type
	 * @return the reader, or {@code null} when the type is not raw
	 */
	static @Nullable PayloadReader rawReader(ResolvableType type) {
		Class<?> raw = type.resolve();
		if (raw == String.class) {
			return WsMessage::text;
		}
		if (raw == byte[].class) {
			return WsMessage::bytes;
		}
		if (raw == ByteBuffer.class) {
			return WsMessage::payload;
		}
		if (raw == WsMessage.class) {
			return (message) -> message;
		}
		return null;
	}

	/**
	 * Return the message of a raw value.
	 * @param value the value
	 * @return the message, or {@code null} when the value is not of a raw type
	 */
	static @Nullable WsMessage rawMessage(Object value) {
		if (value instanceof WsMessage message) {
			return message;
		}
		if (value instanceof String text) {
			return WsMessage.text(text);
		}
		if (value instanceof byte[] bytes) {
			return WsMessage.binary(bytes);
		}
		if (value instanceof ByteBuffer buffer) {
			return WsMessage.binary(buffer);
		}
		return null;
	}

}
