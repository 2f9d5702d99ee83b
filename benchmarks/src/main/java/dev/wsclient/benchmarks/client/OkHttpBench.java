package dev.wsclient.benchmarks.client;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.wsclient.benchmarks.Payloads;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * OkHttp 5: one shared {@link OkHttpClient}; each WebSocket reads on a thread of its own.
 * The dispatcher's limits (64 calls, 5 per host) are lifted, since an open WebSocket
 * holds its call and the idle runs open thousands to one host.
 */
final class OkHttpBench implements BenchClient {

	private final OkHttpClient client;

	OkHttpBench() {
		Dispatcher dispatcher = new Dispatcher();
		dispatcher.setMaxRequests(Integer.MAX_VALUE);
		dispatcher.setMaxRequestsPerHost(Integer.MAX_VALUE);
		this.client = new OkHttpClient.Builder().dispatcher(dispatcher).readTimeout(0, TimeUnit.MILLISECONDS).build();
	}

	@Override
	public CompletableFuture<BenchConnection> connect(URI uri, Receiver receiver) {
		CompletableFuture<BenchConnection> opened = new CompletableFuture<>();
		CompletableFuture<Void> closed = new CompletableFuture<>();
		this.client.newWebSocket(new Request.Builder().url(uri.toString()).build(), new WebSocketListener() {

			@Override
			public void onOpen(WebSocket webSocket, Response response) {
				opened.complete(new Connection(webSocket, closed));
			}

			@Override
			public void onMessage(WebSocket webSocket, ByteString bytes) {
				receiver.message(bytes.size(), Payloads.checksum(bytes.asByteBuffer()));
			}

			@Override
			public void onMessage(WebSocket webSocket, String text) {
				receiver.message(text.length(), Payloads.checksum(text));
			}

			@Override
			public void onClosing(WebSocket webSocket, int code, String reason) {
				webSocket.close(code, null);
			}

			@Override
			public void onClosed(WebSocket webSocket, int code, String reason) {
				closed.complete(null);
			}

			@Override
			public void onFailure(WebSocket webSocket, Throwable failure, @Nullable Response response) {
				opened.completeExceptionally(failure);
				closed.completeExceptionally(failure);
			}

		});
		return opened;
	}

	private record Connection(WebSocket webSocket, CompletableFuture<Void> closed) implements BenchConnection {

		@Override
		public void send(byte[] payload) {
			this.webSocket.send(ByteString.of(payload));
		}

		@Override
		public void close() {
			this.webSocket.close(1000, null);
		}

	}

}
