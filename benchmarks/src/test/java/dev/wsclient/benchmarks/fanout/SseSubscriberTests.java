package dev.wsclient.benchmarks.fanout;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SseSubscriberTests {

	private final FeedMessages messages = new FeedMessages();

	@Test
	void eventsSplitAnywhereAreCountedWithTheirGapsAndLatencies() {
		SseSubscriber.Latencies latencies = new SseSubscriber.Latencies();
		latencies.recordFrom(2);
		SseSubscriber subscriber = new SseSubscriber(this.messages, latencies);
		EmbeddedChannel channel = new EmbeddedChannel(subscriber);
		channel.writeInbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
		StringBuilder stream = new StringBuilder(":stream of client feed\n\n");
		for (long sequence : new long[] { 1, 2, 5 }) {
			stream.append("id:").append(sequence).append("\ndata:").append(text(sequence)).append("\n\n");
		}
		byte[] bytes = stream.toString().getBytes(StandardCharsets.US_ASCII);
		// Chunks of 7 bytes split every line, the prefixes that carry the numbers
		// included.
		for (int from = 0; from < bytes.length; from += 7) {
			ByteBuf chunk = Unpooled.wrappedBuffer(bytes, from, Math.min(7, bytes.length - from));
			channel.writeInbound(new DefaultHttpContent(chunk));
		}
		assertThat(subscriber.status()).isEqualTo(200);
		assertThat(subscriber.received()).isEqualTo(3);
		assertThat(subscriber.lastSequence()).isEqualTo(5);
		assertThat(subscriber.missed()).isEqualTo(2);
		assertThat(subscriber.disordered()).isZero();
		assertThat(subscriber.ended()).isFalse();
		assertThat(latencies.histogram().getTotalCount()).isEqualTo(2);
	}

	@Test
	void aSequenceNumberThatDoesNotGrowIsCountedAsDisorder() {
		SseSubscriber subscriber = new SseSubscriber(this.messages, new SseSubscriber.Latencies());
		EmbeddedChannel channel = new EmbeddedChannel(subscriber);
		channel.writeInbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
		String stream = "data:" + text(3) + "\n\ndata:" + text(3) + "\n\ndata:" + text(2) + "\n\n";
		channel.writeInbound(new DefaultHttpContent(Unpooled.copiedBuffer(stream, StandardCharsets.US_ASCII)));
		assertThat(subscriber.received()).isOne();
		assertThat(subscriber.disordered()).isEqualTo(2);
	}

	@Test
	void anErrorEventEndsTheStream() {
		SseSubscriber subscriber = new SseSubscriber(this.messages, new SseSubscriber.Latencies());
		EmbeddedChannel channel = new EmbeddedChannel(subscriber);
		channel.writeInbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
		channel.writeInbound(new DefaultHttpContent(Unpooled
			.copiedBuffer("event:error\ndata:{\"error\":\"slow-subscriber\"}\n\n", StandardCharsets.US_ASCII)));
		assertThat(subscriber.ended()).isTrue();
	}

	private String text(long sequence) {
		ByteBuf encoded = this.messages.encode(ByteBufAllocator.DEFAULT, sequence, this.messages.now());
		try {
			assertThat(encoded.readableBytes()).isEqualTo(FeedMessages.SIZE);
			return encoded.toString(StandardCharsets.US_ASCII);
		}
		finally {
			encoded.release();
		}
	}

}
