package dev.wsclient.bridge.stream;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import dev.wsclient.core.WsMessage;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ring of a client's latest messages, and the memory its encodings hold.
 */
class MessageRingTests {

	private final DownstreamMemory memory = new DownstreamMemory(1024 * 1024);

	@Test
	void keepsTheLatestMessagesUpToACountNumberedFromOne() {
		MessageRing ring = new MessageRing(3, 1024, this.memory);
		assertThat(ring.first()).isOne();
		assertThat(ring.next()).isOne();
		for (int i = 1; i <= 5; i++) {
			assertThat(ring.append(WsMessage.text("m" + i)).sequence()).isEqualTo(i);
		}
		assertThat(ring.first()).isEqualTo(3);
		assertThat(ring.next()).isEqualTo(6);
		assertThat(ring.get(2)).isNull();
		assertThat(ring.get(3)).isNotNull().extracting(StreamEntry::sequence).isEqualTo(3L);
		assertThat(ring.get(5)).isNotNull();
		assertThat(ring.get(6)).isNull();
	}

	@Test
	void keepsTheLatestMessagesUpToTheirBytesButAlwaysTheNewest() {
		MessageRing ring = new MessageRing(100, 10, this.memory);
		ring.append(WsMessage.binary(new byte[4]));
		ring.append(WsMessage.binary(new byte[4]));
		assertThat(ring.first()).isOne();
		ring.append(WsMessage.binary(new byte[4]));
		assertThat(ring.first()).isEqualTo(2);
		ring.append(WsMessage.binary(new byte[50]));
		assertThat(ring.first()).isEqualTo(4);
		assertThat(ring.get(4)).isNotNull();
	}

	@Test
	void theFirstMessageWithinAnAgeIsTheOldestThatRecentOrTheNextWhenNoneIs() {
		AtomicLong now = new AtomicLong(1_000);
		MessageRing ring = new MessageRing(10, 1024, this.memory, 5, now::get);
		assertThat(ring.firstWithin(100)).isOne();
		ring.append(WsMessage.text("a"));
		now.addAndGet(50);
		ring.append(WsMessage.text("b"));
		now.addAndGet(50);
		StreamEntry c = ring.append(WsMessage.text("c"));
		assertThat(ring.firstWithin(100)).isOne();
		now.addAndGet(1);
		assertThat(ring.firstWithin(100)).isEqualTo(2);
		assertThat(ring.firstWithin(50)).isEqualTo(3);
		now.addAndGet(1_000);
		assertThat(ring.firstWithin(100)).isEqualTo(4).isEqualTo(ring.next());
		assertThat(ring.epoch()).isEqualTo(5);
		assertThat(ring.size()).isEqualTo(3);
		assertThat(ring.bytes()).isEqualTo(3);
		ByteBuf encoded = Objects.requireNonNull(c.retainedEncoding(Transport.SSE));
		try {
			assertThat(encoded.toString(StandardCharsets.UTF_8)).isEqualTo("id:5-3\ndata:c\n\n");
		}
		finally {
			encoded.release();
		}
	}

	@Test
	void evictingTheOldestKeepsTheNewest() {
		MessageRing ring = new MessageRing(10, 1024, this.memory);
		ring.append(WsMessage.text("a"));
		ring.append(WsMessage.text("b"));
		assertThat(ring.evictOldest()).isTrue();
		assertThat(ring.evictOldest()).isFalse();
		assertThat(ring.first()).isEqualTo(2);
	}

	@Test
	void anEncodingIsMadeOnceSharedAndCountedUntilTheLastWriterReleasesIt() {
		MessageRing ring = new MessageRing(1, 1024, this.memory);
		StreamEntry entry = ring.append(WsMessage.text("hello"));
		ByteBuf first = encoding(entry, Transport.WEBSOCKET);
		ByteBuf second = encoding(entry, Transport.WEBSOCKET);
		assertThat(root(first)).isSameAs(root(second));
		assertThat(this.memory.used()).isEqualTo(2 + 5);

		ring.append(WsMessage.text("next"));
		assertThat(entry.retainedEncoding(Transport.WEBSOCKET)).isNull();
		// Still written by two connections: still counted.
		this.memory.reclaim(true);
		assertThat(this.memory.used()).isEqualTo(7);
		first.release();
		second.release();
		this.memory.reclaim(true);
		assertThat(this.memory.used()).isZero();
	}

	@Test
	void clearingReleasesEverything() {
		MessageRing ring = new MessageRing(10, 1024, this.memory);
		for (int i = 0; i < 5; i++) {
			encoding(ring.append(WsMessage.text("m" + i)), Transport.SSE).release();
		}
		assertThat(this.memory.used()).isPositive();
		ring.clear();
		assertThat(this.memory.used()).isZero();
		assertThat(ring.first()).isEqualTo(ring.next());
	}

	// Leak detection may wrap a sampled buffer, and each duplicate of it, once more.
	private static ByteBuf root(ByteBuf buffer) {
		ByteBuf root = buffer;
		for (ByteBuf inner = root.unwrap(); inner != null; inner = root.unwrap()) {
			root = inner;
		}
		return root;
	}

	private static ByteBuf encoding(StreamEntry entry, Transport transport) {
		ByteBuf encoding = entry.retainedEncoding(transport);
		assertThat(encoding).isNotNull();
		return Objects.requireNonNull(encoding);
	}

}
