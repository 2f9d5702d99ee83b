package dev.wsclient.test.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * The JDK's WebSocket client, to test the server without wsclient-core: what it receives
 * lands in a queue, text as it is, binary as "binary:&lt;size&gt;", a close as
 * "close:&lt;code&gt;".
 */
final class JdkClient implements AutoCloseable {

	static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

	private final WebSocket socket;

	private JdkClient(URI uri, WebSocket.Builder builder) {
		this.socket = builder.connectTimeout(TIMEOUT).buildAsync(uri, new WebSocket.Listener() {

			private final StringBuilder text = new StringBuilder();

			@Override
			public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
				this.text.append(data);
				if (last) {
					JdkClient.this.received.add(this.text.toString());
					this.text.setLength(0);
				}
				webSocket.request(1);
				return null;
			}

			@Override
			public @Nullable CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
				JdkClient.this.received.add("binary:" + data.remaining());
				webSocket.request(1);
				return null;
			}

			@Override
			public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
				JdkClient.this.received.add("close:" + statusCode);
				return null;
			}

		}).orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
	}

	static JdkClient connect(URI uri) {
		return new JdkClient(uri, HttpClient.newHttpClient().newWebSocketBuilder());
	}

	static JdkClient connect(URI uri, WebSocket.Builder builder) {
		return new JdkClient(uri, builder);
	}

	WebSocket socket() {
		return this.socket;
	}

	void send(String text) {
		this.socket.sendText(text, true).orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
	}

	String take() throws InterruptedException {
		String message = this.received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		if (message == null) {
			throw new AssertionError("nothing received within " + TIMEOUT);
		}
		return message;
	}

	@Override
	public void close() {
		this.socket.abort();
	}

}
