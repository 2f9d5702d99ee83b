package dev.wsclient.autoconfigure;

import java.util.Map;

/**
 * Supplies handshake headers that change over time, such as a bearer token that rotates.
 * Every bean of this type is asked before every connection attempt of every configured
 * client, reconnections included, in
 * {@link org.springframework.core.annotation.Order @Order}; a later provider wins over an
 * earlier one, and both win over the {@code headers} properties.
 *
 * <p>
 * Called on a network thread: it must return quickly, from a cache refreshed elsewhere
 * rather than by a blocking call. A header that is not valid, or an exception, ends the
 * connection attempt with status -205 (invalid request header), which is not retried.
 */
@FunctionalInterface
public interface WsClientHeadersProvider {

	/**
	 * Return the headers for the next connection attempt of a client.
	 * @param clientName the client's key in {@code wsclient.clients}
	 * @return header names to values; empty for clients this provider does not serve
	 */
	Map<String, String> headers(String clientName);

}
