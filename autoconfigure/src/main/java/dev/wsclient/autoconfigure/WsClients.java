package dev.wsclient.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

import dev.wsclient.autoconfigure.WsMessageConverter.PayloadReader;
import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsEvent;
import dev.wsclient.core.WsMessage;
import dev.wsclient.core.WsSendException;
import dev.wsclient.core.WsState;
import dev.wsclient.core.WsRedaction;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.ResolvableType;

/**
 * The clients configured under {@code wsclient.clients}, by name: the main way in. Each
 * is also a bean named after its key, for {@code @Qualifier("prices") WsClient}.
 *
 * <pre class="code">
 * clients.messages("prices", PriceTick.class).subscribe(this::onPrice);
 * clients.send("orders", new Order("BTC-USD", 1));
 * clients.messages("prices").map(WsMessage::text).subscribe(this::onRawPrice);
 * </pre>
 *
 * Typed streams and sends convert payloads with the {@link WsMessageConverter}: JSON with
 * the application's Jackson mapper.
 */
public final class WsClients {

	private static final Log logger = LogFactory.getLog(WsClients.class);

	/** Time given to a close beyond the client's own close timeout. */
	private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);

	private final Map<String, Registration> registrations;

	private final WsMessageConverter converter;

	WsClients(Map<String, Registration> registrations, WsMessageConverter converter) {
		this.registrations = Collections.unmodifiableMap(new LinkedHashMap<>(registrations));
		this.converter = converter;
	}

	/**
	 * Return the names of the configured clients, in configuration order.
	 * @return the names
	 */
	public Set<String> names() {
		return this.registrations.keySet();
	}

	/**
	 * Return whether a client with the given name is configured.
	 * @param name the client name
	 * @return whether it exists
	 */
	public boolean contains(String name) {
		return this.registrations.containsKey(name);
	}

	/**
	 * Return a client.
	 * @param name the client name, its key in {@code wsclient.clients}
	 * @return the client
	 * @throws NoSuchWsClientException when there is no such client
	 */
	public WsClient get(String name) {
		return registration(name).client();
	}

	/**
	 * Return the messages a client receives from now on, with the client's backpressure:
	 * a subscriber that stops requesting pauses the reading of the socket.
	 * @param name the client name
	 * @return the messages
	 * @throws NoSuchWsClientException when there is no such client
	 */
	public Flux<WsMessage> messages(String name) {
		return get(name).messages();
	}

	/**
	 * Return the messages a client receives from now on, converted to the given type,
	 * with the backpressure of {@link #messages(String)}. A payload that does not convert
	 * is skipped, counted in {@link #unconvertedMessages(String)} and logged at DEBUG.
	 * Messages that hold no value of the type without being malformed (the JSON literal
	 * {@code null}, or another subtype of a polymorphic type) are left out.
	 * @param <T> the type
	 * @param name the client name
	 * @param type the type, for example a record read from JSON
	 * @return the values
	 * @throws NoSuchWsClientException when there is no such client
	 * @throws IllegalArgumentException when the converter cannot read the type at all
	 */
	public <T> Flux<T> messages(String name, Class<T> type) {
		return messages(name, type, OnConversionFailure.SKIP);
	}

	/**
	 * Return the messages a client receives from now on, converted to the given type; see
	 * {@link #messages(String, Class)}.
	 * @param <T> the type
	 * @param name the client name
	 * @param type the type
	 * @param onFailure what to do with a payload that does not convert
	 * @return the values
	 * @throws NoSuchWsClientException when there is no such client
	 * @throws IllegalArgumentException when the converter cannot read the type at all
	 */
	public <T> Flux<T> messages(String name, Class<T> type, OnConversionFailure onFailure) {
		return typedMessages(name, ResolvableType.forClass(type), onFailure);
	}

	/**
	 * Return the messages a client receives from now on, converted to a generic type such
	 * as {@code List<PriceTick>}; see {@link #messages(String, Class)}.
	 * @param <T> the type
	 * @param name the client name
	 * @param type the type
	 * @return the values
	 * @throws NoSuchWsClientException when there is no such client
	 * @throws IllegalArgumentException when the converter cannot read the type at all
	 */
	public <T> Flux<T> messages(String name, ParameterizedTypeReference<T> type) {
		return messages(name, type, OnConversionFailure.SKIP);
	}

	/**
	 * Return the messages a client receives from now on, converted to a generic type; see
	 * {@link #messages(String, Class)}.
	 * @param <T> the type
	 * @param name the client name
	 * @param type the type
	 * @param onFailure what to do with a payload that does not convert
	 * @return the values
	 * @throws NoSuchWsClientException when there is no such client
	 * @throws IllegalArgumentException when the converter cannot read the type at all
	 */
	public <T> Flux<T> messages(String name, ParameterizedTypeReference<T> type, OnConversionFailure onFailure) {
		return typedMessages(name, ResolvableType.forType(type), onFailure);
	}

	/**
	 * Send a value on a client, converted as the {@link WsMessageConverter} writes it: a
	 * {@code String} as a text message, bytes as a binary one, any other value as JSON
	 * text.
	 * @param name the client name
	 * @param payload the value
	 * @return a {@code Mono} that completes once the message is written, and fails with
	 * {@link WsSendException} when the client cannot send it (not open, too large, send
	 * buffer full), as {@link WsClient#send(WsMessage)} does; sending goes ahead whether
	 * it is subscribed or not
	 * @throws NoSuchWsClientException when there is no such client
	 * @throws WsMessageConversionException when the value cannot be encoded
	 */
	public Mono<Void> send(String name, Object payload) {
		WsClient client = get(name);
		return client.send(this.converter.write(payload));
	}

	/**
	 * Return how many messages the typed streams of a client skipped because their
	 * payload did not convert.
	 * @param name the client name
	 * @return the count since start-up
	 * @throws NoSuchWsClientException when there is no such client
	 */
	public long unconvertedMessages(String name) {
		return registration(name).unconverted().sum();
	}

	/**
	 * Return the converter of typed streams and sends.
	 * @return the converter
	 */
	public WsMessageConverter converter() {
		return this.converter;
	}

	/**
	 * Return the events of a client from now on.
	 * @param name the client name
	 * @return the events
	 * @throws NoSuchWsClientException when there is no such client
	 */
	public Flux<WsEvent> events(String name) {
		return get(name).events();
	}

	/**
	 * Return the URL a client connects to.
	 * @param name the client name
	 * @return the URL, which may hold secrets: show it only through the
	 * {@link WsClientRedaction} bean
	 * @throws NoSuchWsClientException when there is no such client
	 */
	public URI url(String name) {
		return registration(name).url();
	}

	/**
	 * Return whether the application needs a client ({@code required}).
	 * @param name the client name
	 * @return whether the client is required
	 * @throws NoSuchWsClientException when there is no such client
	 */
	public boolean isRequired(String name) {
		return registration(name).required();
	}

	/**
	 * Connect a client to its configured URL, unless it is already connecting or
	 * connected.
	 * @param name the client name
	 * @return completes when the connection is open (at once when it already was); fails
	 * when the attempt failed and no other follows; connecting goes ahead whether it is
	 * subscribed or not
	 * @throws NoSuchWsClientException when there is no such client
	 */
	public Mono<Void> connect(String name) {
		Registration registration = registration(name);
		WsClient client = registration.client();
		if (client.state() != WsState.CLOSED) {
			return Mono.empty();
		}
		try {
			return client.connect(registration.url());
		}
		catch (IllegalStateException ex) {
			// Another caller connected it in the meantime.
			return Mono.empty();
		}
	}

	/**
	 * Close a client normally (status 1000) and stop its reconnection.
	 * @param name the client name
	 * @return completes when the connection is closed; closing goes ahead whether it is
	 * subscribed or not
	 * @throws NoSuchWsClientException when there is no such client
	 */
	public Mono<Void> close(String name) {
		return get(name).close();
	}

	/**
	 * Close a client normally, then connect it again to its configured URL.
	 * @param name the client name
	 * @return completes when the new connection is open
	 * @throws NoSuchWsClientException when there is no such client
	 */
	public Mono<Void> reconnect(String name) {
		return close(name).then(Mono.defer(() -> connect(name)));
	}

	/**
	 * Close every client at once with the given status, each waiting at most its close
	 * timeout (and a little more).
	 * @param code the close code
	 * @param reason the close reason
	 * @return completes when every client is closed or has run out of time
	 */
	Mono<Void> closeAll(int code, String reason) {
		return Flux.fromIterable(this.registrations.values())
			.flatMap((registration) -> closeWithin(registration, code, reason))
			.then();
	}

	private <T> Flux<T> typedMessages(String name, ResolvableType type, OnConversionFailure onFailure) {
		Registration registration = registration(name);
		PayloadReader reader = this.converter.reader(type);
		LongAdder skipped = registration.unconverted();
		return registration.client().messages().handle((message, sink) -> {
			Object value;
			try {
				value = reader.read(message);
			}
			catch (WsMessageConversionException ex) {
				if (onFailure == OnConversionFailure.ERROR) {
					sink.error(ex);
					return;
				}
				skipped.increment();
				if (logger.isDebugEnabled()) {
					logger.debug("WebSocket client '" + name + "': skipped a message: " + ex.getMessage());
				}
				return;
			}
			if (value != null) {
				@SuppressWarnings("unchecked")
				T typed = (T) value;
				sink.next(typed);
			}
		});
	}

	boolean isAutoConnect(String name) {
		return registration(name).autoConnect();
	}

	private Mono<Void> closeWithin(Registration registration, int code, String reason) {
		WsClient client = registration.client();
		Duration limit = client.options().closeTimeout().plus(CLOSE_GRACE);
		return Mono.defer(() -> client.close(code, reason)).timeout(limit).onErrorResume((ex) -> {
			logger.warn("WebSocket client '" + registration.name() + "' did not close within " + limit.toMillis()
					+ " ms: " + ex);
			return Mono.empty();
		});
	}

	private Registration registration(String name) {
		Registration registration = this.registrations.get(name);
		if (registration == null) {
			throw new NoSuchWsClientException(name, names());
		}
		return registration;
	}

	/**
	 * What a typed stream does with a payload that does not convert.
	 */
	public enum OnConversionFailure {

		/** Skip it, count it and log it at DEBUG; the stream goes on. */
		SKIP,

		/**
		 * End the stream with the {@link WsMessageConversionException}; the client is not
		 * affected.
		 */
		ERROR

	}

	/**
	 * A configured client.
	 *
	 * @param name the client name
	 * @param client the client bean
	 * @param url the URL to connect to
	 * @param required whether the application needs the client
	 * @param autoConnect whether to connect at start-up
	 * @param unconverted the messages that typed streams skipped because they did not
	 * convert
	 */
	record Registration(String name, WsClient client, URI url, boolean required, boolean autoConnect,
			LongAdder unconverted) {

		Registration(String name, WsClient client, URI url, boolean required, boolean autoConnect) {
			this(name, client, url, required, autoConnect, new LongAdder());
		}

		@Override
		public String toString() {
			// Without the configured redaction here, the whole query is hidden.
			return "Registration[" + this.name + ", " + WsRedaction.defaults().withWholeQuery(true).redact(this.url)
					+ "]";
		}

	}

}
