package dev.wsclient.bridge.server;

import java.time.Duration;

import reactor.netty.http.server.HttpServer;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;

/**
 * Puts the bridge's limits on its HTTP server: a maximum of open connections, the request
 * deadlines ({@link RequestDeadline} for waiting and headers, Reactor Netty's request
 * timeout for the body, kept off WebSocket upgrades by {@link WholeUpgradeRequests}) and
 * {@link ConnectionFlowControl} on every connection.
 */
public final class HttpServerHardening implements NettyServerCustomizer {

	private final ConnectionLimit connectionLimit;

	private final Duration idleTimeout;

	private final Duration requestHeaderTimeout;

	private final Duration requestBodyTimeout;

	private final int maxWebSocketFrameSize;

	/**
	 * Create the hardening.
	 * @param maxConnections connections open at once
	 * @param idleTimeout how long a connection may wait for the first byte of a request
	 * @param requestHeaderTimeout how long a request's headers may take
	 * @param requestBodyTimeout how long a request's body may take
	 * @param maxWebSocketFrameSize the largest frame payload a WebSocket peer may send
	 */
	public HttpServerHardening(int maxConnections, Duration idleTimeout, Duration requestHeaderTimeout,
			Duration requestBodyTimeout, int maxWebSocketFrameSize) {
		this.connectionLimit = new ConnectionLimit(maxConnections);
		this.idleTimeout = idleTimeout;
		this.requestHeaderTimeout = requestHeaderTimeout;
		this.requestBodyTimeout = requestBodyTimeout;
		this.maxWebSocketFrameSize = maxWebSocketFrameSize;
	}

	@Override
	public HttpServer apply(HttpServer server) {
		return server.requestTimeout(this.requestBodyTimeout).doOnChannelInit((observer, channel, remoteAddress) -> {
			channel.pipeline().addFirst(ConnectionFlowControl.NAME, new ConnectionFlowControl());
			channel.pipeline().addFirst(ConnectionLimit.NAME, this.connectionLimit);
			RequestDeadline.install(channel.pipeline(), this.idleTimeout, this.requestHeaderTimeout);
			WholeUpgradeRequests.install(channel.pipeline());
			StrictWebSocketFraming.onUpgrade(channel.pipeline(), this.maxWebSocketFrameSize);
		});
	}

	/**
	 * Return the number of connections open now.
	 * @return the number of connections
	 */
	public int openConnections() {
		return this.connectionLimit.open();
	}

}
