package dev.wsclient.autoconfigure;

import java.util.NoSuchElementException;
import java.util.Set;

/**
 * No client with the given name is configured in {@code wsclient.clients}.
 */
public class NoSuchWsClientException extends NoSuchElementException {

	private static final long serialVersionUID = 1L;

	private final String clientName;

	/**
	 * Create an exception.
	 * @param clientName the name asked for
	 * @param names the names of the configured clients
	 */
	public NoSuchWsClientException(String clientName, Set<String> names) {
		super("No WebSocket client named '" + clientName + "'; the clients configured under wsclient.clients are "
				+ names);
		this.clientName = clientName;
	}

	/**
	 * Return the name asked for.
	 * @return the client name
	 */
	public String getClientName() {
		return this.clientName;
	}

}
