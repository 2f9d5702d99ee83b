package dev.wsclient.autoconfigure;

import java.util.IdentityHashMap;

import dev.wsclient.autoconfigure.event.WsClientEvent;
import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Republishes each client's {@link WsClient#events() events} as Spring application
 * events.
 *
 * <p>
 * It subscribes to a client as soon as the client exists, before anything can connect it,
 * and requests without bound: the client's event stream pauses the socket for a
 * subscriber that stops requesting, and this one must never be the reason. With message
 * events off it subscribes to {@link WsClient#lifecycleEvents()} only, so that messages
 * are not wrapped in events and queued just to be dropped here. Listeners run
 * synchronously on the client's thread, so a slow listener still slows the reading, which
 * is the backpressure a listener should have. A listener that throws is logged and does
 * not stop the events.
 */
final class ApplicationEventBridge implements DisposableBean {

	private static final Log logger = LogFactory.getLog(ApplicationEventBridge.class);

	private final ApplicationEventPublisher publisher;

	// By identity: one subscription per client object, whatever its equals().
	private final IdentityHashMap<WsClient, Disposable> subscriptions = new IdentityHashMap<>();

	private boolean destroyed;

	ApplicationEventBridge(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	/**
	 * Start publishing the events of a client; does nothing if it is already attached.
	 * @param name the client name
	 * @param client the client
	 * @param publishMessages whether to publish received messages too
	 */
	synchronized void attach(String name, WsClient client, boolean publishMessages) {
		if (!this.destroyed && !this.subscriptions.containsKey(client)) {
			Flux<WsEvent> events = publishMessages ? client.events() : client.lifecycleEvents();
			this.subscriptions.put(client, events.subscribe((event) -> publish(name, client, event)));
		}
	}

	@Override
	public synchronized void destroy() {
		this.destroyed = true;
		this.subscriptions.values().forEach(Disposable::dispose);
		this.subscriptions.clear();
	}

	private void publish(String name, WsClient client, WsEvent event) {
		WsClientEvent applicationEvent = WsClientEvent.of(client, name, event);
		try {
			this.publisher.publishEvent(applicationEvent);
		}
		catch (RuntimeException ex) {
			logger.warn(
					"A listener of " + applicationEvent + " failed; events of WebSocket client '" + name + "' continue",
					ex);
		}
	}

}
