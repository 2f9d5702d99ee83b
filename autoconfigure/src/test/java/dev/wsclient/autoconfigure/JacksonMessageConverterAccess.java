package dev.wsclient.autoconfigure;

import java.util.Map;

import dev.wsclient.autoconfigure.WsMessageConverter.PayloadReader;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ResolvableType;

/**
 * Gives tests of other packages the auto-configured converter without a context.
 */
public final class JacksonMessageConverterAccess {

	private JacksonMessageConverterAccess() {
	}

	/**
	 * Return the converter with a default mapper.
	 * @return the converter
	 */
	public static WsMessageConverter converter() {
		return new JacksonMessageConverter(JsonMapper.shared());
	}

	/**
	 * Return the reader of messages' JSON fields, as listener conditions use it.
	 * @return the reader
	 */
	public static PayloadReader fieldsReader() {
		return converter().reader(ResolvableType.forClassWithGenerics(Map.class, String.class, Object.class));
	}

}
