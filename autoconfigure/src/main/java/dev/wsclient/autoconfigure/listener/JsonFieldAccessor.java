package dev.wsclient.autoconfigure.listener;

import java.util.Map;

import dev.wsclient.autoconfigure.WsMessageConverter.PayloadReader;
import org.jspecify.annotations.Nullable;

import org.springframework.expression.AccessException;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.PropertyAccessor;
import org.springframework.expression.TypedValue;

/**
 * Reads the JSON fields of a message in a condition: {@code type} is the message's
 * top-level field {@code type}, {@code order.side} a field of a nested object. A field
 * that is not there is {@code null} rather than an error, so that a condition on fields
 * simply does not select a message without them.
 */
final class JsonFieldAccessor implements PropertyAccessor {

	private final @Nullable PayloadReader fieldsReader;

	/**
	 * Create an accessor.
	 * @param fieldsReader the reader of a message's fields, or {@code null} when messages
	 * have none (no JSON mapper)
	 */
	JsonFieldAccessor(@Nullable PayloadReader fieldsReader) {
		this.fieldsReader = fieldsReader;
	}

	@Override
	public Class<?>[] getSpecificTargetClasses() {
		return new Class<?>[] { InboundMessage.class, Map.class };
	}

	@Override
	public boolean canRead(EvaluationContext context, @Nullable Object target, String name) {
		return target instanceof InboundMessage || target instanceof Map;
	}

	@Override
	public TypedValue read(EvaluationContext context, @Nullable Object target, String name) throws AccessException {
		if (target instanceof InboundMessage message) {
			return new TypedValue(message.field(this.fieldsReader, name));
		}
		if (target instanceof Map<?, ?> map) {
			return new TypedValue(map.get(name));
		}
		throw new AccessException("Not a JSON object: " + target);
	}

	@Override
	public boolean canWrite(EvaluationContext context, @Nullable Object target, String name) {
		return false;
	}

	@Override
	public void write(EvaluationContext context, @Nullable Object target, String name, @Nullable Object newValue)
			throws AccessException {
		throw new AccessException("Conditions cannot change a message");
	}

}
