package dev.wsclient.bridge.web;

import java.util.concurrent.atomic.AtomicReference;

import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;

/**
 * The Reactor Netty side of an exchange. The streams write shared, already encoded
 * buffers to the connection, which Spring's WebSocket session and SSE encoder would copy
 * for every subscriber.
 */
final class NativeConnection {

	private NativeConnection() {
	}

	/**
	 * Return the exchange's native response.
	 * @param exchange the exchange
	 * @return Reactor Netty's response
	 * @throws IllegalStateException when the server is not Reactor Netty
	 */
	static HttpServerResponse response(ServerWebExchange exchange) {
		return response(exchange.getResponse());
	}

	/**
	 * Return a response's native response.
	 * @param response Spring's response
	 * @return Reactor Netty's response
	 * @throws IllegalStateException when the server is not Reactor Netty
	 */
	static HttpServerResponse response(ServerHttpResponse response) {
		Object nativeResponse = ServerHttpResponseDecorator.getNativeResponse(response);
		if (!(nativeResponse instanceof HttpServerResponse reactorNettyResponse)) {
			throw new IllegalStateException("The bridge runs on Reactor Netty only, not on " + nativeResponse);
		}
		return reactorNettyResponse;
	}

	/**
	 * Return the exchange's connection.
	 * @param exchange the exchange
	 * @return Reactor Netty's connection
	 * @throws IllegalStateException when the server is not Reactor Netty
	 */
	static Connection connection(ServerWebExchange exchange) {
		AtomicReference<Connection> connection = new AtomicReference<>();
		response(exchange).withConnection(connection::set);
		Connection found = connection.get();
		if (found == null) {
			throw new IllegalStateException("The exchange has no connection");
		}
		return found;
	}

}
