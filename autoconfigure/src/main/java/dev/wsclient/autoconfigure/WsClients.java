package dev.wsclient.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsEvent;
import dev.wsclient.core.WsMessage;
import dev.wsclient.core.WsState;
import dev.wsclient.core.WsUrls;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The clients configured under {@code wsclient.clients}, by name: the main way in. Each
 * is also a bean named after its key, for {@code @Qualifier("prices") WsClient}.
 *
 * <pre class="code">
 * clients.messages("prices").map(WsMessage::text).subscribe(this::onPrice);
 * clients.get("orders").send("{\"op\":\"ping\"}");
 * </pre>
 */
public final class WsClients {

	private static final Log logger = LogFactory.getLog(WsClients.class);

	/** Time given to a close beyond the client's own close timeout. */
	private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);

	private final Map<String, Registration> registrations;

	private final ConnectInterceptor connectInterceptor;

	WsClients(Map<String, Registration> registrations, ConnectInterceptor connectInterceptor) {
		this.registrations = Collections.unmodifiableMap(new LinkedHashMap<>(registrations));
		this.connectInterceptor = connectInterceptor;
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
	 * @return the URL, which may hold secrets: show it only through
	 * {@link WsUrls#redact(URI)}
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
			return this.connectInterceptor.connect(name, registration.url(), () -> client.connect(registration.url()));
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
	 * A configured client.
	 *
	 * @param name the client name
	 * @param client the client bean
	 * @param url the URL to connect to
	 * @param required whether the application needs the client
	 * @param autoConnect whether to connect at start-up
	 */
	record Registration(String name, WsClient client, URI url, boolean required, boolean autoConnect) {

		@Override
		public String toString() {
			return "Registration[" + this.name + ", " + WsUrls.redact(this.url) + "]";
		}

	}

}
