package dev.wsclient.bridge.web;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.channel.Channel;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;

/**
 * Makes sure a subscriber the bridge ends goes away. The bridge ends a stream with a
 * WebSocket close frame or a last SSE event, which sit behind the messages already
 * written; a subscriber that stopped reading would never get them and would keep its
 * connection, and the memory written to it, forever. So its connection is not kept alive
 * for another request, and is dropped once the close timeout has passed.
 */
final class ConnectionDeadline {

	private final Duration closeTimeout;

	ConnectionDeadline(Duration closeTimeout) {
		this.closeTimeout = closeTimeout;
	}

	/**
	 * Drop the exchange's connection after the close timeout, unless it has closed by
	 * then, and never reuse it.
	 * @param exchange the exchange of the subscriber being ended
	 */
	void start(ServerWebExchange exchange) {
		Connection connection = connection(exchange);
		if (connection != null) {
			connection.markPersistent(false);
			Channel channel = connection.channel();
			Mono.delay(this.closeTimeout).takeUntilOther(connection.onDispose()).subscribe((tick) -> {
				if (channel.isOpen()) {
					channel.close();
				}
			});
		}
	}

	private static @Nullable Connection connection(ServerWebExchange exchange) {
		Object nativeResponse = ServerHttpResponseDecorator.getNativeResponse(exchange.getResponse());
		if (!(nativeResponse instanceof HttpServerResponse response)) {
			return null;
		}
		AtomicReference<Connection> connection = new AtomicReference<>();
		response.withConnection(connection::set);
		return connection.get();
	}

}
