package dev.wsclient.benchmarks.client;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

import dev.wsclient.benchmarks.Payloads;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * Spring WebFlux's {@link ReactorNettyWebSocketClient}: a handler that reads
 * {@code session.receive()} and sends what a sink emits. Connections are not pooled, as
 * in wsclient, and frames may be as large as wsclient's default message limit.
 */
final class WebFluxBench implements BenchClient {

	private final ReactorNettyWebSocketClient client = new ReactorNettyWebSocketClient(HttpClient.newConnection(),
			() -> WebsocketClientSpec.builder().maxFramePayloadLength(1024 * 1024));

	@Override
	public CompletableFuture<BenchConnection> connect(URI uri, Receiver receiver) {
		CompletableFuture<BenchConnection> opened = new CompletableFuture<>();
		CompletableFuture<Void> closed = new CompletableFuture<>();
		Sinks.Many<WebSocketMessage> outbound = Sinks.many().unicast().onBackpressureBuffer();
		this.client.execute(uri, (session) -> {
			session.send(outbound.asFlux()).subscribe(null, (failure) -> {
				// Ends with the connection.
			});
			opened.complete(new Connection(session, outbound, closed));
			return session.receive().doOnNext((message) -> receive(message, receiver)).then();
		}).subscribe(null, (failure) -> {
			opened.completeExceptionally(failure);
			closed.completeExceptionally(failure);
		}, () -> closed.complete(null));
		return opened;
	}

	private static void receive(WebSocketMessage message, Receiver receiver) {
		if (message.getType() == WebSocketMessage.Type.TEXT) {
			String text = message.getPayloadAsText();
			receiver.message(text.length(), Payloads.checksum(text));
		}
		else if (message.getType() == WebSocketMessage.Type.BINARY) {
			DataBuffer payload = message.getPayload();
			long checksum = 0;
			try (DataBuffer.ByteBufferIterator buffers = payload.readableByteBuffers()) {
				while (buffers.hasNext()) {
					checksum += Payloads.checksum(buffers.next());
				}
			}
			receiver.message(payload.readableByteCount(), checksum);
		}
	}

	private record Connection(WebSocketSession session, Sinks.Many<WebSocketMessage> outbound,
			CompletableFuture<Void> closed) implements BenchConnection {

		@Override
		public void send(byte[] payload) {
			this.outbound.tryEmitNext(this.session.binaryMessage((factory) -> factory.wrap(payload)));
		}

		@Override
		public void close() {
			this.session.close().subscribe();
		}

	}

}
