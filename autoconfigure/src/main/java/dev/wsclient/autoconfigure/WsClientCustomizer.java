package dev.wsclient.autoconfigure;

import dev.wsclient.core.WsClientOptions;

/**
 * Callback to change the options of a configured client after the {@code wsclient.*}
 * properties were applied, for what properties cannot express (a DNS resolver, a TLS
 * context built in code). Every bean of this type is called for every client, in
 * {@link org.springframework.core.annotation.Order @Order}; look at the name to change
 * one client only.
 */
@FunctionalInterface
public interface WsClientCustomizer {

	/**
	 * Customize the options of a client.
	 * @param clientName the client's key in {@code wsclient.clients}
	 * @param options the options, with the properties applied
	 */
	void customize(String clientName, WsClientOptions.Builder options);

}
