package dev.wsclient.core.internal;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsClientOptions;
import dev.wsclient.core.WsClientStats;
import dev.wsclient.core.WsCloseStatus;
import dev.wsclient.core.WsConnectException;
import dev.wsclient.core.WsEvent;
import dev.wsclient.core.WsMessage;
import dev.wsclient.core.WsOpcode;
import dev.wsclient.core.WsSendException;
import dev.wsclient.core.WsState;
import dev.wsclient.core.WsUrls;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * The {@link WsClient} on Reactor Netty. Create it with
 * {@link WsClient#create(WsClientOptions)}.
 */
public final class ReactorNettyWsClient implements WsClient, Connection.Listener {

	private static final Logger logger = Loggers.getLogger(ReactorNettyWsClient.class);

	private final WsClientOptions options;

	private final EventHub hub;

	private final Transport transport;

	private final Session.Owner sessionOwner = new SessionOwner();

	private final ClientStatistics statistics = new ClientStatistics();

	private final Object lifecycle = new Object();

	private volatile WsState state = WsState.CLOSED;

	private volatile @Nullable Session session;

	private volatile @Nullable ConnectionHandler connectionHandler;

	private volatile @Nullable ReceiveHandler receiveHandler;

	private volatile @Nullable CloseHandler closeHandler;

	/**
	 * Create a client.
	 * @param options the options
	 */
	public ReactorNettyWsClient(WsClientOptions options) {
		this.options = Objects.requireNonNull(options, "options must not be null");
		this.hub = new EventHub(options.receiveBufferSize());
		this.transport = Transport.forOptions(options);
	}

	@Override
	public Mono<Void> connect(String url) {
		Objects.requireNonNull(url, "url must not be null");
		URI uri;
		try {
			uri = WsUrls.parse(url);
		}
		catch (WsConnectException ex) {
			synchronized (this.lifecycle) {
				// As in connect(URI): the state is checked before the URL is reported.
				requireNoSession();
				publishClosed(ex.status());
			}
			return Mono.error(ex);
		}
		return connect(uri);
	}

	@Override
	public Mono<Void> connect(URI url) {
		Objects.requireNonNull(url, "url must not be null");
		WsCloseStatus invalid = WsUrls.validate(url);
		Session started;
		synchronized (this.lifecycle) {
			requireNoSession();
			if (invalid != null) {
				publishClosed(invalid);
				return Mono.error(new WsConnectException(invalid));
			}
			started = new Session(url, this.options.reconnect(), this.sessionOwner);
			this.session = started;
			this.state = WsState.CONNECTING;
		}
		started.start();
		return started.opened();
	}

	@Override
	public Mono<Void> send(String text) {
		Objects.requireNonNull(text, "text must not be null");
		return send(WsMessage.text(text));
	}

	@Override
	public Mono<Void> send(byte[] bytes) {
		return send(WsMessage.binary(bytes));
	}

	@Override
	public Mono<Void> send(ByteBuffer buffer) {
		return send(WsMessage.binary(buffer));
	}

	@Override
	public Mono<Void> send(byte[] payload, WsOpcode opcode) {
		Objects.requireNonNull(payload, "payload must not be null");
		Objects.requireNonNull(opcode, "opcode must not be null");
		if (opcode == WsOpcode.TEXT) {
			try {
				return send(WsMessage
					.text(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(payload)).toString()));
			}
			catch (CharacterCodingException ex) {
				throw new IllegalArgumentException(
						"payload is not valid UTF-8 and cannot be sent as TEXT; send it as BINARY", ex);
			}
		}
		return send(WsMessage.binary(payload));
	}

	@Override
	public Mono<Void> send(WsMessage message) {
		Objects.requireNonNull(message, "message must not be null");
		Session current = this.session;
		Connection connection = (current != null) ? current.current() : null;
		if (connection == null) {
			throw new WsSendException(WsSendException.Reason.NOT_OPEN,
					"cannot send: the client is " + this.state + "; connect first and wait for the connection");
		}
		return connection.send(message);
	}

	@Override
	public Mono<Void> close() {
		return close(1000, "");
	}

	@Override
	public Mono<Void> close(int code, String reason) {
		CloseCodes.validate(code, reason);
		Session current = this.session;
		if (current == null) {
			return Mono.empty();
		}
		if (this.state == WsState.OPEN) {
			this.state = WsState.CLOSING;
		}
		return current.close(code, reason);
	}

	@Override
	public WsState state() {
		return this.state;
	}

	@Override
	public WsClientOptions options() {
		return this.options;
	}

	@Override
	public WsClientStats stats() {
		return this.statistics.snapshot(this.state);
	}

	@Override
	public Flux<WsEvent> events() {
		return this.hub.events();
	}

	@Override
	public Flux<WsEvent> lifecycleEvents() {
		return this.hub.lifecycleEvents();
	}

	@Override
	public Flux<WsMessage> messages() {
		return this.hub.events().handle((event, sink) -> {
			if (event instanceof WsEvent.Received received) {
				sink.next(received.message());
			}
		});
	}

	@Override
	public WsClient onConnection(@Nullable ConnectionHandler handler) {
		this.connectionHandler = handler;
		return this;
	}

	@Override
	public WsClient onReceive(@Nullable ReceiveHandler handler) {
		this.receiveHandler = handler;
		return this;
	}

	@Override
	public WsClient onClose(@Nullable CloseHandler handler) {
		this.closeHandler = handler;
		return this;
	}

	@Override
	public void onOpened(Connection connection, @Nullable String subprotocol) {
		Session current = this.session;
		if (current == null || current.current() != connection) {
			return;
		}
		this.state = WsState.OPEN;
		this.statistics.opened();
		sendOnConnectMessages(connection);
		String url = WsUrls.redact(current.url());
		logger.debug("WebSocket open: {}", url);
		ConnectionHandler handler = this.connectionHandler;
		if (handler != null) {
			runHandler("connection", () -> handler.onConnection(this));
		}
		this.hub.publish(new WsEvent.Connected(url, subprotocol));
		current.connectionOpened();
	}

	@Override
	public void onMessage(WsMessage message) {
		this.statistics.received(message);
		ReceiveHandler handler = this.receiveHandler;
		if (handler != null) {
			runHandler("receive", () -> handler.onReceive(this, message));
		}
		// Lifecycle subscribers do not take messages: with only them, no event is built.
		if (this.hub.hasMessageSubscribers()) {
			this.hub.publish(new WsEvent.Received(message));
		}
		else if (handler == null) {
			this.statistics.undelivered();
		}
	}

	@Override
	public void onSent(WsMessage message) {
		this.statistics.sent(message.isText(), message.size());
	}

	@Override
	public void onHeartbeat(boolean serverResponsive) {
		this.statistics.heartbeat(serverResponsive);
	}

	@Override
	public void onPingAnswered(Duration roundTrip) {
		this.statistics.pingAnswered(roundTrip);
	}

	@Override
	public void onEnded(Connection connection, WsCloseStatus status) {
		Session current = this.session;
		if (current != null && current.current() == connection) {
			if (current.willReconnect(status)) {
				this.state = WsState.RECONNECTING;
			}
			else {
				// Settle before the close handler runs, so that it may connect again at
				// once, as the seed's close callback could.
				sessionFinished(current);
			}
		}
		publishClosed(status);
	}

	private void sendOnConnectMessages(Connection connection) {
		for (WsMessage message : this.options.onConnectMessages()) {
			try {
				connection.send(message)
					.subscribe(null,
							(failure) -> logger.warn("An on-connect message was not sent: " + failure.getMessage()));
			}
			catch (WsSendException ex) {
				logger.warn("An on-connect message was not sent: " + ex.getMessage());
			}
		}
	}

	private void onReconnect(Session.Reconnect reconnect) {
		this.statistics.reconnecting();
		this.state = WsState.RECONNECTING;
		logger.debug("WebSocket reconnecting: attempt {} in {}", reconnect.attempt(), reconnect.delay());
		this.hub.publish(new WsEvent.Reconnecting(reconnect.attempt(), reconnect.delay()));
	}

	private Connection newConnection(Session owner) {
		this.statistics.connecting(owner.url());
		this.state = WsState.CONNECTING;
		return new Connection(owner.url(), this.options, this.transport, this.hub, this);
	}

	private void requireNoSession() {
		Session existing = this.session;
		if (existing != null) {
			throw new IllegalStateException("client is already " + this.state + " (" + WsUrls.redact(existing.url())
					+ "); close() it before connecting again");
		}
	}

	private void sessionFinished(Session finished) {
		synchronized (this.lifecycle) {
			if (this.session == finished) {
				this.session = null;
				this.state = WsState.CLOSED;
			}
		}
	}

	private void publishClosed(WsCloseStatus status) {
		this.statistics.closed(status);
		if (status.isError()) {
			logger.debug("WebSocket closed: {}", status);
		}
		CloseHandler handler = this.closeHandler;
		if (handler != null) {
			runHandler("close", () -> handler.onClose(this, status));
		}
		this.hub.publish(new WsEvent.Closed(status));
	}

	private void runHandler(String name, Runnable handler) {
		try {
			handler.run();
		}
		catch (RuntimeException ex) {
			logger.warn("The " + name + " handler of a WebSocket client threw; the client carries on", ex);
		}
	}

	/** Keeps the session's callbacks out of the client's public methods. */
	private final class SessionOwner implements Session.Owner {

		@Override
		public Connection newConnection(Session session) {
			return ReactorNettyWsClient.this.newConnection(session);
		}

		@Override
		public void reconnecting(Session.Reconnect reconnect) {
			onReconnect(reconnect);
		}

		@Override
		public void sessionFinished(Session session) {
			ReactorNettyWsClient.this.sessionFinished(session);
		}

	}

}
