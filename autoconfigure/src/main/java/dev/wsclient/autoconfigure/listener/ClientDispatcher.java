package dev.wsclient.autoconfigure.listener;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsEvent;
import dev.wsclient.core.WsMessage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.Exceptions;
import reactor.core.publisher.Operators;

/**
 * Delivers the events of one client to its listeners: one subscription to the client's
 * events, one event at a time, each to every listener in order, the next requested only
 * when the last listener is done with this one.
 *
 * <p>
 * So a listener that is slow, blocking on the executor, or waiting for its replies to be
 * written, holds the next event back, and the client's events queue for this subscriber
 * exactly as for a slow {@code messages()} subscriber: up to the receive buffer, then the
 * client stops reading from the socket. Nothing piles up beyond that, and nothing is
 * dropped.
 *
 * <p>
 * The dispatch of an event runs on the client's I/O thread until it has to wait (for a
 * blocking method, or for a permit of a listener whose replies are in flight); it goes on
 * on the thread that ends the wait. Its state is owned by whichever thread runs it: one
 * at a time, handed over through the listener's permit flag or the executor.
 *
 * <p>
 * When no listener of the client can make the dispatch wait ({@code void} methods that do
 * not block), every event is dispatched within the client's own delivery of it, on the
 * I/O thread: the dispatcher then requests without bound, saving a request per event, and
 * the backpressure is the I/O thread itself, busy with the listener instead of reading,
 * as for a synchronous {@code messages()} subscriber.
 */
final class ClientDispatcher implements CoreSubscriber<WsEvent>, Disposable {

	private static final Log logger = LogFactory.getLog(ClientDispatcher.class);

	private final String clientName;

	private final WsClient client;

	private final List<BoundListener> listeners;

	private final boolean takesMessages;

	private final boolean synchronous;

	private final LongAdder unhandled = new LongAdder();

	private volatile @Nullable Subscription subscription;

	private volatile boolean disposed;

	// One message at a time goes through the listeners: its view is reused.
	private final InboundMessage inbound = new InboundMessage();

	// The event being dispatched, the next listener to offer it to, and that listener's
	// arguments while it waits for a permit.
	private @Nullable WsEvent event;

	private @Nullable InboundMessage message;

	private int next;

	private boolean taken;

	private @Nullable Object @Nullable [] waitingArguments;

	/**
	 * Create a dispatcher.
	 * @param clientName the client name
	 * @param client the client
	 * @param listeners the listeners, made by the given factory with this dispatcher's
	 * resume action, in order
	 */
	ClientDispatcher(String clientName, WsClient client, ListenerFactory listeners) {
		this.clientName = clientName;
		this.client = client;
		this.listeners = listeners.create(this::resume);
		this.takesMessages = this.listeners.stream()
			.anyMatch((listener) -> listener.method().kind() == ListenerKind.MESSAGE);
		this.synchronous = this.listeners.stream().noneMatch(BoundListener::mayKeepDispatchWaiting);
	}

	/**
	 * Subscribe to the client: to its events when a listener takes messages, else to its
	 * lifecycle events only, which never pace the socket.
	 */
	void start() {
		(this.takesMessages ? this.client.events() : this.client.lifecycleEvents()).subscribe(this);
	}

	String clientName() {
		return this.clientName;
	}

	boolean takesMessages() {
		return this.takesMessages;
	}

	/**
	 * Return how many messages no listener took.
	 * @return the count since start-up
	 */
	long unhandled() {
		return this.unhandled.sum();
	}

	@Override
	public void onSubscribe(Subscription subscription) {
		if (Operators.validate(this.subscription, subscription)) {
			this.subscription = subscription;
			if (this.disposed) {
				subscription.cancel();
				return;
			}
			subscription.request(this.synchronous ? Long.MAX_VALUE : 1);
		}
	}

	@Override
	public void onNext(WsEvent value) {
		this.event = value;
		this.message = (value instanceof WsEvent.Received received) ? this.inbound.reset(received.message()) : null;
		this.next = 0;
		this.taken = false;
		dispatch();
	}

	@Override
	public void onError(Throwable failure) {
		// The client's event stream does not end with an error; if it ever did, say so.
		logger.error("The events of WebSocket client '" + this.clientName + "' failed; its listeners stop", failure);
	}

	@Override
	public void onComplete() {
	}

	@Override
	public void dispose() {
		this.disposed = true;
		Subscription current = this.subscription;
		if (current != null) {
			current.cancel();
		}
	}

	@Override
	public boolean isDisposed() {
		return this.disposed;
	}

	/**
	 * Go on with the event after a wait ended.
	 */
	private void resume() {
		if (this.event != null) {
			dispatch();
		}
	}

	private void dispatch() {
		try {
			offerToListeners();
		}
		catch (Throwable ex) {
			// Listener failures are all handled where they happen: this is a bug, and it
			// must not reach the client, which would drop the connection.
			Exceptions.throwIfJvmFatal(ex);
			logger.error("Dispatching an event of WebSocket client '" + this.clientName + "' failed", ex);
			this.waitingArguments = null;
			finish(null);
		}
	}

	private void offerToListeners() {
		WsEvent current = this.event;
		if (current == null) {
			return;
		}
		InboundMessage inbound = this.message;
		WsMessage payload = (inbound != null) ? inbound.message() : null;
		while (this.next < this.listeners.size()) {
			BoundListener listener = this.listeners.get(this.next);
			@Nullable Object[] arguments = this.waitingArguments;
			if (arguments == null) {
				if (!listener.handles(current)) {
					this.next++;
					continue;
				}
				arguments = listener.arguments(current, inbound);
				if (arguments == BoundListener.NOT_TAKEN) {
					this.next++;
					continue;
				}
				this.taken = true;
				if (arguments == BoundListener.FAILED) {
					this.next++;
					continue;
				}
			}
			if (!listener.acquire()) {
				// The listener resumes the dispatch when a reply ends and frees a permit.
				this.waitingArguments = arguments;
				return;
			}
			this.waitingArguments = null;
			this.next++;
			if (listener.isBlocking()) {
				if (listener.submit(arguments, payload)) {
					// The executor resumes the dispatch when the method has returned.
					return;
				}
				continue;
			}
			listener.invoke(arguments, payload);
		}
		finish(inbound);
	}

	private void finish(@Nullable InboundMessage inbound) {
		if (inbound != null && !this.taken) {
			this.unhandled.increment();
			if (logger.isDebugEnabled()) {
				logger.debug("WebSocket client '" + this.clientName + "': no listener took " + inbound.message());
			}
		}
		this.event = null;
		this.message = null;
		Subscription current = this.subscription;
		if (!this.synchronous && current != null) {
			current.request(1);
		}
	}

	/**
	 * Makes the listeners of a dispatcher, given the action that resumes it.
	 */
	@FunctionalInterface
	interface ListenerFactory {

		/**
		 * Make the listeners.
		 * @param resumeDispatch resumes the dispatch after a wait
		 * @return the listeners, in order
		 */
		List<BoundListener> create(Runnable resumeDispatch);

	}

}
