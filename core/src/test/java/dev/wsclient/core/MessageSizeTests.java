package dev.wsclient.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import dev.wsclient.test.server.raw.Frame;
import dev.wsclient.test.server.raw.ScriptedConnection;
import org.junit.jupiter.api.Test;

import static dev.wsclient.core.ScriptedExchange.TIMEOUT;
import static dev.wsclient.core.ScriptedExchange.soon;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inbound size limit ({@link WsClientOptions#maxMessageSize()}): a message over it
 * fails the connection with 1009 and the seed status -8 as soon as the limit is passed.
 * The client never buffers the oversized message: the server sees the close frame, and
 * its writes fail, long before it has written the whole message.
 */
class MessageSizeTests {

	private static final int LIMIT = 1024 * 1024;

	private static final int HUGE = 64 * 1024 * 1024;

	private static final int CHUNK = 64 * 1024;

	// The limit plus what the socket buffers on both sides hold, generously.
	private static final int MAX_IN_FLIGHT = 16 * 1024 * 1024;

	private static final WsClientOptions OPTIONS = WsClientOptions.builder().maxMessageSize(LIMIT).build();

	@Test
	void frameAnnouncingSixtyFourMibAgainstAOneMibLimitFailsAtItsHeader() {
		List<Flood> floods = new ArrayList<>();
		// The header announces 64 MiB; the payload follows in chunks for as long as the
		// client takes them.
		byte[] header = ByteBuffer.allocate(10).put((byte) 0x82).put((byte) 127).putLong(HUGE).array();
		try (ScriptedExchange exchange = ScriptedExchange.open(OPTIONS,
				(server) -> floods.add(flood(server, HUGE / CHUNK + 1, (i) -> (i == 0) ? header : new byte[CHUNK])))) {
			WsCloseStatus status = exchange.status();
			exchange.awaitScript();
			assertThat(status.code()).isEqualTo(-8);
			assertThat(status.rfcCode()).isEqualTo(1009);
			Flood flood = floods.get(0);
			assertThat(flood.closeCode()).as("close code the server received").isEqualTo(1009);
			assertThat(flood.writeFailed()).as("the server's writes failed before it wrote everything").isTrue();
			assertThat(flood.bytesWritten()).isLessThan(HUGE);
			assertThat(flood.writtenWhenCloseArrived()).as("bytes written when the close arrived")
				.isLessThan(MAX_IN_FLIGHT);
		}
	}

	@Test
	void sixtyFourMibMessageInFragmentsFailsOnceTheFragmentsPassTheLimit() {
		List<Flood> floods = new ArrayList<>();
		int fragments = HUGE / CHUNK;
		try (ScriptedExchange exchange = ScriptedExchange.open(OPTIONS,
				(server) -> floods.add(flood(server, fragments,
						(i) -> Frame.builder()
							.opcode((i == 0) ? Frame.BINARY : Frame.CONTINUATION)
							.fin(i == fragments - 1)
							.payload(new byte[CHUNK])
							.build()
							.encode())))) {
			WsCloseStatus status = exchange.status();
			exchange.awaitScript();
			assertThat(status.code()).isEqualTo(-8);
			assertThat(status.rfcCode()).isEqualTo(1009);
			assertThat(status.reason()).contains("exceeds the limit of " + LIMIT);
			Flood flood = floods.get(0);
			assertThat(flood.closeCode()).isEqualTo(1009);
			assertThat(flood.writeFailed()).isTrue();
			assertThat(flood.bytesWritten()).isLessThan(HUGE);
			assertThat(flood.writtenWhenCloseArrived()).as("bytes written when the close arrived")
				.isLessThan(MAX_IN_FLIGHT);
		}
	}

	@Test
	void messageOfExactlyTheLimitIsDeliveredWhetherInOneFrameOrInFragments() {
		byte[] whole = new byte[LIMIT];
		whole[LIMIT - 1] = 42;
		int half = LIMIT / 2;
		byte[] first = new byte[half];
		byte[] second = new byte[LIMIT - half];
		second[second.length - 1] = 42;
		try (ScriptedExchange exchange = ScriptedExchange.open(OPTIONS, (server) -> {
			server.sendFrame(Frame.binary(whole));
			server.sendFrame(Frame.binary(first).toBuilder().fin(false).build());
			server.sendFrame(Frame.continuation(second, true));
			server.expectClose(TIMEOUT);
			server.sendFrame(Frame.close(1000, ""));
		})) {
			soon().until(() -> exchange.received().size() == 2);
			assertThat(exchange.received()).containsExactly(WsMessage.binary(whole), WsMessage.binary(whole));
			exchange.client().close().block(TIMEOUT);
			exchange.awaitScript();
		}
	}

	@Test
	void oneByteOverTheLimitInTheLastFragmentFailsWith1009() {
		try (ScriptedExchange exchange = ScriptedExchange.failing(OPTIONS, (server) -> {
			server.sendFrame(Frame.builder().opcode(Frame.TEXT).fin(false).payload("x".repeat(LIMIT)).build());
			server.sendFrame(Frame.continuation("y", true));
		})) {
			exchange.assertFailed(WsStatusCode.MESSAGE_TOO_BIG, 1009);
			assertThat(exchange.received()).isEmpty();
		}
	}

	@Test
	void singleFrameOneByteOverTheLimitFailsWith1009() {
		List<Flood> floods = new ArrayList<>();
		byte[] frame = Frame.binary(new byte[LIMIT + 1]).encode();
		try (ScriptedExchange exchange = ScriptedExchange.open(OPTIONS,
				(server) -> floods.add(flood(server, 1, (i) -> frame)))) {
			WsCloseStatus status = exchange.status();
			exchange.awaitScript();
			assertThat(status.code()).isEqualTo(-8);
			assertThat(status.rfcCode()).isEqualTo(1009);
			assertThat(floods.get(0).closeCode()).isEqualTo(1009);
			assertThat(exchange.received()).isEmpty();
		}
	}

	/**
	 * Write chunks as fast as the connection takes them while another thread waits for
	 * the client's close frame.
	 */
	private static Flood flood(ScriptedConnection server, int chunks, IntFunction<byte[]> chunk) throws Exception {
		AtomicLong written = new AtomicLong();
		CompletableFuture<long[]> close = new CompletableFuture<>();
		Thread reader = new Thread(() -> {
			try {
				Frame frame = server.expectClose(TIMEOUT);
				close.complete(new long[] { frame.closeCode(), written.get() });
			}
			catch (IOException | RuntimeException ex) {
				close.completeExceptionally(ex);
			}
		}, "message-size-close-reader");
		reader.setDaemon(true);
		reader.start();
		boolean failed = false;
		try {
			for (int i = 0; i < chunks; i++) {
				byte[] bytes = chunk.apply(i);
				server.writeRaw(bytes);
				written.addAndGet(bytes.length);
			}
		}
		catch (IOException ex) {
			failed = true;
		}
		long[] seen = close.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		Flood flood = new Flood(written.get(), failed, (int) seen[0], seen[1]);
		System.out.println("MessageSizeTests: " + flood);
		return flood;
	}

	/**
	 * What a flooding server saw.
	 *
	 * @param bytesWritten bytes written in all
	 * @param writeFailed whether a write failed before the last chunk
	 * @param closeCode the code of the client's close frame
	 * @param writtenWhenCloseArrived bytes written when the close frame was read
	 */
	record Flood(long bytesWritten, boolean writeFailed, int closeCode, long writtenWhenCloseArrived) {
	}

}
