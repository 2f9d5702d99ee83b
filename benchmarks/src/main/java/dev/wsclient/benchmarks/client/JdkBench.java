package dev.wsclient.benchmarks.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.wsclient.benchmarks.Payloads;
import org.jspecify.annotations.Nullable;

/**
 * The JDK's {@link java.net.http.WebSocket}: one shared {@link HttpClient}, a listener
 * that asks for everything up front and touches message parts where they lie.
 */
final class JdkBench implements BenchClient {

	private final HttpClient client = HttpClient.newHttpClient();

	@Override
	public CompletableFuture<BenchConnection> connect(URI uri, Receiver receiver) {
		Listener listener = new Listener(receiver);
		return this.client.newWebSocketBuilder()
			.buildAsync(uri, listener)
			.thenApply((webSocket) -> new Connection(webSocket, listener.closed));
	}

	private static final class Listener implements WebSocket.Listener {

		private final Receiver receiver;

		private final CompletableFuture<Void> closed = new CompletableFuture<>();

		private int size;

		private long checksum;

		Listener(Receiver receiver) {
			this.receiver = receiver;
		}

		@Override
		public void onOpen(WebSocket webSocket) {
			webSocket.request(Long.MAX_VALUE);
		}

		@Override
		public @Nullable CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
			part(data.remaining(), Payloads.checksum(data), last);
			return null;
		}

		@Override
		public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			part(data.length(), Payloads.checksum(data), last);
			return null;
		}

		@Override
		public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			// Once this returns, the JDK answers the close frame itself.
			this.closed.complete(null);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			this.closed.completeExceptionally(error);
		}

		private void part(int partSize, long partChecksum, boolean last) {
			this.size += partSize;
			this.checksum += partChecksum;
			if (last) {
				this.receiver.message(this.size, this.checksum);
				this.size = 0;
				this.checksum = 0;
			}
		}

	}

	private static final class Connection implements BenchConnection {

		private final WebSocket webSocket;

		private final CompletableFuture<Void> closed;

		// The JDK refuses a send while the previous one is pending: chain them.
		private CompletableFuture<WebSocket> lastSend;

		Connection(WebSocket webSocket, CompletableFuture<Void> closed) {
			this.webSocket = webSocket;
			this.closed = closed;
			this.lastSend = CompletableFuture.completedFuture(webSocket);
		}

		@Override
		public synchronized void send(byte[] payload) {
			this.lastSend = this.lastSend.thenCompose((ws) -> ws.sendBinary(ByteBuffer.wrap(payload), true));
		}

		@Override
		public void close() {
			this.webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "");
		}

		@Override
		public CompletableFuture<Void> closed() {
			return this.closed;
		}

	}

}
