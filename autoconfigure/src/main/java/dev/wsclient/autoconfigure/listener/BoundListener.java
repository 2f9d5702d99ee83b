package dev.wsclient.autoconfigure.listener;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.wsclient.autoconfigure.WsMessageConversionException;
import dev.wsclient.autoconfigure.WsMessageConverter;
import dev.wsclient.autoconfigure.WsMessageConverter.PayloadReader;
import dev.wsclient.autoconfigure.listener.ListenerMeters.InvocationTimer;
import dev.wsclient.autoconfigure.listener.WsClientListenerException.Stage;
import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsEvent;
import dev.wsclient.core.WsMessage;
import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A listener method on one client: it selects and converts the messages for the method,
 * invokes it, sends what it returns, and keeps count of the replies in flight.
 *
 * <p>
 * The method's {@code concurrency} is a number of permits: an invocation takes one and
 * gives it back when the method returned without a reply, or when its reply is written or
 * has failed. The client's dispatcher asks for a permit before each invocation
 * ({@link #acquire()}); without one it waits, and this listener resumes it when a reply
 * ends.
 */
final class BoundListener {

	/** {@link #arguments} for an event or message that is not for this listener. */
	static final Object[] NOT_TAKEN = new Object[0];

	/** {@link #arguments} for a message that was for this listener but failed. */
	static final Object[] FAILED = new Object[0];

	private final ListenerMethod method;

	private final String clientName;

	private final WsClient client;

	private final WsMessageConverter converter;

	private final @Nullable ListenerCondition condition;

	private final ListenerErrors errors;

	private final InvocationTimer timer;

	private final @Nullable Executor executor;

	private final Runnable resumeDispatch;

	private final boolean replies;

	private final AtomicInteger inFlight = new AtomicInteger();

	// Set while the dispatcher waits for a permit; whoever clears it resumes the
	// dispatch.
	private final AtomicBoolean dispatchWaiting = new AtomicBoolean();

	BoundListener(ListenerMethod method, String clientName, WsClient client, WsMessageConverter converter,
			@Nullable ListenerCondition condition, ListenerErrors errors, InvocationTimer timer,
			@Nullable Executor executor, Runnable resumeDispatch) {
		this.method = method;
		this.clientName = clientName;
		this.client = client;
		this.converter = converter;
		this.condition = condition;
		this.errors = errors;
		this.timer = timer;
		this.executor = executor;
		this.resumeDispatch = resumeDispatch;
		this.replies = method.reply() != ListenerMethod.Reply.NONE;
	}

	ListenerMethod method() {
		return this.method;
	}

	boolean handles(WsEvent event) {
		return this.method.kind().handles(event);
	}

	boolean isBlocking() {
		return this.executor != null;
	}

	/**
	 * Return whether the dispatch may have to wait for this listener: for a blocking
	 * method to return, or for a permit while its replies are in flight.
	 * @return whether an invocation may end after {@link #invoke} or {@link #submit}
	 * returned
	 */
	boolean mayKeepDispatchWaiting() {
		return this.replies || isBlocking();
	}

	/**
	 * Select and convert: return the arguments of an invocation for an event, or
	 * {@link #NOT_TAKEN} when the message is not for this listener (its condition does
	 * not hold, or its payload holds no value of the listener's type), or {@link #FAILED}
	 * when it was but the condition or the conversion failed, which was reported.
	 * @param event the event
	 * @param message the message of a {@link WsEvent.Received}, else {@code null}
	 * @return the arguments, or one of the two markers
	 */
	@Nullable Object[] arguments(WsEvent event, @Nullable InboundMessage message) {
		Object payload = null;
		if (message != null) {
			ListenerCondition condition = this.condition;
			if (condition != null) {
				try {
					if (!condition.matches(message, this.clientName)) {
						return NOT_TAKEN;
					}
				}
				catch (RuntimeException ex) {
					this.errors.report(this.clientName, this.method, Stage.CONDITION, message.message(), ex);
					return FAILED;
				}
			}
			PayloadReader reader = this.method.payloadReader();
			if (reader != null) {
				try {
					payload = message.read(reader);
				}
				catch (WsMessageConversionException ex) {
					this.errors.report(this.clientName, this.method, Stage.CONVERSION, message.message(), ex);
					return FAILED;
				}
				if (payload == null) {
					return NOT_TAKEN;
				}
			}
		}
		return this.method.arguments(this.clientName, this.client, event, payload);
	}

	/**
	 * Take a permit for an invocation.
	 * @return {@code true} with a permit; {@code false} when all are in flight, and then
	 * the dispatch is resumed when one comes back
	 */
	boolean acquire() {
		if (!this.replies) {
			return true;
		}
		int limit = this.method.concurrency();
		while (true) {
			int current = this.inFlight.get();
			if (current < limit) {
				if (this.inFlight.compareAndSet(current, current + 1)) {
					return true;
				}
				continue;
			}
			this.dispatchWaiting.set(true);
			// A reply may have ended between the read above and the flag: whoever clears
			// the flag owns the dispatch, this thread (to try again) or the reply's.
			if (this.inFlight.get() >= limit || !this.dispatchWaiting.compareAndSet(true, false)) {
				return false;
			}
		}
	}

	/**
	 * Invoke the method on this thread with a permit taken.
	 * @param arguments the arguments
	 * @param message the message being handled, or {@code null} for a lifecycle event
	 */
	void invoke(@Nullable Object[] arguments, @Nullable WsMessage message) {
		long start = this.timer.start();
		Object result;
		try {
			result = this.method.invoke(arguments);
		}
		catch (Throwable ex) {
			this.timer.stop(start);
			Exceptions.throwIfJvmFatal(ex);
			this.errors.report(this.clientName, this.method, Stage.INVOCATION, message, ex);
			release();
			return;
		}
		this.timer.stop(start);
		if (result == null || this.method.reply() == ListenerMethod.Reply.NONE) {
			release();
			return;
		}
		reply(result, message);
	}

	/**
	 * Invoke the method on the executor with a permit taken, then resume the dispatch.
	 * @param arguments the arguments
	 * @param message the message being handled
	 * @return {@code true} when the invocation was handed to the executor (the dispatch
	 * waits for it); {@code false} when the executor refused it, which was reported
	 */
	boolean submit(@Nullable Object[] arguments, @Nullable WsMessage message) {
		Executor executor = this.executor;
		if (executor == null) {
			throw new IllegalStateException(this.method + " does not block");
		}
		try {
			executor.execute(() -> {
				try {
					invoke(arguments, message);
				}
				finally {
					this.resumeDispatch.run();
				}
			});
			return true;
		}
		catch (RejectedExecutionException ex) {
			this.errors.report(this.clientName, this.method, Stage.INVOCATION, message, ex);
			release();
			return false;
		}
	}

	private void reply(Object result, @Nullable WsMessage message) {
		if (this.method.reply() == ListenerMethod.Reply.VALUE) {
			Mono<Void> written;
			try {
				written = send(result);
			}
			catch (RuntimeException ex) {
				replyFailed(message, ex);
				return;
			}
			written.subscribe(null, (ex) -> replyFailed(message, ex), this::release);
			return;
		}
		Flux.from(this.method.publisher(result))
			.concatMap((value) -> Mono.defer(() -> send(value)).onErrorMap(ReplyFailure::new))
			.subscribe(null, (ex) -> {
				if (ex instanceof ReplyFailure failure) {
					replyFailed(message, failure.failure);
				}
				else {
					this.errors.report(this.clientName, this.method, Stage.INVOCATION, message, ex);
					release();
				}
			}, this::release);
	}

	private Mono<Void> send(Object value) {
		return this.client.send(this.converter.write(value));
	}

	private void replyFailed(@Nullable WsMessage message, Throwable cause) {
		this.errors.report(this.clientName, this.method, Stage.REPLY, message, cause);
		release();
	}

	private void release() {
		if (!this.replies) {
			return;
		}
		this.inFlight.decrementAndGet();
		if (this.dispatchWaiting.get() && this.dispatchWaiting.compareAndSet(true, false)) {
			this.resumeDispatch.run();
		}
	}

	/** Marks a failure to encode or send a reply, as opposed to one of the method. */
	private static final class ReplyFailure extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final transient Throwable failure;

		ReplyFailure(Throwable failure) {
			super(failure.getMessage(), failure, false, false);
			this.failure = failure;
		}

	}

}
