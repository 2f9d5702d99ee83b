package dev.wsclient.core.internal;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.wsclient.core.ReconnectPolicy;
import dev.wsclient.core.WsCloseStatus;
import dev.wsclient.core.WsConnectException;
import org.jspecify.annotations.Nullable;
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
 * choosing the delays.
 */
final class Session {

	private final URI url;

	private final ReconnectPolicy policy;

	private final Function<Session, Connection> connectionFactory;

	private final Consumer<Reconnect> reconnectListener;

	private final Sinks.One<Void> opened = Sinks.one();

	private final Sinks.Empty<Void> finished = Sinks.empty();

	private final AtomicBoolean ended = new AtomicBoolean();

	private volatile @Nullable Connection current;

	// Completes when the current attempt's connection opens.
	private volatile Sinks.Empty<Void> currentOpened = Sinks.empty();

	private volatile @Nullable Disposable attempts;

	private volatile boolean closeRequested;

	private volatile @Nullable WsCloseStatus lastStatus;

	private volatile long nextAttempt;

	Session(URI url, ReconnectPolicy policy, Function<Session, Connection> connectionFactory,
			Consumer<Reconnect> reconnectListener) {
		this.url = url;
		this.policy = policy;
		this.connectionFactory = connectionFactory;
		this.reconnectListener = reconnectListener;
	}

	URI url() {
		return this.url;
	}

	void start() {
		Flux<Object> attempt = Flux.defer(this::attempt);
		if (this.policy.enabled()) {
			attempt = attempt.retryWhen(retry());
		}
		this.attempts = attempt.subscribe(null, (failure) -> end(), this::end);
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
		this.currentOpened.tryEmitEmpty();
		this.opened.tryEmitEmpty();
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

	private Flux<Object> attempt() {
		if (this.closeRequested) {
			return Flux.empty();
		}
		Connection connection = this.connectionFactory.apply(this);
		Sinks.Empty<Void> connectionOpened = Sinks.empty();
		this.currentOpened = connectionOpened;
		this.current = connection;
		if (this.closeRequested) {
			// close() ran while this attempt was being created and may have missed it.
			connection.close(1000, "");
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
				(delay) -> this.reconnectListener.accept(new Reconnect(this.nextAttempt, delay)));
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
		if (!this.ended.compareAndSet(false, true)) {
			return;
		}
		WsCloseStatus status = this.lastStatus;
		// Finished first: the client settles (CLOSED, ready to connect again) before a
		// caller waiting on connect() learns that it failed.
		this.finished.tryEmitEmpty();
		this.opened.tryEmitError(new WsConnectException((status != null) ? status : WsCloseStatus.NORMAL));
	}

	/**
	 * A reconnection about to be scheduled.
	 *
	 * @param attempt the attempt number since the last stable connection
	 * @param delay the delay before it
	 */
	record Reconnect(long attempt, Duration delay) {
	}

	/** Signals to {@code retryWhen} that a connection ended and should be replaced. */
	private static final class ConnectionLost extends RuntimeException {

		private static final long serialVersionUID = 1L;

		ConnectionLost(WsCloseStatus status) {
			super(status.reason(), null, false, false);
		}

	}

}
