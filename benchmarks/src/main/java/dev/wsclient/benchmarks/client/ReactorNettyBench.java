package dev.wsclient.benchmarks.client;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

import dev.wsclient.benchmarks.Payloads;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * Raw Reactor Netty, {@code HttpClient.websocket()} with {@code receiveFrames()}: the
 * floor wsclient is built on. Connections are not pooled, as in wsclient.
 */
final class ReactorNettyBench implements BenchClient {

	private final HttpClient client = HttpClient.newConnection();

	private final WebsocketClientSpec spec = WebsocketClientSpec.builder().maxFramePayloadLength(1024 * 1024).build();

	@Override
	public CompletableFuture<BenchConnection> connect(URI uri, Receiver receiver) {
		CompletableFuture<BenchConnection> opened = new CompletableFuture<>();
		CompletableFuture<Void> closed = new CompletableFuture<>();
		this.client.websocket(this.spec).uri(uri).handle((in, out) -> {
			opened.complete(new Connection(out, closed));
			return in.receiveFrames().doOnNext((frame) -> {
				if (frame instanceof TextWebSocketFrame text) {
					String decoded = text.text();
					receiver.message(decoded.length(), Payloads.checksum(decoded));
				}
				else if (frame instanceof BinaryWebSocketFrame) {
					receiver.message(frame.content().readableBytes(), Payloads.checksum(frame.content()));
				}
			}).then();
		}).subscribe(null, (failure) -> {
			opened.completeExceptionally(failure);
			closed.completeExceptionally(failure);
		}, () -> {
			opened.completeExceptionally(new IllegalStateException("closed before the handshake"));
			closed.complete(null);
		});
		return opened;
	}

	@Override
	public Publisher<Touched> stream(URI uri) {
		return this.client.websocket(this.spec)
			.uri(uri)
			.handle((in, out) -> in.receiveFrames().<Touched>handle((frame, sink) -> {
				Touched touched = touch(frame);
				if (touched != null) {
					sink.next(touched);
				}
			}));
	}

	private static @Nullable Touched touch(WebSocketFrame frame) {
		if (frame instanceof TextWebSocketFrame text) {
			String decoded = text.text();
			return new Touched(decoded.length(), Payloads.checksum(decoded));
		}
		if (frame instanceof BinaryWebSocketFrame) {
			return new Touched(frame.content().readableBytes(), Payloads.checksum(frame.content()));
		}
		return null;
	}

	private record Connection(WebsocketOutbound out, CompletableFuture<Void> closed) implements BenchConnection {

		@Override
		public void send(byte[] payload) {
			this.out.sendObject(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(payload))).then().subscribe();
		}

		@Override
		public void close() {
			this.out.sendClose(1000, "").subscribe();
		}

	}

}
