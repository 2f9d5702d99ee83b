package dev.wsclient.core;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.zip.Deflater;

import dev.wsclient.test.server.raw.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link FrameParser} fed the bytes of server frames cut up in every way a socket may
 * deliver them: whole, one byte per read, every split into two reads, and random cuts.
 * Whatever the cuts, the same messages and control frames come out in the same order, and
 * each violation fails with the same status, even when it sits in a header split across
 * reads.
 */
class FrameParserTests {

	private static final int MAX_MESSAGE_SIZE = 1024 * 1024;

	private static final HexFormat HEX = HexFormat.of();

	// The read time given to the parser where the test is not about it.
	private static final long READ_NANOS = 1;

	@ParameterizedTest(name = "{0} bytes")
	@ValueSource(ints = { 0, 1, 125, 126, 127, 65535, 65536, 70000 })
	void binaryMessagesOfEveryLengthEncodingArriveWhole(int length) {
		byte[] payload = randomBytes(length, length);
		byte[] wire = wire(Frame.binary(payload), Frame.text("after"));
		assertParsedEveryWay(wire, describe("BINARY", payload), describe("TEXT", utf8("after")));
	}

	@Test
	void textMessagesOfEveryLengthEncodingArriveWhole() {
		String seven = "é".repeat(60);
		String sixteen = "€".repeat(1000);
		String sixtyFour = "😀".repeat(20000);
		byte[] wire = wire(Frame.text(seven), Frame.text(sixteen), Frame.text(sixtyFour));
		assertParsedEveryWay(wire, describe("TEXT", utf8(seven)), describe("TEXT", utf8(sixteen)),
				describe("TEXT", utf8(sixtyFour)));
	}

	@Test
	void zeroLengthFramesOfEveryKindArrive() {
		byte[] wire = wire(Frame.text(""), Frame.binary(new byte[0]), Frame.ping(new byte[0]), Frame.pong(new byte[0]),
				Frame.text("").toBuilder().fin(false).build(), Frame.continuation(new byte[0], false),
				Frame.continuation(new byte[0], true), Frame.binary(new byte[0]).toBuilder().fin(false).build(),
				Frame.continuation(new byte[] { 7 }, false), Frame.continuation(new byte[0], true), Frame.close());
		assertParsedEveryWay(wire, describe("TEXT", new byte[0]), describe("BINARY", new byte[0]),
				describe("PING", new byte[0]), describe("PONG", new byte[0]), describe("TEXT", new byte[0]),
				describe("BINARY", new byte[] { 7 }), describe("CLOSE", new byte[0]));
	}

	@Test
	void controlFramesCarryTheirPayloads() {
		byte[] ping = randomBytes(125, 1);
		Frame close = Frame.close(1001, "going away");
		byte[] wire = wire(Frame.ping(ping), Frame.pong("pong"), close);
		assertParsedEveryWay(wire, describe("PING", ping), describe("PONG", utf8("pong")),
				describe("CLOSE", close.payload()));
	}

	@Test
	void fragmentedTextSplitInsideMultiByteCharactersIsReassembled() {
		String text = "a€b😀cé";
		byte[] bytes = utf8(text);
		for (int first = 0; first <= bytes.length; first++) {
			for (int second = first; second <= bytes.length; second++) {
				byte[] wire = wire(
						Frame.builder()
							.opcode(Frame.TEXT)
							.fin(false)
							.payload(Arrays.copyOfRange(bytes, 0, first))
							.build(),
						Frame.continuation(Arrays.copyOfRange(bytes, first, second), false),
						Frame.continuation(Arrays.copyOfRange(bytes, second, bytes.length), true));
				assertParsedEveryWay(wire, describe("TEXT", bytes));
			}
		}
	}

	@Test
	void controlFramesBetweenFragmentsComeOutBeforeTheMessage() {
		byte[] wire = wire(Frame.text("one ").toBuilder().fin(false).build(), Frame.ping("p1"),
				Frame.continuation("two ", false), Frame.pong("p2"), Frame.ping(new byte[0]),
				Frame.continuation("three", true), Frame.ping("p3"));
		assertParsedEveryWay(wire, describe("PING", utf8("p1")), describe("PONG", utf8("p2")),
				describe("PING", new byte[0]), describe("TEXT", utf8("one two three")), describe("PING", utf8("p3")));
	}

	@Test
	void aLargeFragmentedBinaryMessageIsReassembledInOrder() {
		byte[] payload = randomBytes(200_000, 42);
		byte[] wire = wire(Frame.binary(Arrays.copyOfRange(payload, 0, 70_000)).toBuilder().fin(false).build(),
				Frame.continuation(Arrays.copyOfRange(payload, 70_000, 70_100), false), Frame.ping("between"),
				Frame.continuation(Arrays.copyOfRange(payload, 70_100, 200_000), true));
		assertParsedEveryWay(wire, describe("PING", utf8("between")), describe("BINARY", payload));
	}

	@Test
	void aMessageOfExactlyTheLimitPassesInOneFrameAndInFragments() {
		byte[] payload = randomBytes(1000, 7);
		assertParsedEveryWay(1000, false, wire(Frame.binary(payload)), describe("BINARY", payload));
		assertParsedEveryWay(1000, false, wire(Frame.binary(Arrays.copyOf(payload, 600)).toBuilder().fin(false).build(),
				Frame.continuation(Arrays.copyOfRange(payload, 600, 1000), true)), describe("BINARY", payload));
	}

	@Test
	void compressedMessagesAreInflatedWithTheContextOfThePreviousOnes() {
		String first = "hello hello hello hello";
		String second = "hello hello hello hello, again";
		byte[] third = randomBytes(3000, 9);
		Deflater deflater = PerMessageDeflate.deflater();
		try {
			byte[] one = PerMessageDeflate.compress(deflater, utf8(first));
			byte[] two = PerMessageDeflate.compress(deflater, utf8(second));
			byte[] three = PerMessageDeflate.compress(deflater, third);
			// Only a message's first frame has RSV1; here the second message is
			// fragmented with a ping between its fragments.
			byte[] wire = wire(Frame.text("").toBuilder().payload(one).rsv1(true).build(),
					Frame.text("").toBuilder().payload(Arrays.copyOf(two, 3)).rsv1(true).fin(false).build(),
					Frame.ping("p"), Frame.continuation(Arrays.copyOfRange(two, 3, two.length), true),
					Frame.binary(three).toBuilder().rsv1(true).build(), Frame.text("plain"));
			assertParsedEveryWay(MAX_MESSAGE_SIZE, true, wire, describe("TEXT", utf8(first)),
					describe("PING", utf8("p")), describe("TEXT", utf8(second)), describe("BINARY", third),
					describe("TEXT", utf8("plain")));
		}
		finally {
			deflater.end();
		}
	}

	@Test
	void maskedFrameIsAProtocolError() {
		assertViolationEveryWay(wire(Frame.text("ok"), Frame.text("masked").toBuilder().mask(new byte[4]).build()),
				WsStatusCode.PROTOCOL_ERROR, 1002, describe("TEXT", utf8("ok")));
	}

	@ParameterizedTest(name = "opcode {0}")
	@ValueSource(ints = { 3, 4, 5, 6, 7, 11, 12, 13, 14, 15 })
	void reservedOpcodeIsAProtocolError(int opcode) {
		assertViolationEveryWay(wire(Frame.builder().opcode(opcode).payload("x").build()), WsStatusCode.PROTOCOL_ERROR,
				1002);
	}

	@ParameterizedTest(name = "rsv {0}")
	@ValueSource(ints = { 1, 2, 3, 4, 5, 6, 7 })
	void reservedBitsWithoutCompressionAreAProtocolError(int rsv) {
		assertViolationEveryWay(wire(Frame.text("x").toBuilder().rsv(rsv).build()), WsStatusCode.PROTOCOL_ERROR, 1002);
		assertViolationEveryWay(wire(Frame.ping("x").toBuilder().rsv(rsv).build()), WsStatusCode.PROTOCOL_ERROR, 1002);
	}

	@ParameterizedTest(name = "rsv {0}")
	@ValueSource(ints = { 1, 2, 3, 5, 6, 7 })
	void reservedBitsOtherThanRsv1AreAProtocolErrorEvenWithCompression(int rsv) {
		assertViolationEveryWay(MAX_MESSAGE_SIZE, true, wire(Frame.text("x").toBuilder().rsv(rsv).build()),
				WsStatusCode.PROTOCOL_ERROR, 1002);
	}

	@Test
	void rsv1OnAContinuationFrameIsAProtocolError() {
		byte[] compressed = PerMessageDeflate.compress(utf8("abc"));
		assertViolationEveryWay(MAX_MESSAGE_SIZE, true,
				wire(Frame.text("").toBuilder().payload(compressed).rsv1(true).fin(false).build(),
						Frame.continuation(new byte[0], true).toBuilder().rsv1(true).build()),
				WsStatusCode.PROTOCOL_ERROR, 1002);
	}

	@Test
	void rsv1OnAControlFrameIsAProtocolErrorEvenWithCompression() {
		assertViolationEveryWay(MAX_MESSAGE_SIZE, true, wire(Frame.ping("x").toBuilder().rsv1(true).build()),
				WsStatusCode.PROTOCOL_ERROR, 1002);
	}

	@ParameterizedTest(name = "opcode {0}")
	@ValueSource(ints = { Frame.PING, Frame.PONG, Frame.CLOSE })
	void fragmentedControlFrameIsAProtocolError(int opcode) {
		assertViolationEveryWay(wire(Frame.builder().opcode(opcode).fin(false).build()), WsStatusCode.PROTOCOL_ERROR,
				1002);
	}

	@ParameterizedTest(name = "opcode {0}")
	@ValueSource(ints = { Frame.PING, Frame.PONG, Frame.CLOSE })
	void controlFrameOver125BytesIsAProtocolError(int opcode) {
		assertViolationEveryWay(wire(Frame.builder().opcode(opcode).payload(new byte[126]).build()),
				WsStatusCode.PROTOCOL_ERROR, 1002);
	}

	@Test
	void lengthsNotInTheMinimalEncodingAreProtocolErrors() {
		assertViolationEveryWay(wire(Frame.binary(new byte[125]).toBuilder().lengthBits(16).build()),
				WsStatusCode.PROTOCOL_ERROR, 1002);
		assertViolationEveryWay(wire(Frame.binary(new byte[0]).toBuilder().lengthBits(16).build()),
				WsStatusCode.PROTOCOL_ERROR, 1002);
		assertViolationEveryWay(wire(Frame.binary(new byte[65535]).toBuilder().lengthBits(64).build()),
				WsStatusCode.PROTOCOL_ERROR, 1002);
		assertViolationEveryWay(wire(Frame.binary(new byte[3]).toBuilder().lengthBits(64).build()),
				WsStatusCode.PROTOCOL_ERROR, 1002);
	}

	@Test
	void sixtyFourBitLengthWithTheMostSignificantBitSetIsAProtocolError() {
		byte[] header = { (byte) 0x82, 127, (byte) 0x80, 0, 0, 0, 0, 0, 0, 1 };
		assertViolationEveryWay(header, WsStatusCode.PROTOCOL_ERROR, 1002);
	}

	@Test
	void continuationWithoutAMessageIsAFragmentationError() {
		assertViolationEveryWay(wire(Frame.continuation("x", true)), WsStatusCode.FRAGMENTATION_ERROR, 1002);
		assertViolationEveryWay(wire(Frame.text("whole"), Frame.continuation("x", false)),
				WsStatusCode.FRAGMENTATION_ERROR, 1002, describe("TEXT", utf8("whole")));
	}

	@Test
	void aNewMessageInsideAFragmentedOneIsAFragmentationError() {
		assertViolationEveryWay(
				wire(Frame.text("start").toBuilder().fin(false).build(), Frame.ping("p"), Frame.binary(new byte[1])),
				WsStatusCode.FRAGMENTATION_ERROR, 1002, describe("PING", utf8("p")));
	}

	@Test
	void invalidUtf8IsAnInvalidUtf8Error() {
		byte[] surrogate = { 'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80 };
		assertViolationEveryWay(wire(Frame.text("ok"), Frame.builder().opcode(Frame.TEXT).payload(surrogate).build()),
				WsStatusCode.INVALID_UTF8, 1007, describe("TEXT", utf8("ok")));
		byte[] truncated = Arrays.copyOf(utf8("a😀"), 4);
		assertViolationEveryWay(wire(Frame.builder().opcode(Frame.TEXT).payload(truncated).build()),
				WsStatusCode.INVALID_UTF8, 1007);
		// A character cut short by the end of the last fragment.
		assertViolationEveryWay(
				wire(Frame.text("ab").toBuilder().fin(false).build(),
						Frame.continuation(new byte[] { (byte) 0xE2, (byte) 0x82 }, true)),
				WsStatusCode.INVALID_UTF8, 1007);
		// Binary messages are not checked.
		assertParsedEveryWay(wire(Frame.binary(surrogate)), describe("BINARY", surrogate));
	}

	@Test
	void invalidUtf8InAFragmentFailsBeforeTheMessageEnds() {
		byte[] wire = wire(Frame.text("ab").toBuilder().fin(false).build(),
				Frame.continuation(new byte[] { 'c', (byte) 0xC0, (byte) 0xAF }, false));
		// No final fragment follows, yet the bad bytes are reported.
		assertViolationEveryWay(wire, WsStatusCode.INVALID_UTF8, 1007);
	}

	@Test
	void compressedTextThatInflatesToInvalidUtf8IsAnInvalidUtf8Error() {
		byte[] compressed = PerMessageDeflate.compress(new byte[] { 'a', (byte) 0xFF, 'b' });
		assertViolationEveryWay(MAX_MESSAGE_SIZE, true,
				wire(Frame.text("").toBuilder().payload(compressed).rsv1(true).build()), WsStatusCode.INVALID_UTF8,
				1007);
	}

	@Test
	void aMessageOverTheLimitIsTooBigAsSoonAsItsHeaderArrives() {
		// Only the header of a frame declaring 1001 bytes: the payload never comes.
		byte[] header = Arrays.copyOf(Frame.binary(new byte[1001]).encode(), 4);
		assertViolationEveryWay(1000, false, header, WsStatusCode.MESSAGE_TOO_BIG, 1009);
		byte[] huge = { (byte) 0x82, 127, 0, 0, 1, 0, 0, 0, 0, 0 };
		assertViolationEveryWay(huge, WsStatusCode.MESSAGE_TOO_BIG, 1009);
	}

	@Test
	void fragmentsAddingUpToMoreThanTheLimitAreTooBig() {
		byte[] wire = wire(Frame.binary(new byte[600]).toBuilder().fin(false).build(),
				Frame.continuation(new byte[400], false), Frame.continuation(new byte[1], true));
		assertViolationEveryWay(1000, false, wire, WsStatusCode.MESSAGE_TOO_BIG, 1009);
	}

	@Test
	void aCompressedMessageInflatingBeyondTheLimitIsTooBig() {
		byte[] compressed = PerMessageDeflate.compress(new byte[1001]);
		assertViolationEveryWay(1000, true, wire(Frame.binary(compressed).toBuilder().rsv1(true).build()),
				WsStatusCode.MESSAGE_TOO_BIG, 1009);
	}

	@Test
	void whenTheReceiverPausesAfterAMessageTheRestOfTheBufferIsLeftUnread() {
		byte[] binary = randomBytes(300, 3);
		Frame[] frames = { Frame.text("one"), Frame.ping("p"), Frame.binary(binary), Frame.text("three"),
				Frame.pong("q") };
		byte[] wire = wire(frames);
		int[] ends = frameEnds(frames);
		Recorder recorder = new Recorder(true, false);
		FrameParser parser = new FrameParser(MAX_MESSAGE_SIZE, false, recorder);
		ByteBuf buffer = Unpooled.wrappedBuffer(wire);
		try {
			parser.read(buffer, READ_NANOS);
			assertThat(recorder.events).containsExactly(describe("TEXT", utf8("one")));
			assertThat(buffer.readerIndex()).isEqualTo(ends[0]);
			parser.read(buffer, READ_NANOS);
			assertThat(recorder.events).hasSize(3).endsWith(describe("PING", utf8("p")), describe("BINARY", binary));
			assertThat(buffer.readerIndex()).isEqualTo(ends[2]);
			parser.read(buffer, READ_NANOS);
			assertThat(recorder.events).hasSize(4).endsWith(describe("TEXT", utf8("three")));
			assertThat(buffer.readerIndex()).isEqualTo(ends[3]);
			parser.read(buffer, READ_NANOS);
			assertThat(recorder.events).hasSize(5).endsWith(describe("PONG", utf8("q")));
			assertThat(buffer.isReadable()).isFalse();
		}
		finally {
			buffer.release();
			parser.release();
		}
	}

	@Test
	void pausingAfterEveryMessageLosesNothingWhateverTheCuts() {
		byte[] binary = randomBytes(70_000, 5);
		Frame[] frames = { Frame.text("one"), Frame.text("two").toBuilder().fin(false).build(), Frame.ping("p"),
				Frame.continuation(" and more", true), Frame.binary(binary), Frame.text(""), Frame.text("é€😀") };
		byte[] wire = wire(frames);
		TreeSet<Integer> messageEnds = new TreeSet<>();
		int[] ends = frameEnds(frames);
		for (int i = 0; i < frames.length; i++) {
			if (!frames[i].isControl() && frames[i].fin()) {
				messageEnds.add(ends[i]);
			}
		}
		List<String> expected = List.of(describe("TEXT", utf8("one")), describe("PING", utf8("p")),
				describe("TEXT", utf8("two and more")), describe("BINARY", binary), describe("TEXT", new byte[0]),
				describe("TEXT", utf8("é€😀")));
		for (Chunking chunking : chunkings(wire)) {
			Recorder recorder = new Recorder(true, false);
			FrameParser parser = new FrameParser(MAX_MESSAGE_SIZE, false, recorder);
			try {
				int offset = 0;
				for (byte[] chunk : chunking.chunks()) {
					ByteBuf buffer = buffer(chunk, offset);
					try {
						int messages = recorder.messages;
						parser.read(buffer, READ_NANOS);
						while (buffer.isReadable()) {
							// Stopped right after a message, at its last byte.
							assertThat(recorder.messages).as(chunking.name()).isEqualTo(messages + 1);
							assertThat(messageEnds).as(chunking.name()).contains(offset + buffer.readerIndex());
							messages = recorder.messages;
							parser.read(buffer, READ_NANOS);
						}
					}
					finally {
						buffer.release();
					}
					offset += chunk.length;
				}
				assertThat(recorder.events).as(chunking.name()).containsExactlyElementsOf(expected);
			}
			finally {
				parser.release();
			}
		}
	}

	@Test
	void eachMessageCarriesTheTimeOfTheReadThatCompletedIt() {
		Frame[] frames = { Frame.text("one"), Frame.text("two").toBuilder().fin(false).build(), Frame.ping("p"),
				Frame.continuation(" and more", true), Frame.binary(randomBytes(70_000, 7)) };
		byte[] wire = wire(frames);
		int[] ends = frameEnds(frames);
		int[] lastBytes = { ends[0] - 1, ends[3] - 1, ends[4] - 1 };
		for (Chunking chunking : chunkings(wire)) {
			Recorder recorder = new Recorder(false, false);
			FrameParser parser = new FrameParser(MAX_MESSAGE_SIZE, false, recorder);
			try {
				feed(parser, chunking);
			}
			finally {
				parser.release();
			}
			List<Long> expected = new ArrayList<>();
			for (int lastByte : lastBytes) {
				expected.add(readNanos(chunkHolding(chunking, lastByte)));
			}
			assertThat(recorder.receivedNanos).as(chunking.name()).containsExactlyElementsOf(expected);
		}
	}

	@Test
	void whenTheReceiverStopsAtACloseFrameWhatFollowsIsLeftUnread() {
		Frame close = Frame.close(1000, "bye");
		byte[] wire = wire(Frame.text("before"), close, Frame.text("after"));
		Recorder recorder = new Recorder(false, true);
		FrameParser parser = new FrameParser(MAX_MESSAGE_SIZE, false, recorder);
		ByteBuf buffer = Unpooled.wrappedBuffer(wire);
		try {
			parser.read(buffer, READ_NANOS);
			assertThat(recorder.events).containsExactly(describe("TEXT", utf8("before")),
					describe("CLOSE", close.payload()));
			assertThat(buffer.readableBytes()).isEqualTo(Frame.text("after").encode().length);
		}
		finally {
			buffer.release();
			parser.release();
		}
	}

	// Feeding and checking

	private static void assertParsedEveryWay(byte[] wire, String... expected) {
		assertParsedEveryWay(MAX_MESSAGE_SIZE, false, wire, expected);
	}

	private static void assertParsedEveryWay(int maxMessageSize, boolean compression, byte[] wire, String... expected) {
		for (Chunking chunking : chunkings(wire)) {
			Recorder recorder = new Recorder(false, false);
			FrameParser parser = new FrameParser(maxMessageSize, compression, recorder);
			try {
				feed(parser, chunking);
			}
			finally {
				parser.release();
			}
			assertThat(recorder.events).as(chunking.name()).containsExactly(expected);
		}
	}

	private static void assertViolationEveryWay(byte[] wire, WsStatusCode status, int rfcCode,
			String... deliveredBefore) {
		assertViolationEveryWay(MAX_MESSAGE_SIZE, false, wire, status, rfcCode, deliveredBefore);
	}

	private static void assertViolationEveryWay(int maxMessageSize, boolean compression, byte[] wire,
			WsStatusCode status, int rfcCode, String... deliveredBefore) {
		for (Chunking chunking : chunkings(wire)) {
			Recorder recorder = new Recorder(false, false);
			FrameParser parser = new FrameParser(maxMessageSize, compression, recorder);
			ProtocolViolation violation;
			try {
				violation = catchThrowableOfType(ProtocolViolation.class, () -> feed(parser, chunking));
			}
			finally {
				parser.release();
			}
			assertThat(violation).as("violation when fed %s", chunking.name()).isNotNull();
			assertThat(violation.status().status()).as(chunking.name()).isEqualTo(status);
			assertThat(violation.rfcCode()).as(chunking.name()).isEqualTo(rfcCode);
			assertThat(violation.status().rfcCode()).as(chunking.name()).isEqualTo(rfcCode);
			assertThat(recorder.events).as(chunking.name()).containsExactly(deliveredBefore);
		}
	}

	private static void feed(FrameParser parser, Chunking chunking) {
		int offset = 0;
		int read = 0;
		for (byte[] chunk : chunking.chunks()) {
			ByteBuf buffer = buffer(chunk, offset);
			try {
				parser.read(buffer, readNanos(read++));
				assertThat(buffer.isReadable()).as("%s: everything read", chunking.name()).isFalse();
			}
			finally {
				buffer.release();
			}
			offset += chunk.length;
		}
	}

	private static int chunkHolding(Chunking chunking, int byteIndex) {
		int end = 0;
		for (int i = 0; i < chunking.chunks().size(); i++) {
			end += chunking.chunks().get(i).length;
			if (byteIndex < end) {
				return i;
			}
		}
		throw new IllegalArgumentException("byte " + byteIndex + " is beyond the " + end + " bytes fed");
	}

	/** The time {@link #feed} gives the read of the chunk at the index. */
	private static long readNanos(int chunkIndex) {
		return 1_000_000L + chunkIndex;
	}

	/** A heap or a direct buffer, as a socket may deliver either. */
	private static ByteBuf buffer(byte[] chunk, int offset) {
		if ((offset & 1) == 0) {
			return Unpooled.wrappedBuffer(chunk.clone());
		}
		return Unpooled.directBuffer(chunk.length).writeBytes(chunk);
	}

	/**
	 * The ways to cut the bytes into reads: whole, a byte at a time, at every point into
	 * two (for short inputs), and at random points.
	 */
	private static List<Chunking> chunkings(byte[] wire) {
		List<Chunking> chunkings = new ArrayList<>();
		chunkings.add(new Chunking("one buffer", List.of(wire)));
		List<byte[]> bytes = new ArrayList<>(wire.length);
		for (byte value : wire) {
			bytes.add(new byte[] { value });
		}
		chunkings.add(new Chunking("one byte per buffer", bytes));
		if (wire.length <= 512) {
			for (int split = 1; split < wire.length; split++) {
				chunkings.add(new Chunking("split at " + split,
						List.of(Arrays.copyOf(wire, split), Arrays.copyOfRange(wire, split, wire.length))));
			}
		}
		Random random = new Random(wire.length);
		for (int round = 0; round < 20; round++) {
			List<byte[]> chunks = new ArrayList<>();
			int limit = 1 + random.nextInt(Math.max(1, (round < 10) ? 20 : wire.length / 3));
			int offset = 0;
			while (offset < wire.length) {
				int size = Math.min(wire.length - offset, 1 + random.nextInt(limit));
				chunks.add(Arrays.copyOfRange(wire, offset, offset + size));
				offset += size;
			}
			chunkings.add(new Chunking("random cuts " + round + " of at most " + limit + " bytes", chunks));
		}
		return chunkings;
	}

	private record Chunking(String name, List<byte[]> chunks) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	/** Records what the parser hands over, and asks it to stop when told to. */
	private static final class Recorder implements FrameParser.Frames {

		private final List<String> events = new ArrayList<>();

		private final List<Long> receivedNanos = new ArrayList<>();

		private final boolean pauseAfterMessages;

		private final boolean stopAtClose;

		private int messages;

		Recorder(boolean pauseAfterMessages, boolean stopAtClose) {
			this.pauseAfterMessages = pauseAfterMessages;
			this.stopAtClose = stopAtClose;
		}

		@Override
		public boolean message(WsMessage message) {
			this.events.add(describe(message.opcode().name(), message.bytes()));
			this.receivedNanos.add(message.receivedNanos());
			this.messages++;
			return !this.pauseAfterMessages;
		}

		@Override
		public boolean controlFrame(int opcode, byte[] payload) {
			String name = switch (opcode) {
				case FrameParser.PING -> "PING";
				case FrameParser.PONG -> "PONG";
				case FrameParser.CLOSE -> "CLOSE";
				default -> "OPCODE " + opcode;
			};
			this.events.add(describe(name, payload));
			return !(this.stopAtClose && opcode == FrameParser.CLOSE);
		}

	}

	// Building frames

	private static String describe(String kind, byte[] payload) {
		if (payload.length <= 48) {
			return kind + " [" + HEX.formatHex(payload) + "]";
		}
		return kind + " [" + payload.length + " bytes, hash " + Arrays.hashCode(payload) + "]";
	}

	private static byte[] wire(Frame... frames) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (Frame frame : frames) {
			out.writeBytes(frame.encode());
		}
		return out.toByteArray();
	}

	private static int[] frameEnds(Frame... frames) {
		int[] ends = new int[frames.length];
		int end = 0;
		for (int i = 0; i < frames.length; i++) {
			end += frames[i].encode().length;
			ends[i] = end;
		}
		return ends;
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] randomBytes(int length, long seed) {
		byte[] bytes = new byte[length];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

}
