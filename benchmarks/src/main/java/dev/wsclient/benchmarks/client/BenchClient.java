package dev.wsclient.benchmarks.client;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;

/**
 * A WebSocket client under test, used the way its own documentation shows. An adapter
 * touches every payload (see {@link dev.wsclient.benchmarks.Payloads}) before handing the
 * message on.
 */
public interface BenchClient {

	/**
	 * Get ready before anything is measured: a client that lives in an application starts
	 * the application here, so that no warm-up blast counts its start-up.
	 * @param server the load server's base URL, {@code ws://127.0.0.1:port}
	 */
	default void prepare(String server) {
	}

	/**
	 * Open a connection.
	 * @param uri the URL
	 * @param receiver where every message goes
	 * @return completes when the connection is open
	 */
	CompletableFuture<BenchConnection> connect(URI uri, Receiver receiver);

	/**
	 * Open a connection whose messages arrive through the client's backpressured stream,
	 * for clients that have one.
	 * @param uri the URL
	 * @return a stream that connects when subscribed and completes when the connection
	 * closes; {@code null} when the client has no backpressured stream
	 */
	default @Nullable Publisher<Touched> stream(URI uri) {
		return null;
	}

}
