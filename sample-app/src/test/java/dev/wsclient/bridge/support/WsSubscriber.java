package dev.wsclient.bridge.support;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsCloseStatus;
import dev.wsclient.core.WsEvent;
import dev.wsclient.core.WsMessage;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

/**
 * A downstream subscriber of {@code ws://.../streams/{client}}, a wsclient-core client
 * that reads as fast as it can and records every message and how the connection ended.
 */
public final class WsSubscriber implements AutoCloseable {

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

	private final WsClient client = WsClient.create();

	private final List<WsMessage> messages = new CopyOnWriteArrayList<>();

	private volatile @Nullable WsCloseStatus closeStatus;

	private final Disposable subscription;

	private WsSubscriber(URI uri) {
		this.subscription = this.client.events().subscribe((event) -> {
			if (event instanceof WsEvent.Received received) {
				this.messages.add(received.message());
			}
			else if (event instanceof WsEvent.Closed closed) {
				this.closeStatus = closed.status();
			}
		});
		this.client.connect(uri).block(CONNECT_TIMEOUT);
	}

	/**
	 * Connect to a client's stream and wait until the connection is open.
	 * @param port the bridge's port
	 * @param client the client name
	 * @return the subscriber
	 */
	public static WsSubscriber subscribe(int port, String client) {
		return new WsSubscriber(URI.create("ws://127.0.0.1:" + port + "/streams/" + client));
	}

	/**
	 * Connect to a stream with a query and wait until the connection is open.
	 * @param port the bridge's port
	 * @param pathAndQuery for example {@code /streams/demo?since=now}
	 * @return the subscriber
	 */
	public static WsSubscriber open(int port, String pathAndQuery) {
		return new WsSubscriber(URI.create("ws://127.0.0.1:" + port + pathAndQuery));
	}

	/**
	 * Return the messages received so far.
	 * @return the messages, in order
	 */
	public List<WsMessage> messages() {
		return List.copyOf(this.messages);
	}

	/**
	 * Return the texts of the messages received so far.
	 * @return the texts, in order
	 */
	public List<String> texts() {
		return this.messages.stream().map(WsMessage::text).toList();
	}

	/**
	 * Return how the connection ended.
	 * @return the close status, or {@code null} while it is open
	 */
	public @Nullable WsCloseStatus closeStatus() {
		return this.closeStatus;
	}

	@Override
	public void close() {
		this.client.close().block(CONNECT_TIMEOUT);
		this.subscription.dispose();
	}

}
