package dev.wsclient.bridge.support;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

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

	private SseSubscriber(WebClient webClient, String client) {
		this.subscription = webClient.get()
			.uri("/streams/{client}", client)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.retrieve()
			.bodyToFlux(EVENT)
			.filter(this::isEvent)
			.doFinally((signal) -> {
				this.hasEnded.set(true);
				this.ended.tryEmitEmpty();
			})
			.subscribe(this.events::add, (ex) -> {
			});
	}

	/**
	 * Subscribe to a client's stream.
	 * @param port the bridge's port
	 * @param client the client name
	 * @return the subscriber
	 */
	public static SseSubscriber subscribe(int port, String client) {
		return new SseSubscriber(WebClient.create("http://127.0.0.1:" + port), client);
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
