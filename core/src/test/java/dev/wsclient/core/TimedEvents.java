package dev.wsclient.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import reactor.core.Disposable;

/**
 * Every event of one client with the {@link System#nanoTime()} it was published at, in
 * order, from subscription until {@link #close()}.
 */
final class TimedEvents implements AutoCloseable {

	private final List<Timed> events = new CopyOnWriteArrayList<>();

	private final Disposable subscription;

	private TimedEvents(WsClient client) {
		this.subscription = client.events().subscribe((event) -> this.events.add(new Timed(System.nanoTime(), event)));
	}

	static TimedEvents of(WsClient client) {
		return new TimedEvents(client);
	}

	List<Timed> all() {
		return List.copyOf(this.events);
	}

	<E extends WsEvent> List<E> of(Class<E> type) {
		return this.events.stream().map(Timed::event).filter(type::isInstance).map(type::cast).toList();
	}

	<E extends WsEvent> List<Timed> timed(Class<E> type) {
		return this.events.stream().filter((timed) -> type.isInstance(timed.event())).toList();
	}

	List<WsCloseStatus> closes() {
		return of(WsEvent.Closed.class).stream().map(WsEvent.Closed::status).toList();
	}

	List<WsMessage> messages() {
		return of(WsEvent.Received.class).stream().map(WsEvent.Received::message).toList();
	}

	int count(Class<? extends WsEvent> type) {
		return (int) this.events.stream().filter((timed) -> type.isInstance(timed.event())).count();
	}

	@Override
	public void close() {
		this.subscription.dispose();
	}

	/**
	 * An event and when it was published.
	 *
	 * @param nanos the {@link System#nanoTime()} of publication
	 * @param event the event
	 */
	record Timed(long nanos, WsEvent event) {
	}

}
