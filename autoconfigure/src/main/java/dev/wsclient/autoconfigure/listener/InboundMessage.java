package dev.wsclient.autoconfigure.listener;

import java.util.IdentityHashMap;
import java.util.Map;

import dev.wsclient.autoconfigure.WsMessageConversionException;
import dev.wsclient.autoconfigure.WsMessageConverter.PayloadReader;
import dev.wsclient.core.WsMessage;
import org.jspecify.annotations.Nullable;

/**
 * A message on its way through the listeners of one client: it reads its payload once per
 * type, whatever the number of listeners that take that type, and its JSON fields once
 * for every condition. Used by one dispatch at a time.
 *
 * <p>
 * It is also the root object of conditions, whose properties are the message's top-level
 * JSON fields ({@link JsonFieldAccessor}).
 */
final class InboundMessage {

	private WsMessage message = WsMessage.text("");

	// Most clients have listeners of one type: one entry without a map.
	private @Nullable PayloadReader firstReader;

	private @Nullable Object firstValue;

	private @Nullable IdentityHashMap<PayloadReader, @Nullable Object> otherValues;

	private @Nullable Map<?, ?> fields;

	/**
	 * Take the next message, forgetting what was read from the last one.
	 * @param next the message
	 * @return this view
	 */
	InboundMessage reset(WsMessage next) {
		this.message = next;
		this.firstReader = null;
		this.firstValue = null;
		if (this.otherValues != null) {
			this.otherValues.clear();
		}
		this.fields = null;
		return this;
	}

	WsMessage message() {
		return this.message;
	}

	/**
	 * Read the payload with a reader, or return what it read before.
	 * @param reader the reader
	 * @return the value, or {@code null} when the message holds none of the reader's type
	 * @throws WsMessageConversionException when the payload does not convert (again, if
	 * it did not before)
	 */
	@Nullable Object read(PayloadReader reader) {
		Object value;
		if (reader == this.firstReader) {
			value = this.firstValue;
		}
		else if (this.otherValues != null && this.otherValues.containsKey(reader)) {
			value = this.otherValues.get(reader);
		}
		else {
			value = readNow(reader);
			remember(reader, value);
		}
		if (value instanceof WsMessageConversionException failure) {
			throw failure;
		}
		return value;
	}

	/**
	 * Return a top-level JSON field of the message.
	 * @param reader the reader of the message's fields, or {@code null} when there is
	 * none
	 * @param name the field name
	 * @return the value (a {@code Map} for an object, a {@code List} for an array), or
	 * {@code null} when there is no such field or the payload is not a JSON object
	 */
	@Nullable Object field(@Nullable PayloadReader reader, String name) {
		Map<?, ?> current = this.fields;
		if (current == null) {
			current = readFields(reader);
			this.fields = current;
		}
		return current.get(name);
	}

	private @Nullable Object readNow(PayloadReader reader) {
		try {
			return reader.read(this.message);
		}
		catch (WsMessageConversionException ex) {
			// Remembered, so that the next listener of the type fails the same way
			// without reading the payload again.
			return ex;
		}
	}

	private void remember(PayloadReader reader, @Nullable Object value) {
		if (this.firstReader == null) {
			this.firstReader = reader;
			this.firstValue = value;
			return;
		}
		IdentityHashMap<PayloadReader, @Nullable Object> values = this.otherValues;
		if (values == null) {
			values = new IdentityHashMap<>();
			this.otherValues = values;
		}
		values.put(reader, value);
	}

	private Map<?, ?> readFields(@Nullable PayloadReader reader) {
		if (reader == null) {
			return Map.of();
		}
		try {
			return (reader.read(this.message) instanceof Map<?, ?> map) ? map : Map.of();
		}
		catch (WsMessageConversionException ex) {
			// Not JSON, or not an object: a message without fields, which no condition on
			// fields selects. Routing is never a conversion error.
			return Map.of();
		}
	}

}
