package dev.wsclient.benchmarks.client;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.wsclient.autoconfigure.WsClients;
import dev.wsclient.autoconfigure.event.WsClientMessageEvent;
import dev.wsclient.autoconfigure.listener.WsClientListener;
import dev.wsclient.benchmarks.Tick;
import dev.wsclient.core.WsClient;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Mono;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * The wsclient starter: a Spring Boot application with one client configured under
 * {@code wsclient.clients.bench}, found through the {@link WsClients} registry, its
 * messages taken as the {@link Mode} says. The context starts in {@link #prepare}, before
 * any warm-up, configured with the load server's {@code /idle} URL and not connected;
 * every connection is then made by the same client bean, to the URL of its blast. The
 * context lives as long as the JVM.
 */
final class StarterBench implements BenchClient {

	private static final String NAME = "bench";

	private final Mode mode;

	private volatile Receiver receiver = Receiver.IGNORE;

	private @Nullable WsClient client;

	StarterBench(Mode mode) {
		this.mode = mode;
	}

	@Override
	public synchronized void prepare(String server) {
		if (this.client == null) {
			this.client = start(URI.create(server + "/idle"));
		}
	}

	@Override
	public synchronized CompletableFuture<BenchConnection> connect(URI uri, Receiver receiver) {
		WsClient bench = this.client;
		if (bench == null) {
			throw new IllegalStateException("not prepared: the application has not started");
		}
		this.receiver = receiver;
		CompletableFuture<Void> closed = new CompletableFuture<>();
		bench.onClose((self, status) -> closed.complete(null));
		return connectWhenReusable(bench, uri).toFuture()
			.thenApply((opened) -> new WsClientBench.Connection(bench, closed));
	}

	/**
	 * Connect the client again. Its close handler runs a moment before the client accepts
	 * a new {@code connect}, which until then throws; a bounded retry bridges the gap
	 * (see RESULTS.md).
	 */
	private static Mono<Void> connectWhenReusable(WsClient client, URI uri) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (true) {
			try {
				return client.connect(uri);
			}
			catch (IllegalStateException ex) {
				if (System.nanoTime() > deadline) {
					throw ex;
				}
				Thread.onSpinWait();
			}
		}
	}

	private WsClient start(URI uri) {
		boolean messageEvents = this.mode == Mode.EVENTS_ON;
		SpringApplicationBuilder application = new SpringApplicationBuilder(Application.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties("wsclient.clients." + NAME + ".url=" + uri, "wsclient.clients." + NAME + ".auto-connect=false",
					"wsclient.clients." + NAME + ".publish-message-events=" + messageEvents,
					// As in core: the server ends every blast, and nothing should follow.
					"wsclient.clients." + NAME + ".reconnect.enabled=false");
		if (messageEvents) {
			application.listeners((ApplicationListener<WsClientMessageEvent>) (event) -> WsClientBench
				.receive(event.getMessage(), this.receiver));
		}
		if (this.mode == Mode.LISTENER) {
			application.sources(ListenedTicks.class);
		}
		ConfigurableApplicationContext started = application.run();
		WsClient bench = started.getBean(WsClients.class).get(NAME);
		switch (this.mode) {
			case EVENTS_OFF -> bench.onReceive((self, message) -> WsClientBench.receive(message, this.receiver));
			case LISTENER -> started.getBean(ListenedTicks.class).bench = this;
			case JSON_BY_HAND -> {
				// The parse the converter makes, with the same mapper, by hand.
				ObjectReader reader = started.getBean(JsonMapper.class).readerFor(Tick.class);
				Ticks ticks = new Ticks();
				ticks.bench = this;
				bench.onReceive((self, message) -> ticks.on(reader.readValue(message.text())));
			}
			default -> {
			}
		}
		return bench;
	}

	/** How the application takes the messages. */
	enum Mode {

		/** Message events off, the client's receive handler. */
		EVENTS_OFF,

		/**
		 * Message events on, an application listener of {@link WsClientMessageEvent}s.
		 */
		EVENTS_ON,

		/** JSON ticks read by a {@link WsClientInstrumentation} method. */
		LISTENER,

		/**
		 * JSON ticks read in the client's receive handler by hand, then handed to the
		 * same method as {@link #LISTENER}'s.
		 */
		JSON_BY_HAND

	}

	/** The application: auto-configuration only. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

	}

	/** Takes ticks and hands them to the current connection's receiver. */
	static class Ticks {

		volatile @Nullable StarterBench bench;

		void on(Tick tick) {
			StarterBench current = this.bench;
			if (current != null) {
				// The size is the one every tick has: the checksum proves it was read
				// whole.
				current.receiver.message(Tick.SAMPLE_JSON.length, tick.checksum());
			}
		}

	}

	/** {@link Ticks} as a listener method of the client. */
	static class ListenedTicks extends Ticks {

		@Override
		@WsClientListener(NAME)
		void on(Tick tick) {
			super.on(tick);
		}

	}

}
