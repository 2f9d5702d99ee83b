package dev.wsclient.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.wsclient.test.server.raw.ScriptedServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.core.Disposable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clients, servers and subscriptions one test creates, released after it whatever
 * happened; every wait is bounded. Register it on an instance field: <pre class="code">
 * &#64;RegisterExtension
 * final TestResources resources = new TestResources();
 * </pre>
 */
final class TestResources implements AfterEachCallback {

	/**
	 * The tag of load and heap tests (a reconnect storm of 1000 clients, heap checks
	 * after {@code System.gc()}): they run in a Surefire execution of their own, in a
	 * fresh JVM, after the others.
	 */
	static final String HEAVY = "heavy";

	/** The bound of every wait for something that should happen promptly. */
	static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final List<WsClient> clients = new CopyOnWriteArrayList<>();

	private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();

	/**
	 * Create a client that is closed after the test.
	 * @param options the options
	 * @return the client
	 */
	WsClient client(WsClientOptions options) {
		WsClient client = WsClient.create(options);
		this.clients.add(client);
		return client;
	}

	/**
	 * Close a resource after the test, after the clients.
	 * @param resource the resource
	 * @param <T> its type
	 * @return the resource
	 */
	<T extends AutoCloseable> T track(T resource) {
		this.resources.add(resource);
		return resource;
	}

	/**
	 * Record every event of a client from now on, until the test ends.
	 * @param client the client
	 * @return the recorder
	 */
	EventRecorder record(WsClient client) {
		EventRecorder recorder = new EventRecorder();
		Disposable subscription = client.events().subscribe(recorder::add);
		this.resources.add(subscription::dispose);
		return recorder;
	}

	/**
	 * Return a {@code ws://127.0.0.1} URL on which nothing listens: a port that was free
	 * a moment ago.
	 * @return the URL
	 */
	static URI refusedUrl() {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			return URI.create("ws://127.0.0.1:" + socket.getLocalPort() + "/");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Wait for every script of a server to finish and fail on any script failure.
	 * @param server the server
	 */
	static void awaitScripts(ScriptedServer server) {
		try {
			assertThat(server.awaitScriptsFinished(TIMEOUT)).as("scripts finished in time").isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		server.assertNoScriptFailures();
	}

	static Duration millis(long millis) {
		return Duration.ofMillis(millis);
	}

	/**
	 * Close the clients, then the other resources, reporting the first failure.
	 * @param context the context of the test that ended
	 * @throws Exception the first failure, the others suppressed in it
	 */
	@Override
	public void afterEach(ExtensionContext context) throws Exception {
		Exception failure = null;
		for (WsClient client : this.clients) {
			try {
				client.close().block(TIMEOUT);
			}
			catch (RuntimeException ex) {
				failure = add(failure, ex);
			}
		}
		for (AutoCloseable resource : this.resources) {
			try {
				resource.close();
			}
			catch (Exception ex) {
				failure = add(failure, ex);
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	private static Exception add(@Nullable Exception first, Exception next) {
		if (first == null) {
			return next;
		}
		first.addSuppressed(next);
		return first;
	}

	/** The events of a client, in the order it published them. */
	static final class EventRecorder {

		private final List<WsEvent> events = new CopyOnWriteArrayList<>();

		private void add(WsEvent event) {
			this.events.add(event);
		}

		/**
		 * Return every event so far.
		 * @return a snapshot of the events
		 */
		List<WsEvent> all() {
			return List.copyOf(this.events);
		}

		/**
		 * Return the events of one type so far.
		 * @param type the event type
		 * @param <E> the event type
		 * @return a snapshot of those events
		 */
		<E extends WsEvent> List<E> of(Class<E> type) {
			return this.events.stream().filter(type::isInstance).map(type::cast).toList();
		}

		/**
		 * Return the close statuses so far.
		 * @return a snapshot of the statuses
		 */
		List<WsCloseStatus> closes() {
			return of(WsEvent.Closed.class).stream().map(WsEvent.Closed::status).toList();
		}

		/**
		 * Return the reconnection announcements so far.
		 * @return a snapshot of the announcements
		 */
		List<WsEvent.Reconnecting> reconnects() {
			return of(WsEvent.Reconnecting.class);
		}

		/**
		 * Return the simple names of the event types so far, for asserting on order.
		 * @return the names, e.g. {@code ["Connected", "Closed"]}
		 */
		List<String> types() {
			return this.events.stream().map((event) -> event.getClass().getSimpleName()).toList();
		}

	}

}
