package dev.wsclient.core;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The one owner of a client's state. Every change of {@link WsState} is a transition
 * here, made under this object's lock; connections, the backoff timer and the user's
 * calls only report facts. Each fact is a method whose {@code switch} over the state is a
 * row of the table in the README's state diagram:
 *
 * <pre>
 * CLOSED       connect(url)           → CONNECTING    the first attempt starts
 * CONNECTING   opened                 → OPEN          Connected; connect() completes
 * CONNECTING   close()                → CLOSING       the attempt is abandoned
 * OPEN         close()                → CLOSING       the closing handshake starts
 * CONNECTING,
 * OPEN         ended, will retry      → RECONNECTING  Closed, Reconnecting; backoff timer
 * CONNECTING,
 * OPEN,
 * CLOSING      ended, no retry        → CLOSED        Closed; connect() fails if never open
 * RECONNECTING backoff elapsed        → CONNECTING    the next attempt starts
 * RECONNECTING close()                → CLOSED        timer cancelled; Closed (normal)
 * </pre>
 *
 * A fact that does not fit the state (a stale connection's, a timer that lost to
 * {@code close()}) changes nothing. What a transition announces is queued in the
 * {@link Outbox} under the lock, so announcements keep the order of transitions, and run
 * after the lock is let go.
 */
final class Lifecycle {

	private final ReconnectPolicy policy;

	private final Backoff backoff;

	private final ClientEvents events;

	private final Outbox outbox;

	private final Timers timers;

	private final ClientParts parts;

	// Written only under the lock; read without it by state().
	private volatile WsState state = WsState.CLOSED;

	// The current connect(): from CONNECTING until CLOSED.
	private @Nullable Session session;

	Lifecycle(WsClientOptions options, Transport transport, EventHub hub, ClientEvents events, Timers timers) {
		this.policy = options.reconnect();
		this.backoff = new Backoff(this.policy);
		this.events = events;
		this.outbox = events.outbox();
		this.timers = timers;
		// Shared by every connection of the client: one object, not one per connection.
		this.parts = new ClientParts(options, transport, hub, events, this, timers);
	}

	WsState state() {
		return this.state;
	}

	/**
	 * Return the connection messages can be sent on.
	 * @return the connection, or {@code null} when not open
	 */
	synchronized @Nullable Connection openConnection() {
		Session current = this.session;
		return (this.state == WsState.OPEN && current != null) ? current.connection : null;
	}

	/**
	 * The user connects.
	 * @param url the URL
	 * @param invalid why the URL cannot be used, or {@code null}
	 * @return completes when a connection opens, fails when the session ends before
	 * @throws IllegalStateException when the client is not closed
	 */
	Mono<Void> connect(URI url, @Nullable WsCloseStatus invalid) {
		Mono<Void> result;
		synchronized (this) {
			if (this.state != WsState.CLOSED) {
				throw new IllegalStateException("client is already " + this.state + " ("
						+ this.parts.options().redaction().redact(requireSession().url)
						+ "); close() it before connecting again");
			}
			if (invalid != null) {
				this.outbox.add(() -> this.events.closed(invalid, false, false));
				result = Mono.error(new WsConnectException(invalid));
			}
			else {
				Session started = new Session(url);
				this.session = started;
				startAttempt(started);
				result = started.opened.asMono();
			}
		}
		this.outbox.drain();
		return result;
	}

	/**
	 * The user closes.
	 * @param code the close code
	 * @param reason the reason
	 * @return completes when the client is closed
	 */
	Mono<Void> close(int code, String reason) {
		Mono<Void> result;
		synchronized (this) {
			result = switch (this.state) {
				case CLOSED -> Mono.empty();
				case CONNECTING, OPEN -> {
					Session closing = requireSession();
					Connection connection = closing.requireConnection();
					this.state = WsState.CLOSING;
					this.outbox.add(() -> connection.close(code, reason));
					yield closing.finished.asMono();
				}
				case CLOSING -> requireSession().finished.asMono();
				case RECONNECTING -> {
					Session waiting = requireSession();
					Disposable timer = waiting.backoffTimer;
					if (timer != null) {
						timer.dispose();
					}
					// The attempt Reconnecting announced ends here, as every attempt
					// does, with a Closed.
					WsCloseStatus status = WsCloseStatus.of(WsStatusCode.NORMAL, null,
							"closed before reconnection attempt " + waiting.retriesInARow);
					this.outbox.add(() -> this.events.closed(status, false, false));
					finish(waiting, status);
					yield waiting.finished.asMono();
				}
			};
		}
		this.outbox.drain();
		return result;
	}

	/**
	 * A connection's handshake succeeded.
	 * @param connection the connection
	 * @param subprotocol the subprotocol the server selected
	 */
	void opened(Connection connection, @Nullable String subprotocol) {
		synchronized (this) {
			Session current = this.session;
			if (current == null || current.connection != connection) {
				return;
			}
			switch (this.state) {
				case CONNECTING -> {
					this.state = WsState.OPEN;
					current.attemptOpened = true;
					current.openedAtNanos = this.timers.nanoTime();
					URI url = current.url;
					this.outbox.add(() -> this.events.connected(url, subprotocol, connection,
							this.parts.options().onConnectMessages()));
					if (!current.everOpened) {
						current.everOpened = true;
						this.outbox.add(current.opened::tryEmitEmpty);
					}
				}
				// CLOSING: close() came first and is ending the connection.
				default -> {
				}
			}
		}
		this.outbox.drain();
	}

	/**
	 * A connection ended.
	 * @param connection the connection
	 * @param status how it ended
	 */
	void ended(Connection connection, WsCloseStatus status) {
		synchronized (this) {
			Session current = this.session;
			if (current == null || current.connection != connection) {
				return;
			}
			current.connection = null;
			boolean opened = current.attemptOpened;
			current.attemptOpened = false;
			this.outbox.add(() -> this.events.closed(status, true, opened));
			switch (this.state) {
				case CONNECTING, OPEN -> {
					if (opened
							&& this.timers.nanoTime() - current.openedAtNanos >= this.policy.resetAfter().toNanos()) {
						// Stable for long enough: the backoff starts again from the first
						// delay.
						current.retriesInARow = 0;
					}
					if (!(this.policy.enabled() && status.status().isRetryable() && scheduleReconnect(current))) {
						finish(current, status);
					}
				}
				default -> finish(current, status);
			}
		}
		this.outbox.drain();
	}

	private void backoffElapsed(Session waiting) {
		synchronized (this) {
			if (this.session != waiting || this.state != WsState.RECONNECTING) {
				// close() cancelled the wait first.
				return;
			}
			startAttempt(waiting);
		}
		this.outbox.drain();
	}

	private void startAttempt(Session current) {
		Connection connection = new Connection(current.url, this.parts);
		current.connection = connection;
		current.backoffTimer = null;
		this.state = WsState.CONNECTING;
		URI url = current.url;
		this.outbox.add(() -> this.events.connectStarted(url));
		this.outbox.add(connection::start);
	}

	private boolean scheduleReconnect(Session current) {
		Duration delay = this.backoff.delay(current.retriesInARow);
		if (delay == null) {
			return false;
		}
		long attempt = ++current.retriesInARow;
		this.state = WsState.RECONNECTING;
		this.outbox.add(() -> this.events.reconnecting(attempt, delay));
		current.backoffTimer = this.timers.schedule(() -> backoffElapsed(current), delay.toNanos());
		return true;
	}

	private void finish(Session finished, WsCloseStatus status) {
		this.session = null;
		this.state = WsState.CLOSED;
		// After the Closed announcement: the client has settled, and the close handler
		// has run, before a caller waiting on connect() or close() learns of it.
		this.outbox.add(() -> {
			finished.finished.tryEmitEmpty();
			if (!finished.everOpened) {
				finished.opened.tryEmitError(new WsConnectException(status));
			}
		});
	}

	private Session requireSession() {
		Session current = this.session;
		if (current == null) {
			throw new IllegalStateException("client is " + this.state + " without a session");
		}
		return current;
	}

	/** One {@code connect()}: its attempts until the client is closed again. */
	private static final class Session {

		final URI url;

		// Emitted to once each, by the outbox, which runs one thing at a time.
		final Sinks.Empty<Void> opened = Sinks.unsafe().empty();

		final Sinks.Empty<Void> finished = Sinks.unsafe().empty();

		@Nullable Connection connection;

		@Nullable Disposable backoffTimer;

		long retriesInARow;

		boolean attemptOpened;

		boolean everOpened;

		long openedAtNanos;

		Session(URI url) {
			this.url = url;
		}

		Connection requireConnection() {
			Connection current = this.connection;
			if (current == null) {
				throw new IllegalStateException("no connection in a connecting or open session");
			}
			return current;
		}

	}

}
