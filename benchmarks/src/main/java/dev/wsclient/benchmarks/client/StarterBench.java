package dev.wsclient.benchmarks.client;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.wsclient.autoconfigure.WsClients;
import dev.wsclient.autoconfigure.event.WsClientMessageEvent;
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

/**
 * The wsclient starter: a Spring Boot application with one client configured under
 * {@code wsclient.clients.bench}, found through the {@link WsClients} registry. With
 * message events off, messages are taken by the client's receive handler; with them on,
 * by an application listener of {@link WsClientMessageEvent}s, the way an application
 * would. The context starts with the first connection, since the configured URL is that
 * connection's; later connections reuse the same client bean. The context lives as long
 * as the JVM.
 */
final class StarterBench implements BenchClient {

	private static final String NAME = "bench";

	private final boolean messageEvents;

	private volatile Receiver receiver = Receiver.IGNORE;

	private @Nullable WsClient client;

	StarterBench(boolean messageEvents) {
		this.messageEvents = messageEvents;
	}

	@Override
	public synchronized CompletableFuture<BenchConnection> connect(URI uri, Receiver receiver) {
		WsClient bench = client(uri);
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

	private WsClient client(URI uri) {
		WsClient existing = this.client;
		if (existing != null) {
			return existing;
		}
		ApplicationListener<WsClientMessageEvent> listener = (event) -> WsClientBench.receive(event.getMessage(),
				this.receiver);
		SpringApplicationBuilder application = new SpringApplicationBuilder(Application.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties("wsclient.clients." + NAME + ".url=" + uri, "wsclient.clients." + NAME + ".auto-connect=false",
					"wsclient.clients." + NAME + ".publish-message-events=" + this.messageEvents,
					// As in core: the server ends every blast, and nothing should follow.
					"wsclient.clients." + NAME + ".reconnect.enabled=false");
		if (this.messageEvents) {
			application.listeners(listener);
		}
		ConfigurableApplicationContext started = application.run();
		WsClient bench = started.getBean(WsClients.class).get(NAME);
		if (!this.messageEvents) {
			bench.onReceive((self, message) -> WsClientBench.receive(message, this.receiver));
		}
		this.client = bench;
		return bench;
	}

	/** The application: auto-configuration only. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

	}

}
