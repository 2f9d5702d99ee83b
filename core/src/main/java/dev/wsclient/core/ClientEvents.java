package dev.wsclient.core;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.wsclient.core.WsClient.CloseHandler;
import dev.wsclient.core.WsClient.ConnectionHandler;
import dev.wsclient.core.WsClient.ReceiveHandler;
import org.jspecify.annotations.Nullable;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Tells everyone who listens to a client what happened to it, in order: the statistics,
 * the {@link WsClientInstrumentation}, the seed-style handlers and the subscribers of the
 * {@link EventHub}. Lifecycle facts arrive through the {@link Outbox}, in the order of
 * the transitions that caused them; the facts of an open connection (messages, pings,
 * writes, pauses) come from its event loop and run at once when the outbox is idle.
 * Nothing here changes the client's state.
 */
final class ClientEvents {

	private static final Logger logger = Loggers.getLogger(ClientEvents.class);

	private final WsClient client;

	private final EventHub hub;

	private final ClientStatistics statistics;

	private final WsClientInstrumentation instrumentation;

	private final WsRedaction redaction;

	private final Outbox outbox = new Outbox();

	// Messages handed to the outbox behind an announcement and not delivered yet: they
	// take capacity like queued ones, or a reader whose outbox is slow to drain would
	// read on without bound.
	private final AtomicInteger messagesInOutbox = new AtomicInteger();

	private volatile @Nullable ConnectionHandler connectionHandler;

	private volatile @Nullable ReceiveHandler receiveHandler;

	private volatile @Nullable CloseHandler closeHandler;

	ClientEvents(WsClient client, EventHub hub, ClientStatistics statistics, WsClientInstrumentation instrumentation,
			WsRedaction redaction) {
		this.client = client;
		this.hub = hub;
		this.statistics = statistics;
		this.instrumentation = instrumentation;
		this.redaction = redaction;
	}

	Outbox outbox() {
		return this.outbox;
	}

	void onConnection(@Nullable ConnectionHandler handler) {
		this.connectionHandler = handler;
	}

	void onReceive(@Nullable ReceiveHandler handler) {
		this.receiveHandler = handler;
	}

	void onClose(@Nullable CloseHandler handler) {
		this.closeHandler = handler;
	}

	// Lifecycle facts, run by the outbox.

	void connectStarted(URI url) {
		this.statistics.connecting(url);
		if (this.instrumentation != WsClientInstrumentation.NONE) {
			this.instrumentation.connectStarted(this.client, this.redaction.redact(url));
		}
	}

	void connected(URI url, @Nullable String subprotocol, Connection connection, Iterable<WsMessage> onConnect) {
		this.statistics.opened();
		this.instrumentation.connected(this.client, subprotocol);
		for (WsMessage message : onConnect) {
			try {
				connection.send(message)
					.subscribe(null,
							(failure) -> logger.warn("An on-connect message was not sent: " + failure.getMessage()));
			}
			catch (WsSendException ex) {
				logger.warn("An on-connect message was not sent: " + ex.getMessage());
			}
		}
		String redacted = this.redaction.redact(url);
		logger.debug("WebSocket open: {}", redacted);
		ConnectionHandler handler = this.connectionHandler;
		if (handler != null) {
			runHandler("connection", () -> handler.onConnection(this.client));
		}
		this.hub.publish(new WsEvent.Connected(redacted, subprotocol));
	}

	/**
	 * Announce the end of a connection attempt, or of a {@code connect} that never made
	 * one.
	 * @param status how it ended
	 * @param attempted whether a connection attempt was started
	 * @param opened whether the attempt opened
	 */
	void closed(WsCloseStatus status, boolean attempted, boolean opened) {
		if (attempted && !opened) {
			this.instrumentation.connectFailed(this.client, status);
		}
		this.statistics.closed(status);
		this.instrumentation.closed(this.client, status);
		if (status.isError()) {
			logger.debug("WebSocket closed: {}", status);
		}
		CloseHandler handler = this.closeHandler;
		if (handler != null) {
			runHandler("close", () -> handler.onClose(this.client, status));
		}
		this.hub.publish(new WsEvent.Closed(status));
	}

	void reconnecting(long attempt, Duration delay) {
		this.statistics.reconnecting();
		logger.debug("WebSocket reconnecting: attempt {} in {}", attempt, delay);
		this.instrumentation.reconnecting(this.client, attempt, delay);
		this.hub.publish(new WsEvent.Reconnecting(attempt, delay));
	}

	// Facts of an open connection, from its event loop.

	/**
	 * Deliver a message of a connection whose {@code Connected} went out before it: at
	 * once, on the connection's event loop.
	 * @param message the message
	 * @return whether every subscriber can take more
	 */
	boolean received(WsMessage message) {
		deliver(message);
		return hasCapacity();
	}

	/**
	 * Deliver one of the first messages of a connection behind whatever announcement is
	 * still queued, its {@code Connected} among them, so that it does not overtake it.
	 * Once the outbox was found idle, everything queued before the message is out, and
	 * the connection's later messages go {@link #received(WsMessage) at once}: only its
	 * own event loop produces facts while it is open, so delivery never moves to another
	 * thread for long.
	 * @param message the message
	 * @return whether the outbox was idle and the message went out at once
	 */
	boolean receivedInOrder(WsMessage message) {
		if (this.outbox.runNow()) {
			try {
				deliver(message);
			}
			finally {
				this.outbox.done();
			}
			return true;
		}
		this.messagesInOutbox.incrementAndGet();
		this.outbox.run(() -> {
			try {
				deliver(message);
			}
			finally {
				this.messagesInOutbox.decrementAndGet();
				this.hub.capacityFreed();
			}
		});
		return false;
	}

	/**
	 * Return whether every subscriber of messages can take more, counting the messages
	 * still waiting in the outbox as taken.
	 * @return whether there is capacity
	 */
	boolean hasCapacity() {
		return this.hub.freeCapacity() > this.messagesInOutbox.get();
	}

	void sent(WsMessage message) {
		if (this.outbox.runNow()) {
			try {
				countSent(message);
			}
			finally {
				this.outbox.done();
			}
		}
		else {
			this.outbox.run(() -> countSent(message));
		}
	}

	void pingAnswered(long roundTripNanos) {
		this.outbox.run(() -> {
			Duration roundTrip = Duration.ofNanos(roundTripNanos);
			this.statistics.pingAnswered(roundTrip);
			this.instrumentation.pingAnswered(this.client, roundTrip);
		});
	}

	void pingMissed() {
		this.outbox.run(() -> {
			this.statistics.heartbeat(false);
			this.instrumentation.pingMissed(this.client);
		});
	}

	void serverResponsive() {
		this.outbox.run(() -> this.statistics.heartbeat(true));
	}

	void readPaused() {
		this.outbox.run(() -> this.instrumentation.readPaused(this.client));
	}

	void readResumed() {
		this.outbox.run(() -> this.instrumentation.readResumed(this.client));
	}

	private void countSent(WsMessage message) {
		this.statistics.sent(message.isText(), message.size());
		this.instrumentation.messageSent(this.client, message);
	}

	private void deliver(WsMessage message) {
		this.statistics.received(message);
		this.instrumentation.messageReceived(this.client, message);
		ReceiveHandler handler = this.receiveHandler;
		if (handler != null) {
			runHandler("receive", () -> handler.onReceive(this.client, message));
		}
		// Lifecycle subscribers do not take messages: with only them, no event is built.
		if (this.hub.hasMessageSubscribers()) {
			this.hub.publish(new WsEvent.Received(message));
		}
		else if (handler == null) {
			this.statistics.undelivered();
			this.instrumentation.messageUndelivered(this.client, message);
		}
	}

	private void runHandler(String name, Runnable handler) {
		try {
			handler.run();
		}
		catch (RuntimeException ex) {
			logger.warn("The " + name + " handler of a WebSocket client threw; the client carries on", ex);
		}
	}

}
