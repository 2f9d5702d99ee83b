package dev.wsclient.core;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.jspecify.annotations.Nullable;

/**
 * Reads RFC 6455 frames sent by a server straight from the socket's buffers, as they
 * come: a frame may be split across reads and a read may hold many frames. It enforces
 * the framing rules (no masking, minimal lengths, known opcodes, whole and short control
 * frames, reserved bits only for a negotiated extension, fragments in order) and throws a
 * {@link ProtocolViolation} at the first one broken. Payloads are not collected in an
 * intermediate buffer: data goes to the {@link MessageAssembler}, which copies it into
 * the message.
 */
final class FrameParser {

	static final int CONTINUATION = 0x0;

	static final int TEXT = 0x1;

	static final int BINARY = 0x2;

	static final int CLOSE = 0x8;

	static final int PING = 0x9;

	static final int PONG = 0xA;

	private static final int MAX_HEADER_SIZE = 14;

	private static final int MAX_CONTROL_PAYLOAD = 125;

	private static final byte[] NO_PAYLOAD = new byte[0];

	private final MessageAssembler assembler;

	private final boolean compression;

	private final Frames frames;

	// A header split across reads collects here; allocated when that first happens.
	private @Nullable ByteBuf partialHeader;

	private boolean inPayload;

	private long payloadRemaining;

	private int opcode;

	private boolean finalFrame;

	private boolean inMessage;

	private byte[] controlPayload = NO_PAYLOAD;

	// When the buffer being read was read from the socket.
	private long receivedNanos;

	private int controlLength;

	/**
	 * Create a parser.
	 * @param maxMessageSize the largest message accepted
	 * @param compression whether permessage-deflate was negotiated, which makes RSV1
	 * legal on the first frame of a message
	 * @param frames where whole messages and control frames go
	 */
	FrameParser(int maxMessageSize, boolean compression, Frames frames) {
		this.assembler = new MessageAssembler(maxMessageSize);
		this.compression = compression;
		this.frames = frames;
	}

	/**
	 * Read frames from the buffer until it is used up or the receiver asks to stop.
	 * @param in the buffer, whose reader index advances over what was read
	 * @param receivedNanos {@link System#nanoTime()} when the buffer was read from the
	 * socket: the receive time of the messages it completes
	 * @throws ProtocolViolation when the server broke the protocol or a limit
	 */
	void read(ByteBuf in, long receivedNanos) {
		this.receivedNanos = receivedNanos;
		while (in.isReadable()) {
			if (!this.inPayload && !readHeader(in)) {
				return;
			}
			if (this.payloadRemaining > 0) {
				int part = (int) Math.min(this.payloadRemaining, in.readableBytes());
				readPayload(in, part);
				in.skipBytes(part);
				this.payloadRemaining -= part;
			}
			if (this.payloadRemaining == 0 && !endFrame()) {
				return;
			}
		}
	}

	/** Free what the parser holds: its compression state and buffers. */
	void release() {
		this.assembler.release();
		this.partialHeader = null;
	}

	private void readPayload(ByteBuf in, int part) {
		if (this.opcode >= CLOSE) {
			in.getBytes(in.readerIndex(), this.controlPayload, this.controlLength, part);
			this.controlLength += part;
		}
		else {
			this.assembler.append(in, in.readerIndex(), part);
		}
	}

	/**
	 * Read a frame header, directly from the buffer when it holds it whole, else by
	 * collecting its bytes across reads.
	 * @return whether a whole header was read
	 */
	private boolean readHeader(ByteBuf in) {
		ByteBuf split = this.partialHeader;
		if ((split != null && split.isReadable()) || !hasWholeHeader(in, in.readerIndex(), in.readableBytes())) {
			return readSplitHeader(in);
		}
		int size = headerSize(in.getByte(in.readerIndex() + 1));
		startFrame(in, in.readerIndex());
		in.skipBytes(size);
		return true;
	}

	private boolean readSplitHeader(ByteBuf in) {
		ByteBuf header = this.partialHeader;
		if (header == null) {
			// On the heap, so nothing needs releasing.
			header = Unpooled.buffer(MAX_HEADER_SIZE, MAX_HEADER_SIZE);
			this.partialHeader = header;
		}
		while (in.isReadable() && !hasWholeHeader(header, header.readerIndex(), header.readableBytes())) {
			header.writeByte(in.readByte());
		}
		if (!hasWholeHeader(header, header.readerIndex(), header.readableBytes())) {
			return false;
		}
		startFrame(header, header.readerIndex());
		header.clear();
		return true;
	}

	private static boolean hasWholeHeader(ByteBuf buffer, int index, int available) {
		return available >= 2 && available >= headerSize(buffer.getByte(index + 1));
	}

	private static int headerSize(byte second) {
		int length = second & 0x7F;
		return (length < 126) ? 2 : (length == 126) ? 4 : 10;
	}

	private void startFrame(ByteBuf header, int index) {
		int first = header.getUnsignedByte(index);
		int second = header.getUnsignedByte(index + 1);
		this.finalFrame = (first & 0x80) != 0;
		int reserved = (first >> 4) & 0x7;
		this.opcode = first & 0x0F;
		if ((second & 0x80) != 0) {
			throw ProtocolViolation.protocolError("masked frame from the server; a server must not mask its frames");
		}
		long length = payloadLength(header, index, second & 0x7F);
		if (this.opcode >= CLOSE) {
			startControlFrame(reserved, length);
		}
		else {
			startDataFrame(reserved, length);
		}
		this.payloadRemaining = length;
		this.inPayload = true;
	}

	private static long payloadLength(ByteBuf header, int index, int shortLength) {
		if (shortLength < 126) {
			return shortLength;
		}
		if (shortLength == 126) {
			int length = header.getUnsignedShort(index + 2);
			if (length < 126) {
				throw ProtocolViolation.protocolError("frame length " + length + " not in the minimal encoding");
			}
			return length;
		}
		long length = header.getLong(index + 2);
		if (length < 0) {
			throw ProtocolViolation
				.protocolError("frame length with the most significant bit set; a length has 63 bits");
		}
		if (length <= 0xFFFF) {
			throw ProtocolViolation.protocolError("frame length " + length + " not in the minimal encoding");
		}
		return length;
	}

	private void startControlFrame(int reserved, long length) {
		if (this.opcode != CLOSE && this.opcode != PING && this.opcode != PONG) {
			throw ProtocolViolation.protocolError("frame with the reserved opcode " + this.opcode);
		}
		if (reserved != 0) {
			throw reservedBits(reserved);
		}
		if (!this.finalFrame) {
			throw ProtocolViolation.protocolError("fragmented control frame (opcode " + this.opcode + ")");
		}
		if (length > MAX_CONTROL_PAYLOAD) {
			throw ProtocolViolation.protocolError("control frame (opcode " + this.opcode + ") with a payload of "
					+ length + " bytes; the limit is " + MAX_CONTROL_PAYLOAD);
		}
		this.controlPayload = (length == 0) ? NO_PAYLOAD : new byte[(int) length];
		this.controlLength = 0;
	}

	private void startDataFrame(int reserved, long length) {
		if (this.opcode != CONTINUATION && this.opcode != TEXT && this.opcode != BINARY) {
			throw ProtocolViolation.protocolError("frame with the reserved opcode " + this.opcode);
		}
		boolean compressed = (reserved & 0x4) != 0;
		if ((reserved & 0x3) != 0 || (compressed && !this.compression)) {
			throw reservedBits(reserved);
		}
		if (this.opcode == CONTINUATION) {
			if (!this.inMessage) {
				throw new ProtocolViolation(WsStatusCode.FRAGMENTATION_ERROR, 1002,
						"continuation frame without a message to continue");
			}
			if (compressed) {
				throw ProtocolViolation
					.protocolError("continuation frame with RSV1 set; only a message's first frame carries it");
			}
			this.assembler.proceed(length);
		}
		else {
			if (this.inMessage) {
				throw new ProtocolViolation(WsStatusCode.FRAGMENTATION_ERROR, 1002,
						"new data frame inside a fragmented message; continuation frames expected");
			}
			this.assembler.begin(this.opcode == TEXT, compressed, this.finalFrame, length);
			this.inMessage = true;
		}
	}

	private static ProtocolViolation reservedBits(int reserved) {
		return ProtocolViolation
			.protocolError("frame with reserved bits " + reserved + " set but no extension negotiated that uses them");
	}

	/**
	 * Hand over the frame whose payload is complete.
	 * @return whether to read on
	 */
	private boolean endFrame() {
		this.inPayload = false;
		if (this.opcode >= CLOSE) {
			byte[] payload = this.controlPayload;
			this.controlPayload = NO_PAYLOAD;
			return this.frames.controlFrame(this.opcode, payload);
		}
		if (!this.finalFrame) {
			return true;
		}
		this.inMessage = false;
		return this.frames.message(this.assembler.finish(this.receivedNanos));
	}

	/** Where the parser hands what it read; both return whether to read on. */
	interface Frames {

		boolean message(WsMessage message);

		boolean controlFrame(int opcode, byte[] payload);

	}

}
