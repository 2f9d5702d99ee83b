package dev.wsclient.autoconfigure.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.wsclient.autoconfigure.WsClientEffectiveSettings;
import dev.wsclient.autoconfigure.WsClientRedaction;
import dev.wsclient.autoconfigure.WsClients;
import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsClientOptions;
import dev.wsclient.core.WsClientStats;
import dev.wsclient.core.WsCloseStatus;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code wsclients} endpoint: the state of every configured client
 * ({@code GET /actuator/wsclients}), of one client ({@code GET
 * /actuator/wsclients/{name}}) and, as a write operation, connecting, closing or
 * reconnecting one client ({@code POST /actuator/wsclients/{name}} with {@code {"action":
 * "reconnect"}}).
 *
 * <p>
 * The JSON field names are a public contract. Every field is always present, with
 * {@code null} when it has no value yet. URLs are shown with their secrets redacted.
 */
@Endpoint(id = "wsclients")
public class WsClientsEndpoint {

	/** Time given to an operation beyond the client's own timeout. */
	private static final Duration GRACE = Duration.ofSeconds(1);

	private final WsClients clients;

	private final WsClientRedaction redaction;

	private final @Nullable WsClientEffectiveSettings settings;

	/**
	 * Create the endpoint, showing URLs with the default redaction and no settings.
	 * @param clients the clients
	 */
	public WsClientsEndpoint(WsClients clients) {
		this(clients, WsClientRedaction.defaults(), null);
	}

	/**
	 * Create the endpoint.
	 * @param clients the clients
	 * @param redaction what to hide of the URLs
	 * @param settings the effective settings of the clients, or {@code null} to show none
	 * @since 0.2.0
	 */
	public WsClientsEndpoint(WsClients clients, WsClientRedaction redaction,
			@Nullable WsClientEffectiveSettings settings) {
		this.clients = clients;
		this.redaction = redaction;
		this.settings = settings;
	}

	/**
	 * Describe every client.
	 * @return the clients by name
	 */
	@ReadOperation
	public ClientsDescriptor clients() {
		Map<String, ClientDescriptor> descriptors = new LinkedHashMap<>();
		this.clients.names().forEach((name) -> descriptors.put(name, describe(name)));
		return new ClientsDescriptor(descriptors);
	}

	/**
	 * Describe one client, with its effective settings.
	 * @param name the client name
	 * @return the client, or {@code null} (404) when there is no such client
	 */
	@ReadOperation
	public @Nullable ClientDetailsDescriptor client(@Selector String name) {
		if (!this.clients.contains(name)) {
			return null;
		}
		ClientDescriptor client = describe(name);
		Map<String, Object> effective = (this.settings != null) ? this.settings.describe(name) : null;
		return new ClientDetailsDescriptor(client.state(), client.url(), client.connectedSince(), client.lastClose(),
				client.pingRttMillis(), client.messagesReceived(), client.messagesSent(), client.reconnectAttempts(),
				(effective != null) ? effective : Map.of());
	}

	/**
	 * Connect, close or reconnect one client, waiting at most the client's connect or
	 * close timeout for the outcome.
	 * @param name the client name
	 * @param action what to do: {@code connect}, {@code close} or {@code reconnect}
	 * @return the client afterwards, or a 400 response whose body names the valid clients
	 * or actions
	 */
	@WriteOperation
	public WebEndpointResponse<Object> perform(@Selector String name, String action) {
		if (!this.clients.contains(name)) {
			return badRequest("No WebSocket client named '" + name + "'", "clients", this.clients.names());
		}
		Action known = Action.of(action);
		if (known == null) {
			return badRequest("Unknown action '" + action + "'", "actions", Action.names());
		}
		WsClientOptions options = this.clients.get(name).options();
		Duration connectLimit = options.connectTimeout().plus(GRACE);
		Duration closeLimit = options.closeTimeout().plus(GRACE);
		Mono<Void> outcome = switch (known) {
			case CONNECT -> this.clients.connect(name).timeout(connectLimit);
			case CLOSE -> this.clients.close(name).timeout(closeLimit);
			case RECONNECT -> this.clients.reconnect(name).timeout(connectLimit.plus(closeLimit));
		};
		// A failed or slow outcome is not an error of the operation: the description
		// returned shows the state and the last close status.
		outcome.onErrorResume((ex) -> Mono.empty()).block();
		return new WebEndpointResponse<>(describe(name));
	}

	private static WebEndpointResponse<Object> badRequest(String error, String validKind, Collection<String> valid) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", error);
		body.put(validKind, List.copyOf(valid));
		return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_BAD_REQUEST);
	}

	private ClientDescriptor describe(String name) {
		WsClient client = this.clients.get(name);
		WsClientStats stats = client.stats();
		String current = stats.url();
		String url = (current != null) ? this.redaction.url(current) : this.redaction.url(this.clients.url(name));
		Instant connectedSince = stats.connectedSince();
		WsCloseStatus lastClose = stats.lastClose();
		Duration pingRoundTrip = stats.pingRoundTrip();
		return new ClientDescriptor(stats.state().name(), url,
				(connectedSince != null) ? connectedSince.toString() : null,
				(lastClose != null) ? new CloseDescriptor(lastClose.code(), lastClose.rfcCode(), lastClose.reason())
						: null,
				(pingRoundTrip != null) ? pingRoundTrip.toNanos() / 1_000_000.0 : null, stats.messagesReceived(),
				stats.messagesSent(), stats.reconnectAttempts());
	}

	/** What the write operation does. */
	public enum Action {

		/** Connect to the configured URL, unless connecting or connected. */
		CONNECT,

		/** Close normally (1000) and stop reconnecting. */
		CLOSE,

		/** Close normally, then connect again. */
		RECONNECT;

		/**
		 * Return the action with the given name, ignoring case.
		 * @param name the name, such as {@code connect}
		 * @return the action, or {@code null} when there is none of that name
		 */
		public static @Nullable Action of(String name) {
			for (Action action : values()) {
				if (action.name().equalsIgnoreCase(name.strip())) {
					return action;
				}
			}
			return null;
		}

		/**
		 * Return the names of every action, as the operation takes them.
		 * @return the names, in lower case
		 */
		public static List<String> names() {
			return Arrays.stream(values()).map((action) -> action.name().toLowerCase(Locale.ROOT)).toList();
		}

	}

	/**
	 * Every configured client.
	 *
	 * @param clients the clients by name
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	public record ClientsDescriptor(Map<String, ClientDescriptor> clients) implements OperationResponseBody {

	}

	/**
	 * One client.
	 *
	 * @param state {@code CLOSED}, {@code CONNECTING}, {@code OPEN}, {@code CLOSING} or
	 * {@code RECONNECTING}
	 * @param url the URL with secrets redacted
	 * @param connectedSince when the current connection opened (ISO-8601), or
	 * {@code null} when not open
	 * @param lastClose how the last connection attempt ended, or {@code null} before any
	 * ended
	 * @param pingRttMillis round-trip time of the last answered ping in milliseconds, or
	 * {@code null}
	 * @param messagesReceived messages received
	 * @param messagesSent messages sent
	 * @param reconnectAttempts reconnection attempts scheduled
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	public record ClientDescriptor(String state, String url, @Nullable String connectedSince,
			@Nullable CloseDescriptor lastClose, @Nullable Double pingRttMillis, long messagesReceived,
			long messagesSent, long reconnectAttempts) implements OperationResponseBody {

	}

	/**
	 * One client with its effective settings: the fields of {@link ClientDescriptor} and
	 * {@code settings}.
	 *
	 * @param state {@code CLOSED}, {@code CONNECTING}, {@code OPEN}, {@code CLOSING} or
	 * {@code RECONNECTING}
	 * @param url the URL with secrets redacted
	 * @param connectedSince when the current connection opened (ISO-8601), or
	 * {@code null} when not open
	 * @param lastClose how the last connection attempt ended, or {@code null} before any
	 * ended
	 * @param pingRttMillis round-trip time of the last answered ping in milliseconds, or
	 * {@code null}
	 * @param messagesReceived messages received
	 * @param messagesSent messages sent
	 * @param reconnectAttempts reconnection attempts scheduled
	 * @param settings the effective settings, {@code wsclient.defaults} merged with the
	 * client's own, keyed as configured, secrets hidden
	 * @since 0.2.0
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	public record ClientDetailsDescriptor(String state, String url, @Nullable String connectedSince,
			@Nullable CloseDescriptor lastClose, @Nullable Double pingRttMillis, long messagesReceived,
			long messagesSent, long reconnectAttempts,
			@JsonInclude(value = JsonInclude.Include.ALWAYS,
					content = JsonInclude.Include.ALWAYS) Map<String, Object> settings)
			implements
				OperationResponseBody {

	}

	/**
	 * A close status.
	 *
	 * @param code the seed-style status: 0 for a normal close, negative for a failure
	 * @param rfcCode the RFC 6455 close code, or {@code null} when no close frame was
	 * exchanged
	 * @param reason the close reason or a description of the failure
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	public record CloseDescriptor(int code, @Nullable Integer rfcCode, String reason) {

	}

}
