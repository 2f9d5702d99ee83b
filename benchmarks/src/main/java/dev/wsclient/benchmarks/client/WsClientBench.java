package dev.wsclient.benchmarks.client;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

import dev.wsclient.benchmarks.Payloads;
import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsEvent;
import dev.wsclient.core.WsMessage;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * wsclient core with default options, one {@link WsClient} per connection, messages taken
 * either by the {@code onReceive} handler or from the {@code messages()} stream.
 */
final class WsClientBench implements BenchClient {

	private final boolean stream;

	/**
	 * Create the adapter.
	 * @param stream whether messages are taken from {@code messages()} rather than the
	 * receive handler
	 */
	WsClientBench(boolean stream) {
		this.stream = stream;
	}

	@Override
	public CompletableFuture<BenchConnection> connect(URI uri, Receiver receiver) {
		WsClient client = WsClient.create();
		CompletableFuture<Void> closed = new CompletableFuture<>();
		Disposable subscription;
		if (this.stream) {
			subscription = client.messages().subscribe((message) -> receive(message, receiver));
		}
		else {
			subscription = () -> {
			};
			client.onReceive((self, message) -> receive(message, receiver));
		}
		client.onClose((self, status) -> {
			subscription.dispose();
			closed.complete(null);
		});
		return client.connect(uri).toFuture().thenApply((opened) -> new Connection(client, closed));
	}

	@Override
	public Publisher<Touched> stream(URI uri) {
		return Flux.defer(() -> {
			WsClient client = WsClient.create();
			return client.events()
				.doOnSubscribe((subscription) -> client.connect(uri))
				.<Touched>handle((event, sink) -> {
					if (event instanceof WsEvent.Received received) {
						WsMessage message = received.message();
						sink.next(new Touched(message.size(), checksum(message)));
					}
					else if (event instanceof WsEvent.Closed) {
						sink.complete();
					}
				})
				.doFinally((signal) -> client.close());
		});
	}

	static void receive(WsMessage message, Receiver receiver) {
		receiver.message(message.size(), checksum(message));
	}

	private static long checksum(WsMessage message) {
		return message.isText() ? Payloads.checksum(message.text()) : Payloads.checksum(message.payload());
	}

	/** A connection of one client. */
	record Connection(WsClient client, CompletableFuture<Void> closed) implements BenchConnection {

		@Override
		public void send(byte[] payload) {
			// Fail fast: a refused message must not vanish in an unsubscribed Mono.
			this.client.sendNow(payload);
		}

		@Override
		public void close() {
			this.client.close();
		}

	}

}
