package dev.wsclient.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.URI;
import java.time.Duration;

import dev.wsclient.core.ReconnectPolicy;
import dev.wsclient.core.WsCloseStatus;
import dev.wsclient.core.WsConnectException;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * One {@code connect()} of a client until {@code close()} or until it gives up: a first
 * connection and, with reconnection enabled, the ones that replace it. Attempts run
 * strictly one after the other on Reactor's {@code retryWhen}, with {@code Retry.backoff}
 * choosing the delays. Without reconnection there is one attempt and no operator chain at
 * all: the session only waits for its connection to end. An idle client holds its session
 * as long as it is connected, so the session keeps few objects.
 */
final class Session {

	// Bits of progress.
	private static final int OPENED_SETTLED = 1;

	private static final int ENDED = 2;

	private static final VarHandle PROGRESS;

	static {
		try {
			PROGRESS = MethodHandles.lookup().findVarHandle(Session.class, "progress", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final URI url;

	private final ReconnectPolicy policy;

	private final Owner owner;

	// Both sinks are unsafe (not serialized): each is emitted to at most once, by the
	// thread that set its bit of progress (OPENED_SETTLED for opened, ENDED for
	// finished), so emissions never race. Subscribing to them is thread safe.
	private final Sinks.Empty<Void> opened = Sinks.unsafe().empty();

	private final Sinks.Empty<Void> finished = Sinks.unsafe().empty();

	// OPENED_SETTLED once opened has been emitted to, ENDED once the session ended.
	@SuppressWarnings("unused") // Updated through PROGRESS
	private volatile int progress;

	private volatile @Nullable Connection current;

	// With reconnection only: completes when the current attempt's connection opens.
	private volatile Sinks.@Nullable Empty<Void> currentOpened;

	// With reconnection only: the attempts, to stop them on close().
	private volatile @Nullable Disposable attempts;

	private volatile boolean closeRequested;

	private volatile @Nullable WsCloseStatus lastStatus;

	private volatile long nextAttempt;

	Session(URI url, ReconnectPolicy policy, Owner owner) {
		this.url = url;
		this.policy = policy;
		this.owner = owner;
	}

	URI url() {
		return this.url;
	}

	void start() {
		if (this.policy.enabled()) {
			this.attempts = Flux.defer(this::attempt).retryWhen(retry()).subscribe(null, (failure) -> end(), this::end);
			return;
		}
		Connection connection = connect();
		if (connection == null) {
			end();
			return;
		}
		connection.ended().subscribe(new OnlyConnectionEnded());
		connection.start();
	}

	/**
	 * Return the outcome of the first connection.
	 * @return completes when a connection opens, fails when the session ends before one
	 * did
	 */
	Mono<Void> opened() {
		return this.opened.asMono();
	}

	Mono<Void> finished() {
		return this.finished.asMono();
	}

	@Nullable Connection current() {
		return this.current;
	}

	void connectionOpened() {
		Sinks.Empty<Void> connectionOpened = this.currentOpened;
		if (connectionOpened != null) {
			connectionOpened.tryEmitEmpty();
		}
		if ((settle(OPENED_SETTLED) & OPENED_SETTLED) == 0) {
			this.opened.tryEmitEmpty();
		}
	}

	/**
	 * Return whether a connection that ended with the given status will be followed by
	 * another.
	 * @param status how the connection ended
	 * @return whether the session reconnects
	 */
	boolean willReconnect(WsCloseStatus status) {
		return this.policy.enabled() && !this.closeRequested && status.status().isRetryable();
	}

	/**
	 * Stop reconnecting and close the current connection.
	 * @param code the close code
	 * @param reason the close reason
	 * @return completes when the session has ended
	 */
	Mono<Void> close(int code, String reason) {
		this.closeRequested = true;
		Disposable loop = this.attempts;
		if (loop != null) {
			loop.dispose();
		}
		Connection connection = this.current;
		if (connection != null) {
			connection.close(code, reason);
			connection.ended().subscribe((status) -> end());
		}
		else {
			end();
		}
		return finished();
	}

	/**
	 * Create the next connection, unless {@code close()} was called.
	 * @return the connection, not started yet, or {@code null}
	 */
	private @Nullable Connection connect() {
		if (this.closeRequested) {
			return null;
		}
		Connection connection = this.owner.newConnection(this);
		this.current = connection;
		if (this.closeRequested) {
			// close() ran while this attempt was being created and may have missed it.
			connection.close(1000, "");
		}
		return connection;
	}

	private Flux<Object> attempt() {
		// Unsafe (not serialized): only connectionOpened() emits to it, once, when this
		// attempt's connection opens; an empty completion racing another is harmless.
		Sinks.Empty<Void> connectionOpened = Sinks.unsafe().empty();
		this.currentOpened = connectionOpened;
		Connection connection = connect();
		if (connection == null) {
			return Flux.empty();
		}
		connection.start();
		// A connection still open resetAfter after it opened is stable: the signal resets
		// the backoff.
		Mono<Object> stable = connectionOpened.asMono()
			.then(Mono.delay(this.policy.resetAfter()))
			.filter((tick) -> connection.isOpen())
			.takeUntilOther(connection.ended())
			.cast(Object.class);
		Mono<Object> outcome = connection.ended().flatMap((status) -> {
			this.lastStatus = status;
			return willReconnect(status) ? Mono.error(new ConnectionLost(status)) : Mono.empty();
		});
		return Flux.merge(stable, outcome);
	}

	private Retry retry() {
		DelayReportingScheduler scheduler = new DelayReportingScheduler(Schedulers.parallel(),
				(delay) -> this.owner.reconnecting(new Reconnect(this.nextAttempt, delay)));
		return Retry.backoff(this.policy.maxAttempts(), this.policy.initialDelay())
			.maxBackoff(this.policy.maxDelay())
			.jitter(this.policy.jitter())
			.transientErrors(true)
			.filter((failure) -> failure instanceof ConnectionLost && !this.closeRequested)
			.doBeforeRetry((signal) -> this.nextAttempt = signal.totalRetriesInARow() + 1)
			.scheduler(scheduler)
			.onRetryExhaustedThrow((spec, signal) -> signal.failure());
	}

	private void end() {
		int before = settle(ENDED | OPENED_SETTLED);
		if ((before & ENDED) != 0) {
			return;
		}
		// Finished first: the client settles (CLOSED, ready to connect again) before a
		// caller waiting on connect() learns that it failed.
		this.owner.sessionFinished(this);
		this.finished.tryEmitEmpty();
		if ((before & OPENED_SETTLED) == 0) {
			WsCloseStatus status = this.lastStatus;
			this.opened.tryEmitError(new WsConnectException((status != null) ? status : WsCloseStatus.NORMAL));
		}
	}

	/**
	 * Set bits of progress.
	 * @param bits the bits to set
	 * @return the progress before: a bit that was clear is this caller's to act on
	 */
	private int settle(int bits) {
		return (int) PROGRESS.getAndBitwiseOr(this, bits);
	}

	private void onlyConnectionEnded(WsCloseStatus status) {
		if (!this.closeRequested) {
			// As with reconnection, where close() cancels the attempt before it records
			// how the connection ended: a connect() that close() ended fails as NORMAL.
			this.lastStatus = status;
		}
		end();
	}

	/** The client a session works for. */
	interface Owner {

		/**
		 * Create the connection for the next attempt.
		 * @param session the session
		 * @return the connection, not started yet
		 */
		Connection newConnection(Session session);

		/**
		 * Learn that a reconnection is about to be scheduled.
		 * @param reconnect the attempt and its delay
		 */
		void reconnecting(Reconnect reconnect);

		/**
		 * Learn that the session has ended, before anyone waiting on it does.
		 * @param session the session
		 */
		void sessionFinished(Session session);

	}

	/**
	 * A reconnection about to be scheduled.
	 *
	 * @param attempt the attempt number since the last stable connection
	 * @param delay the delay before it
	 */
	record Reconnect(long attempt, Duration delay) {
	}

	/**
	 * Waits for the one connection of a session without reconnection: one small object
	 * where an operator chain would take several.
	 */
	private final class OnlyConnectionEnded implements CoreSubscriber<WsCloseStatus> {

		@Override
		public void onSubscribe(Subscription subscription) {
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(WsCloseStatus status) {
			onlyConnectionEnded(status);
		}

		@Override
		public void onError(Throwable failure) {
			end();
		}

		@Override
		public void onComplete() {
			end();
		}

	}

	/** Signals to {@code retryWhen} that a connection ended and should be replaced. */
	private static final class ConnectionLost extends RuntimeException {

		private static final long serialVersionUID = 1L;

		ConnectionLost(WsCloseStatus status) {
			super(status.reason(), null, false, false);
		}

	}

}
