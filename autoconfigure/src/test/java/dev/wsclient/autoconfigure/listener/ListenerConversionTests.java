package dev.wsclient.autoconfigure.listener;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsMessage;
import dev.wsclient.core.WsOpcode;
import dev.wsclient.test.MockWsServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.wsclient.autoconfigure.listener.ListenerTestSupport.TIMEOUT;
import static dev.wsclient.autoconfigure.listener.ListenerTestSupport.awaitOpen;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Listener methods receive payloads converted with the application's JSON mapper, over a
 * real socket: records, nested and generic types, raw types, metadata, and the mapper's
 * customizations.
 */
class ListenerConversionTests {

	@RegisterExtension
	final MockWsServerExtension mock = new MockWsServerExtension();

	@Test
	void aRecordIsReadFromJson() throws InterruptedException {
		ListenerTestSupport.runner(this.mock.server()).withBean(TickListener.class).run((context) -> {
			awaitOpen(context, "prices");
			this.mock.server().push("{\"symbol\":\"EURUSD\",\"bid\":1.0841,\"ask\":1.0843,\"seq\":7}");
			assertThat(next(context.getBean(TickListener.class).ticks))
				.isEqualTo(new PriceTick("EURUSD", 1.0841, 1.0843, 7));
		});
	}

	@Test
	void nestedAndGenericTypesAreReadFromJson() throws InterruptedException {
		ListenerTestSupport.runner(this.mock.server()).withBean(BookListener.class).run((context) -> {
			awaitOpen(context, "prices");
			this.mock.server()
				.push("{\"venue\":{\"name\":\"LSE\",\"open\":true},\"levels\":[{\"price\":1.5,\"size\":10},"
						+ "{\"price\":1.6,\"size\":20}]}");
			this.mock.server()
				.push("[{\"symbol\":\"A\",\"bid\":1,\"ask\":2,\"seq\":1},"
						+ "{\"symbol\":\"B\",\"bid\":3,\"ask\":4,\"seq\":2}]");
			BookListener listener = context.getBean(BookListener.class);
			assertThat(next(listener.books))
				.isEqualTo(new Book(new Venue("LSE", true), List.of(new Level(1.5, 10), new Level(1.6, 20))));
			assertThat(next(listener.batches)).containsExactly(new PriceTick("A", 1, 2, 1),
					new PriceTick("B", 3, 4, 2));
		});
	}

	@Test
	void rawPayloadsAndMetadataAreResolvedByType() throws InterruptedException {
		ListenerTestSupport.runner(this.mock.server()).withBean(RawListener.class).run((context) -> {
			WsClient prices = awaitOpen(context, "prices").get("prices");
			Instant before = Instant.now();
			this.mock.server().push("héllo");
			this.mock.server().push(new byte[] { 1, 2, 3 });
			RawListener listener = context.getBean(RawListener.class);
			byte[] utf8 = "héllo".getBytes(StandardCharsets.UTF_8);
			assertThat(next(listener.texts)).isEqualTo("héllo");
			assertThat(next(listener.bytes)).isEqualTo(utf8);
			assertThat(next(listener.buffers)).isEqualTo(ByteBuffer.wrap(utf8));
			assertThat(next(listener.messages)).isEqualTo(WsMessage.text("héllo"));
			assertThat(next(listener.clients)).isSameAs(prices);
			WsMessageMetadata metadata = next(listener.metadata);
			assertThat(metadata.clientName()).isEqualTo("prices");
			assertThat(metadata.opcode()).isEqualTo(WsOpcode.TEXT);
			assertThat(metadata.size()).isEqualTo(utf8.length);
			assertThat(metadata.receivedAt()).isNotNull().isAfterOrEqualTo(before.minusSeconds(1));
			assertThat(metadata.receivedNanos()).isNotZero();
			// The binary message reached only the listener without a condition on text.
			assertThat(next(listener.binary)).isEqualTo(new byte[] { 1, 2, 3 });
			assertThat(listener.texts).isEmpty();
		});
	}

	@Test
	void theApplicationsMapperCustomizationsApply() throws InterruptedException {
		ListenerTestSupport.runner(this.mock.server())
			.withPropertyValues("spring.jackson.property-naming-strategy=SNAKE_CASE")
			.withBean(QuoteListener.class)
			.run((context) -> {
				awaitOpen(context, "prices");
				this.mock.server().push("{\"last_price\":12.5,\"trade_count\":3}");
				assertThat(next(context.getBean(QuoteListener.class).quotes)).isEqualTo(new Quote(12.5, 3));
			});
	}

	static <T> T next(BlockingQueue<T> queue) throws InterruptedException {
		T value = queue.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(value).as("delivered within %s", TIMEOUT).isNotNull();
		return value;
	}

	record PriceTick(String symbol, double bid, double ask, long seq) {
	}

	record Venue(String name, boolean open) {
	}

	record Level(double price, long size) {
	}

	record Book(Venue venue, List<Level> levels) {
	}

	record Quote(double lastPrice, int tradeCount) {
	}

	static class TickListener {

		final BlockingQueue<PriceTick> ticks = new LinkedBlockingQueue<>();

		@WsClientListener("prices")
		void on(PriceTick tick) {
			this.ticks.add(tick);
		}

	}

	static class BookListener {

		final BlockingQueue<Book> books = new LinkedBlockingQueue<>();

		final BlockingQueue<List<PriceTick>> batches = new LinkedBlockingQueue<>();

		@WsClientListener(value = "prices", condition = "venue != null")
		void on(Book book) {
			this.books.add(book);
		}

		@WsClientListener(value = "prices", condition = "#message.text().startsWith('[')")
		void on(List<PriceTick> batch) {
			this.batches.add(batch);
		}

	}

	static class RawListener {

		final BlockingQueue<String> texts = new LinkedBlockingQueue<>();

		final BlockingQueue<byte[]> bytes = new LinkedBlockingQueue<>();

		final BlockingQueue<ByteBuffer> buffers = new LinkedBlockingQueue<>();

		final BlockingQueue<WsMessage> messages = new LinkedBlockingQueue<>();

		final BlockingQueue<WsClient> clients = new LinkedBlockingQueue<>();

		final BlockingQueue<WsMessageMetadata> metadata = new LinkedBlockingQueue<>();

		final BlockingQueue<byte[]> binary = new LinkedBlockingQueue<>();

		@WsClientListener(value = "prices", condition = "#message.isText()")
		void text(String text) {
			this.texts.add(text);
		}

		@WsClientListener(value = "prices", condition = "#message.isText()")
		void bytes(byte[] bytes) {
			this.bytes.add(bytes);
		}

		@WsClientListener(value = "prices", condition = "#message.isText()")
		void buffer(ByteBuffer buffer) {
			this.buffers.add(buffer);
		}

		@WsClientListener(value = "prices", condition = "#message.isText()")
		void message(WsMessage message, WsClient client, WsMessageMetadata metadata) {
			this.messages.add(message);
			this.clients.add(client);
			this.metadata.add(metadata);
		}

		@WsClientListener(value = "prices", condition = "!#message.isText()")
		void binary(byte[] bytes) {
			this.binary.add(bytes);
		}

	}

	static class QuoteListener {

		final BlockingQueue<Quote> quotes = new LinkedBlockingQueue<>();

		@WsClientListener("prices")
		void on(Quote quote) {
			this.quotes.add(quote);
		}

	}

}
