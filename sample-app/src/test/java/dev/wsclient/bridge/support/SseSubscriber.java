package dev.wsclient.bridge.support;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Sinks;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A downstream subscriber of {@code GET /streams/{client}} that reads as fast as it can
 * and records every event, and apart from them the comment lines.
 */
public final class SseSubscriber implements AutoCloseable {

	private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENT = new ParameterizedTypeReference<>() {
	};

	private final List<ServerSentEvent<String>> events = new CopyOnWriteArrayList<>();

	private final List<String> comments = new CopyOnWriteArrayList<>();

	private final Sinks.Empty<Void> ended = Sinks.empty();

	private final AtomicBoolean hasEnded = new AtomicBoolean();

	private final Disposable subscription;

	private SseSubscriber(WebClient webClient, String uri, @Nullable String lastEventId) {
		this.subscription = webClient.get().uri(uri).accept(MediaType.TEXT_EVENT_STREAM).headers((headers) -> {
			if (lastEventId != null) {
				headers.set("Last-Event-ID", lastEventId);
			}
		}).retrieve().bodyToFlux(EVENT).filter(this::isEvent).doFinally((signal) -> {
			this.hasEnded.set(true);
			this.ended.tryEmitEmpty();
		}).subscribe(this.events::add, (ex) -> {
		});
	}

	/**
	 * Subscribe to a client's stream.
	 * @param port the bridge's port
	 * @param client the client name
	 * @return the subscriber
	 */
	public static SseSubscriber subscribe(int port, String client) {
		return new SseSubscriber(WebClient.create("http://127.0.0.1:" + port), "/streams/" + client, null);
	}

	/**
	 * Resume a client's stream after an event, as {@code EventSource} does when it
	 * reconnects.
	 * @param port the bridge's port
	 * @param client the client name
	 * @param lastEventId the {@code Last-Event-ID} header
	 * @return the subscriber
	 */
	public static SseSubscriber resume(int port, String client, String lastEventId) {
		return new SseSubscriber(WebClient.create("http://127.0.0.1:" + port), "/streams/" + client, lastEventId);
	}

	/**
	 * Subscribe to a stream with a query.
	 * @param port the bridge's port
	 * @param pathAndQuery for example {@code /streams/demo?since=now}
	 * @return the subscriber
	 */
	public static SseSubscriber open(int port, String pathAndQuery) {
		return new SseSubscriber(WebClient.create("http://127.0.0.1:" + port), pathAndQuery, null);
	}

	/**
	 * Return the sequence number of an event's id, {@code <epoch>-<sequence>}.
	 * @param event the event
	 * @return the sequence number
	 */
	public static long sequence(ServerSentEvent<String> event) {
		return Long.parseLong(String.valueOf(event.id()).substring(String.valueOf(event.id()).indexOf('-') + 1));
	}

	/**
	 * Return the epoch of an event's id, {@code <epoch>-<sequence>}.
	 * @param event the event
	 * @return the epoch
	 */
	public static long epoch(ServerSentEvent<String> event) {
		String id = String.valueOf(event.id());
		return Long.parseLong(id.substring(0, id.indexOf('-')));
	}

	private boolean isEvent(ServerSentEvent<String> event) {
		if (event.data() != null || event.event() != null) {
			return true;
		}
		String comment = event.comment();
		if (comment != null) {
			this.comments.add(comment);
		}
		return false;
	}

	/**
	 * Return the comment lines received so far.
	 * @return the comments, in order
	 */
	public List<String> comments() {
		return List.copyOf(this.comments);
	}

	/**
	 * Return the events received so far.
	 * @return the events, in order
	 */
	public List<ServerSentEvent<String>> events() {
		return List.copyOf(this.events);
	}

	/**
	 * Return the data of the unnamed events (text messages) received so far.
	 * @return the texts, in order
	 */
	public List<String> texts() {
		return this.events.stream()
			.filter((event) -> event.event() == null)
			.map((event) -> String.valueOf(event.data()))
			.toList();
	}

	/**
	 * Return whether the stream has ended.
	 * @return whether the response completed or failed
	 */
	public boolean hasEnded() {
		return this.hasEnded.get();
	}

	/**
	 * Wait for the stream to end.
	 * @param timeout the longest wait
	 */
	public void awaitEnd(Duration timeout) {
		this.ended.asMono().block(timeout);
	}

	@Override
	public void close() {
		this.subscription.dispose();
	}

}
