package dev.wsclient.core;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@link WsClient} on Reactor Netty: the face of a client, which checks the user's
 * arguments and hands everything else to the parts that do the work: the
 * {@link Lifecycle} (its state), {@link ClientEvents} (who hears of what happens) and the
 * {@link Connection} of the moment. Package-private: applications get it from
 * {@link WsClient#create(WsClientOptions)}.
 */
final class ReactorNettyWsClient implements WsClient {

	private final WsClientOptions options;

	private final EventHub hub;

	private final ClientStatistics statistics = new ClientStatistics();

	private final ClientEvents events;

	private final Lifecycle lifecycle;

	ReactorNettyWsClient(WsClientOptions options) {
		this.options = Objects.requireNonNull(options, "options must not be null");
		this.hub = new EventHub(options.receiveBufferSize());
		this.events = new ClientEvents(this, this.hub, this.statistics, Instrumentations.of(options.instrumentations()),
				options.redaction());
		this.lifecycle = new Lifecycle(options, options.transports().transport(options), this.hub, this.events,
				Timers.of(options.scheduler()));
	}

	@Override
	public Mono<Void> connect(String url) {
		Objects.requireNonNull(url, "url must not be null");
		URI uri;
		try {
			uri = WsUrls.parse(url);
		}
		catch (WsConnectException ex) {
			// As in connect(URI): the state is checked before the URL is reported.
			return this.lifecycle.connect(URI.create("ws:invalid"), ex.status());
		}
		return connect(uri);
	}

	@Override
	public Mono<Void> connect(URI url) {
		Objects.requireNonNull(url, "url must not be null");
		return this.lifecycle.connect(url, WsUrls.validate(url, this.options.redaction()));
	}

	@Override
	public Mono<Void> send(String text) {
		Objects.requireNonNull(text, "text must not be null");
		return send(WsMessage.text(text));
	}

	@Override
	public Mono<Void> send(byte[] bytes) {
		return send(WsMessage.binary(bytes));
	}

	@Override
	public Mono<Void> send(ByteBuffer buffer) {
		return send(WsMessage.binary(buffer));
	}

	@Override
	public Mono<Void> send(byte[] payload, WsOpcode opcode) {
		Objects.requireNonNull(payload, "payload must not be null");
		Objects.requireNonNull(opcode, "opcode must not be null");
		if (opcode == WsOpcode.TEXT) {
			try {
				return send(WsMessage
					.text(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(payload)).toString()));
			}
			catch (CharacterCodingException ex) {
				throw new IllegalArgumentException(
						"payload is not valid UTF-8 and cannot be sent as TEXT; send it as BINARY", ex);
			}
		}
		return send(WsMessage.binary(payload));
	}

	@Override
	public Mono<Void> send(WsMessage message) {
		Objects.requireNonNull(message, "message must not be null");
		try {
			return sendNow(message);
		}
		catch (WsSendException ex) {
			// Reactive callers get the refusal as a signal, as any Mono failure.
			return Mono.error(ex);
		}
	}

	@Override
	public Mono<Void> sendNow(WsMessage message) {
		Objects.requireNonNull(message, "message must not be null");
		Connection connection = this.lifecycle.openConnection();
		if (connection == null) {
			throw new WsSendException(WsSendException.Reason.NOT_OPEN,
					"cannot send: the client is " + state() + "; connect first and wait for the connection");
		}
		return connection.send(message);
	}

	@Override
	public Mono<Void> close() {
		return close(1000, "");
	}

	@Override
	public Mono<Void> close(int code, String reason) {
		CloseCodes.validate(code, reason);
		return this.lifecycle.close(code, reason);
	}

	@Override
	public WsState state() {
		return this.lifecycle.state();
	}

	@Override
	public WsClientOptions options() {
		return this.options;
	}

	@Override
	public WsClientStats stats() {
		return this.statistics.snapshot(state(), this.options.redaction());
	}

	@Override
	public Flux<WsEvent> events() {
		return this.hub.events();
	}

	@Override
	public Flux<WsEvent> lifecycleEvents() {
		return this.hub.lifecycleEvents();
	}

	@Override
	public Flux<WsMessage> messages() {
		return this.hub.events().handle((event, sink) -> {
			if (event instanceof WsEvent.Received received) {
				sink.next(received.message());
			}
		});
	}

	@Override
	public WsClient onConnection(@Nullable ConnectionHandler handler) {
		this.events.onConnection(handler);
		return this;
	}

	@Override
	public WsClient onReceive(@Nullable ReceiveHandler handler) {
		this.events.onReceive(handler);
		return this;
	}

	@Override
	public WsClient onClose(@Nullable CloseHandler handler) {
		this.events.onClose(handler);
		return this;
	}

}
