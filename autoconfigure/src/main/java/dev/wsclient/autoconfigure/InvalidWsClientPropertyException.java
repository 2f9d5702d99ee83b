package dev.wsclient.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * A {@code wsclient.*} property has a value the client cannot work with. The message
 * names the exact property and says what is wrong, but never repeats a value that may be
 * a secret (header values, URLs with credentials).
 */
public class InvalidWsClientPropertyException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String property;

	private final String reason;

	/**
	 * Create an exception.
	 * @param property the full name of the property, for example
	 * {@code wsclient.clients.prices.url}
	 * @param reason what is wrong with its value
	 */
	public InvalidWsClientPropertyException(String property, String reason) {
		this(property, reason, null);
	}

	InvalidWsClientPropertyException(String property, String reason, @Nullable Throwable cause) {
		super("Invalid property '" + property + "': " + reason, cause);
		this.property = property;
		this.reason = reason;
	}

	/**
	 * Return the full name of the invalid property.
	 * @return the property name
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * Return what is wrong with the property's value.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

}
