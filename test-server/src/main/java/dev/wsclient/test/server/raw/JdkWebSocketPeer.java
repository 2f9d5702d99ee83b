package dev.wsclient.test.server.raw;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * A JDK {@code java.net.http} WebSocket client that records what it receives, event by
 * event ({@link #next(Class)}), to check a test server independently of the client under
 * development. Every wait is bounded by {@link #TIMEOUT}.
 *
 * @since 0.1.0
 */
public final class JdkWebSocketPeer implements AutoCloseable {

	public static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

	private final List<Event> history = new CopyOnWriteArrayList<>();

	private @Nullable WebSocket webSocket;

	private JdkWebSocketPeer() {
	}

	public static JdkWebSocketPeer connect(URI uri) throws Exception {
		return connect(HttpClient.newHttpClient(), uri, (builder) -> {
		});
	}

	public static JdkWebSocketPeer connect(HttpClient client, URI uri, Consumer<WebSocket.Builder> customizer)
			throws Exception {
		JdkWebSocketPeer peer = new JdkWebSocketPeer();
		WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(TIMEOUT);
		customizer.accept(builder);
		peer.webSocket = builder.buildAsync(uri, peer.new Recorder()).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		return peer;
	}

	/**
	 * Try to connect and return why it failed.
	 */
	public static Throwable connectFailure(HttpClient client, URI uri) throws InterruptedException, TimeoutException {
		JdkWebSocketPeer peer = new JdkWebSocketPeer();
		try {
			WebSocket webSocket = client.newWebSocketBuilder()
				.connectTimeout(TIMEOUT)
				.buildAsync(uri, peer.new Recorder())
				.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			webSocket.abort();
			throw new AssertionError("connecting to " + uri + " succeeded");
		}
		catch (ExecutionException ex) {
			return (ex.getCause() != null) ? ex.getCause() : ex;
		}
	}

	public WebSocket webSocket() {
		WebSocket webSocket = this.webSocket;
		if (webSocket == null) {
			throw new IllegalStateException("not connected");
		}
		return webSocket;
	}

	public void sendText(String text) throws Exception {
		webSocket().sendText(text, true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
	}

	public void sendText(String text, boolean last) throws Exception {
		webSocket().sendText(text, last).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
	}

	public void sendBinary(byte[] bytes) throws Exception {
		webSocket().sendBinary(ByteBuffer.wrap(bytes), true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
	}

	public void sendPing(String payload) throws Exception {
		webSocket().sendPing(ByteBuffer.wrap(payload.getBytes(StandardCharsets.UTF_8)))
			.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
	}

	public void sendClose(int code, String reason) throws Exception {
		webSocket().sendClose(code, reason).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Return the next event, waiting at most {@link #TIMEOUT}.
	 */
	public Event next() throws InterruptedException {
		Event event = this.events.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		if (event == null) {
			throw new AssertionError("no WebSocket event within " + TIMEOUT + "; seen so far: " + this.history);
		}
		return event;
	}

	/**
	 * Return the next event of the given type, skipping others, waiting at most
	 * {@link #TIMEOUT} in total.
	 */
	public <T extends Event> T next(Class<T> type) throws InterruptedException {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (true) {
			long remaining = deadline - System.nanoTime();
			Event event = (remaining > 0) ? this.events.poll(remaining, TimeUnit.NANOSECONDS) : null;
			if (event == null) {
				throw new AssertionError(
						"no " + type.getSimpleName() + " within " + TIMEOUT + "; seen so far: " + this.history);
			}
			if (type.isInstance(event)) {
				return type.cast(event);
			}
		}
	}

	public List<Event> history() {
		return List.copyOf(this.history);
	}

	@Override
	public void close() {
		WebSocket webSocket = this.webSocket;
		if (webSocket != null) {
			webSocket.abort();
		}
	}

	private void record(Event event) {
		this.history.add(event);
		this.events.add(event);
	}

	public sealed interface Event permits Text, Binary, Ping, Pong, Close, Failure {

	}

	public record Text(String text, int parts) implements Event {

	}

	public static final class Binary implements Event {

		private final byte[] bytes;

		private final int parts;

		Binary(byte[] bytes, int parts) {
			this.bytes = bytes.clone();
			this.parts = parts;
		}

		public byte[] bytes() {
			return this.bytes.clone();
		}

		public int parts() {
			return this.parts;
		}

		@Override
		public String toString() {
			return "Binary[" + this.bytes.length + " bytes, parts=" + this.parts + "]";
		}

	}

	public record Ping(String payload) implements Event {

	}

	public record Pong(String payload) implements Event {

	}

	public record Close(int code, String reason) implements Event {

	}

	public record Failure(Throwable error) implements Event {

	}

	private final class Recorder implements WebSocket.Listener {

		private final StringBuilder text = new StringBuilder();

		private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

		private int parts;

		@Override
		public void onOpen(WebSocket webSocket) {
			webSocket.request(1);
		}

		@Override
		public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.text.append(data);
			this.parts++;
			if (last) {
				record(new Text(this.text.toString(), this.parts));
				this.text.setLength(0);
				this.parts = 0;
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public @Nullable CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
			byte[] bytes = new byte[data.remaining()];
			data.get(bytes);
			this.binary.writeBytes(bytes);
			this.parts++;
			if (last) {
				record(new Binary(this.binary.toByteArray(), this.parts));
				this.binary.reset();
				this.parts = 0;
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public @Nullable CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
			record(new Ping(StandardCharsets.UTF_8.decode(message.duplicate()).toString()));
			webSocket.request(1);
			return null;
		}

		@Override
		public @Nullable CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
			record(new Pong(StandardCharsets.UTF_8.decode(message).toString()));
			webSocket.request(1);
			return null;
		}

		@Override
		public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			record(new Close(statusCode, reason));
			return CompletableFuture.completedFuture(null);
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			record(new Failure(error));
		}

	}

}
