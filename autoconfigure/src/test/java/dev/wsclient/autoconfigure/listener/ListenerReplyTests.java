package dev.wsclient.autoconfigure.listener;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

import dev.wsclient.autoconfigure.event.WsClientConnectedEvent;
import dev.wsclient.core.WsMessage;
import dev.wsclient.test.MockWsServerExtension;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import static dev.wsclient.autoconfigure.ReceivedMessages.texts;
import static dev.wsclient.autoconfigure.ReceivedMessages.binaries;
import static dev.wsclient.autoconfigure.listener.ListenerConversionTests.next;
import static dev.wsclient.autoconfigure.listener.ListenerTestSupport.TIMEOUT;
import static dev.wsclient.autoconfigure.listener.ListenerTestSupport.awaitOpen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What listener methods return is sent back on the same client, over a real socket:
 * values at once, {@code Mono} and {@code Flux} as they emit, with the next invocation
 * held back while {@code concurrency} replies are in flight.
 */
class ListenerReplyTests {

	@RegisterExtension
	final MockWsServerExtension mock = new MockWsServerExtension();

	@Test
	void valuesAreSentBackAsJsonTextOrBinary() {
		ListenerTestSupport.runner(this.mock.server()).withBean(EchoListener.class).run((context) -> {
			awaitOpen(context, "prices");
			this.mock.server().push("{\"op\":\"order\",\"id\":\"o-1\"}");
			this.mock.server().push("{\"op\":\"ping\"}");
			this.mock.server().push("{\"op\":\"bytes\"}");
			this.mock.server().push("{\"op\":\"nothing\"}");
			this.mock.server().push("{\"op\":\"ping\"}");
			await().atMost(TIMEOUT).until(() -> texts(this.mock.server()).size() == 3);
			assertThat(texts(this.mock.server())).containsExactly("{\"id\":\"o-1\",\"accepted\":true}", "pong", "pong");
			assertThat(binaries(this.mock.server())).containsExactly(new byte[] { 4, 2 });
		});
	}

	@Test
	void aMonoIsSentWhenItEmitsAFluxElementByElementAndAFutureWhenItCompletes() {
		ListenerTestSupport.runner(this.mock.server()).withBean(ReactiveListener.class).run((context) -> {
			awaitOpen(context, "prices");
			this.mock.server().push("{\"op\":\"mono\",\"id\":\"a\"}");
			this.mock.server().push("{\"op\":\"flux\",\"id\":\"b\"}");
			this.mock.server().push("{\"op\":\"empty\",\"id\":\"c\"}");
			this.mock.server().push("{\"op\":\"future\",\"id\":\"d\"}");
			// Another listener's messages do not wait for the Mono's reply.
			await().atMost(TIMEOUT).until(() -> texts(this.mock.server()).size() == 4);
			assertThat(texts(this.mock.server())).containsExactly("{\"id\":\"b-1\",\"accepted\":true}",
					"{\"id\":\"b-2\",\"accepted\":true}", "{\"id\":\"b-3\",\"accepted\":true}",
					"{\"id\":\"d\",\"accepted\":true}");
			emit(context.getBean(ReactiveListener.class).reply, new Ack("a", true));
			await().atMost(TIMEOUT).until(() -> texts(this.mock.server()).size() == 5);
			assertThat(texts(this.mock.server()).get(4)).isEqualTo("{\"id\":\"a\",\"accepted\":true}");
		});
	}

	@Test
	void theNextMessageWaitsUntilTheReplyIsWritten() throws InterruptedException {
		ListenerTestSupport.runner(this.mock.server()).withBean(SlowReplyListener.class).run((context) -> {
			awaitOpen(context, "prices");
			SlowReplyListener listener = context.getBean(SlowReplyListener.class);
			this.mock.server().push("{\"id\":\"1\"}");
			this.mock.server().push("{\"id\":\"2\"}");
			Sinks.One<Ack> first = next(listener.pending);
			// One reply in flight with concurrency 1: the second message waits.
			await().during(Duration.ofMillis(300)).atMost(TIMEOUT).until(() -> listener.invoked.size() == 1);
			emit(first, new Ack("1", true));
			Sinks.One<Ack> second = next(listener.pending);
			assertThat(listener.invoked).containsExactly("1", "2");
			emit(second, new Ack("2", true));
			await().atMost(TIMEOUT).until(() -> texts(this.mock.server()).size() == 2);
			assertThat(texts(this.mock.server())).containsExactly("{\"id\":\"1\",\"accepted\":true}",
					"{\"id\":\"2\",\"accepted\":true}");
		});
	}

	@Test
	void concurrencyAllowsThatManyRepliesInFlightAndNoMore() throws InterruptedException {
		ListenerTestSupport.runner(this.mock.server()).withBean(ConcurrentReplyListener.class).run((context) -> {
			awaitOpen(context, "prices");
			ConcurrentReplyListener listener = context.getBean(ConcurrentReplyListener.class);
			for (int i = 1; i <= 4; i++) {
				this.mock.server().push("{\"id\":\"" + i + "\"}");
			}
			Sinks.One<Ack> first = next(listener.pending);
			Sinks.One<Ack> second = next(listener.pending);
			// Two replies in flight: the third message waits.
			await().during(Duration.ofMillis(300)).atMost(TIMEOUT).until(() -> listener.invoked.size() == 2);
			emit(second, new Ack("2", true));
			Sinks.One<Ack> third = next(listener.pending);
			await().during(Duration.ofMillis(300)).atMost(TIMEOUT).until(() -> listener.invoked.size() == 3);
			emit(first, new Ack("1", true));
			emit(third, new Ack("3", true));
			emit(next(listener.pending), new Ack("4", true));
			assertThat(listener.invoked).containsExactly("1", "2", "3", "4");
			await().atMost(TIMEOUT).until(() -> texts(this.mock.server()).size() == 4);
			// Written as they complete.
			assertThat(texts(this.mock.server())).containsExactly("{\"id\":\"2\",\"accepted\":true}",
					"{\"id\":\"1\",\"accepted\":true}", "{\"id\":\"3\",\"accepted\":true}",
					"{\"id\":\"4\",\"accepted\":true}");
		});
	}

	@Test
	void aConnectedListenerSubscribesOnEveryConnection() {
		ListenerTestSupport.runner(this.mock.server()).withBean(SubscribingListener.class).run((context) -> {
			awaitOpen(context, "prices");
			await().atMost(TIMEOUT).until(() -> texts(this.mock.server()).size() == 1);
			assertThat(texts(this.mock.server())).containsExactly("{\"op\":\"subscribe\",\"channel\":\"BTC-USD\"}");
			this.mock.server().stop();
			this.mock.server().restart();
			await().atMost(TIMEOUT).until(() -> texts(this.mock.server()).size() == 2);
			assertThat(context.getBean(SubscribingListener.class).urls).hasSize(2)
				.allSatisfy((url) -> assertThat(url).startsWith("ws://127.0.0.1:"));
		});
	}

	/**
	 * Complete a reply once the listener's dispatch has subscribed to it, so that replies
	 * are written in the order the test completes them.
	 */
	private static void emit(Sinks.One<Ack> reply, Ack ack) {
		await().atMost(TIMEOUT).until(() -> reply.currentSubscriberCount() == 1);
		reply.tryEmitValue(ack);
	}

	record Request(String op, String id) {
	}

	record Ack(String id, boolean accepted) {
	}

	record Subscribe(String op, String channel) {
	}

	static class EchoListener {

		@WsClientListener(value = "prices", condition = "op == 'order'")
		Ack order(Request request) {
			return new Ack(request.id(), true);
		}

		@WsClientListener(value = "prices", condition = "op == 'ping'")
		String ping() {
			return "pong";
		}

		@WsClientListener(value = "prices", condition = "op == 'bytes'")
		byte[] bytes() {
			return new byte[] { 4, 2 };
		}

		@WsClientListener(value = "prices", condition = "op == 'nothing'")
		@Nullable Object nothing() {
			return null;
		}

	}

	static class ReactiveListener {

		final Sinks.One<Ack> reply = Sinks.one();

		@WsClientListener(value = "prices", condition = "op == 'mono'")
		Mono<Ack> mono(Request request) {
			return this.reply.asMono();
		}

		@WsClientListener(value = "prices", condition = "op == 'flux'")
		Flux<Ack> flux(Request request) {
			return Flux.range(1, 3).map((i) -> new Ack(request.id() + "-" + i, true));
		}

		@WsClientListener(value = "prices", condition = "op == 'future'")
		CompletableFuture<Ack> future(Request request) {
			return CompletableFuture.completedFuture(new Ack(request.id(), true));
		}

		@WsClientListener(value = "prices", condition = "op == 'empty'")
		Mono<WsMessage> empty(Request request) {
			return Mono.empty();
		}

	}

	static class SlowReplyListener {

		final List<String> invoked = new CopyOnWriteArrayList<>();

		final BlockingQueue<Sinks.One<Ack>> pending = new LinkedBlockingQueue<>();

		@WsClientListener("prices")
		Mono<Ack> on(Map<String, String> request) {
			this.invoked.add(request.get("id"));
			Sinks.One<Ack> reply = Sinks.one();
			this.pending.add(reply);
			return reply.asMono();
		}

	}

	static class ConcurrentReplyListener {

		final List<String> invoked = new CopyOnWriteArrayList<>();

		final BlockingQueue<Sinks.One<Ack>> pending = new LinkedBlockingQueue<>();

		@WsClientListener(value = "prices", concurrency = 2)
		Mono<Ack> on(Map<String, String> request) {
			this.invoked.add(request.get("id"));
			Sinks.One<Ack> reply = Sinks.one();
			this.pending.add(reply);
			return reply.asMono();
		}

	}

	static class SubscribingListener {

		final List<String> urls = new CopyOnWriteArrayList<>();

		@WsClientConnected("prices")
		Subscribe subscribe(WsClientConnectedEvent event) {
			this.urls.add(event.getUrl());
			return new Subscribe("subscribe", "BTC-USD");
		}

	}

}
