package dev.wsclient.benchmarks.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.wsclient.benchmarks.Payloads;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * Jetty 12's WebSocket client: one started {@link WebSocketClient}, an auto-demanding
 * listener. Message limits are raised to wsclient's default and the idle timeout to an
 * hour, so that idle connections stay open.
 */
final class JettyBench implements BenchClient {

	private final WebSocketClient client = new WebSocketClient();

	JettyBench() {
		this.client.setMaxBinaryMessageSize(1024 * 1024);
		this.client.setMaxTextMessageSize(1024 * 1024);
		this.client.setIdleTimeout(Duration.ofHours(1));
		try {
			this.client.start();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Jetty's WebSocket client did not start", ex);
		}
	}

	@Override
	public CompletableFuture<BenchConnection> connect(URI uri, Receiver receiver) {
		CompletableFuture<Void> closed = new CompletableFuture<>();
		Listener listener = new Listener(receiver, closed);
		try {
			return this.client.connect(listener, uri).thenApply((session) -> new Connection(session, closed));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The listener; public, as Jetty calls it through method handles.
	 */
	public static final class Listener implements Session.Listener.AutoDemanding {

		private final Receiver receiver;

		private final CompletableFuture<Void> closed;

		Listener(Receiver receiver, CompletableFuture<Void> closed) {
			this.receiver = receiver;
			this.closed = closed;
		}

		@Override
		public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
			this.receiver.message(payload.remaining(), Payloads.checksum(payload));
			callback.succeed();
		}

		@Override
		public void onWebSocketText(String text) {
			this.receiver.message(text.length(), Payloads.checksum(text));
		}

		@Override
		public void onWebSocketClose(int statusCode, String reason, Callback callback) {
			callback.succeed();
			this.closed.complete(null);
		}

		@Override
		public void onWebSocketError(Throwable cause) {
			this.closed.completeExceptionally(cause);
		}

	}

	private record Connection(Session session, CompletableFuture<Void> closed) implements BenchConnection {

		@Override
		public void send(byte[] payload) {
			this.session.sendBinary(ByteBuffer.wrap(payload), Callback.NOOP);
		}

		@Override
		public void close() {
			this.session.close(1000, "", Callback.NOOP);
		}

	}

}
