package dev.wsclient.bridge.demo;

import java.net.URI;
import java.time.Duration;

import dev.wsclient.core.ReconnectPolicy;
import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsClientOptions;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

/**
 * Connects one client to the demo feed once the web server listens, and logs what
 * arrives.
 */
class DemoFeedClient implements ApplicationListener<WebServerInitializedEvent>, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(DemoFeedClient.class);

	private final WsClient client = WsClient
		.create(WsClientOptions.builder().reconnect(ReconnectPolicy.exponentialBackoff()).build());

	private volatile boolean running;

	DemoFeedClient() {
		this.client.onConnection((ws) -> logger.info("demo client connected"));
		this.client.onReceive((ws, message) -> logger.info("demo client received " + message.text()));
		this.client.onClose((ws, status) -> logger.info("demo client closed: " + status));
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		URI url = URI.create("ws://127.0.0.1:" + event.getWebServer().getPort() + DemoFeedHandler.PATH);
		this.client.connect(url).subscribe(null, (failure) -> logger.warn("demo client failed: " + failure));
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.client.close(1001, "shutting down").block(Duration.ofSeconds(10));
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	WsClient client() {
		return this.client;
	}

}
