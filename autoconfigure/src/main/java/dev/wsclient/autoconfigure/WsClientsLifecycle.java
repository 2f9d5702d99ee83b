package dev.wsclient.autoconfigure;

import dev.wsclient.core.WsConnectException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Connects the {@code auto-connect} clients once the application context has started, and
 * closes every client when it stops: all at once, each with status 1001 (going away) and
 * at most its close timeout, before the context goes on closing.
 *
 * <p>
 * It starts after the web server ({@link #PHASE}), so a service is reachable before its
 * upstream feeds flow, and stops before it.
 */
final class WsClientsLifecycle implements SmartLifecycle {

	/** Just after the embedded web server starts, just before it stops. */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	private static final int GOING_AWAY = 1001;

	private static final Log logger = LogFactory.getLog(WsClientsLifecycle.class);

	private final WsClients clients;

	private volatile boolean running;

	WsClientsLifecycle(WsClients clients) {
		this.clients = clients;
	}

	@Override
	public void start() {
		this.running = true;
		for (String name : this.clients.names()) {
			if (this.clients.isAutoConnect(name)) {
				this.clients.connect(name).subscribe(null, (failure) -> logFailure(name, failure));
			}
		}
	}

	@Override
	public void stop(Runnable callback) {
		this.running = false;
		this.clients.closeAll(GOING_AWAY, "going away").doFinally((signal) -> callback.run()).subscribe();
	}

	@Override
	public void stop() {
		this.running = false;
		this.clients.closeAll(GOING_AWAY, "going away").block();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	private static void logFailure(String name, Throwable failure) {
		if (failure instanceof WsConnectException connectFailure && !connectFailure.status().isError()) {
			// Closed before it opened, by the application itself.
			return;
		}
		logger.warn("WebSocket client '" + name + "' could not connect: " + failure.getMessage());
	}

}
