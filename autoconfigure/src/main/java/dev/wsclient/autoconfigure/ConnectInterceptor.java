package dev.wsclient.autoconfigure;

import java.net.URI;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;

/**
 * Wraps the connections the application starts through {@link WsClients}, for example to
 * observe them. Reconnections the client makes by itself do not pass here.
 */
@FunctionalInterface
interface ConnectInterceptor {

	/** Connects without wrapping. */
	ConnectInterceptor NONE = (clientName, url, connect) -> connect.get();

	/**
	 * Connect a client.
	 * @param clientName the client name
	 * @param url the URL; it may hold secrets
	 * @param connect starts connecting at once and returns the outcome
	 * @return the outcome
	 */
	Mono<Void> connect(String clientName, URI url, Supplier<Mono<Void>> connect);

}
