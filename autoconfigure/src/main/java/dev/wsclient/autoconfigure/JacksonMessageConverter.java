package dev.wsclient.autoconfigure;

import dev.wsclient.core.WsMessage;
import dev.wsclient.core.WsOpcode;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ResolvableType;

/**
 * Reads and writes JSON payloads with the application's {@link JsonMapper}, so that its
 * customizations apply; raw types are passed through as {@link WsMessageConverter}
 * describes.
 *
 * <p>
 * A polymorphic type ({@code @JsonTypeInfo}, for example on a sealed interface) reads a
 * payload whose type id names another subtype, or no known one, as {@code null} rather
 * than failing ({@link DeserializationFeature#FAIL_ON_INVALID_SUBTYPE} is off for
 * reading): a listener of one subtype is not the place to report the others. Text
 * messages are parsed from their text, binary ones from their bytes, which may hold JSON
 * too.
 */
final class JacksonMessageConverter implements WsMessageConverter {

	private final JsonMapper mapper;

	JacksonMessageConverter(JsonMapper mapper) {
		this.mapper = mapper;
	}

	@Override
	public PayloadReader reader(ResolvableType type) {
		PayloadReader raw = RawMessageConverter.rawReader(type);
		if (raw != null) {
			return raw;
		}
		if (type.hasUnresolvableGenerics()) {
			throw new IllegalArgumentException(
					"Payloads of type " + type + " cannot be read: its generic type arguments are not known");
		}
		return new JsonPayloadReader(this.mapper.readerFor(this.mapper.constructType(type.getType()))
			.without(DeserializationFeature.FAIL_ON_INVALID_SUBTYPE), type.toString());
	}

	@Override
	public WsMessage write(Object value) {
		WsMessage raw = RawMessageConverter.rawMessage(value);
		if (raw != null) {
			return raw;
		}
		try {
			// Jackson writes UTF-8: the bytes are the text message's payload as they are.
			return WsMessage.wrap(WsOpcode.TEXT, this.mapper.writeValueAsBytes(value));
		}
		catch (JacksonException ex) {
			throw new WsMessageConversionException(
					"Cannot write a " + value.getClass().getName() + " as JSON: " + reason(ex), ex);
		}
	}

	/**
	 * Reads payloads as one type. A class rather than a lambda: one call less between a
	 * listener and Jackson, on the path of every message.
	 */
	private static final class JsonPayloadReader implements PayloadReader {

		private final ObjectReader reader;

		private final String type;

		JsonPayloadReader(ObjectReader reader, String type) {
			this.reader = reader;
			this.type = type;
		}

		@Override
		public @Nullable Object read(WsMessage message) {
			try {
				return message.isText() ? this.reader.readValue(message.text())
						: this.reader.readValue(message.bytes());
			}
			catch (JacksonException ex) {
				throw new WsMessageConversionException(message, this.type, reason(ex), ex);
			}
		}

	}

	/**
	 * Describe a Jackson failure in one line: its message and where in the value it
	 * happened, without the location in the input, which is all Jackson's full message
	 * adds.
	 */
	private static String reason(JacksonException ex) {
		String reason = ex.getOriginalMessage();
		return ex.getPath().isEmpty() ? reason : reason + " (at " + ex.getPathReference() + ")";
	}

}
