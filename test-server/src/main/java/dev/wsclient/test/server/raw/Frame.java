package dev.wsclient.test.server.raw;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;

/**
 * One RFC 6455 frame, exactly as it goes over the wire: any FIN flag, RSV bits and opcode
 * (0-15), an optional masking key and the (unmasked) payload. Frames are immutable; use
 * {@link #builder()} or {@link #toBuilder()} to make unusual ones.
 * <p>
 * {@link #encode()} writes the frame (masking the payload when a key is set) and
 * {@link #decode(byte[], int, int)} reads one back, so a {@link ScriptedConnection} can
 * send frames a well-behaved server never would and inspect what the client sends.
 */
public final class Frame {

	/** Opcode of a continuation frame. */
	public static final int CONTINUATION = 0x0;

	/** Opcode of a text frame. */
	public static final int TEXT = 0x1;

	/** Opcode of a binary frame. */
	public static final int BINARY = 0x2;

	/** Opcode of a close frame. */
	public static final int CLOSE = 0x8;

	/** Opcode of a ping frame. */
	public static final int PING = 0x9;

	/** Opcode of a pong frame. */
	public static final int PONG = 0xA;

	/** Close code reported by {@link #closeCode()} when a close frame has no payload. */
	public static final int NO_STATUS_CODE = 1005;

	private static final byte[] EMPTY = new byte[0];

	private final boolean fin;

	private final int rsv;

	private final int opcode;

	private final byte @Nullable [] maskKey;

	private final byte[] payload;

	private final int lengthBits;

	private Frame(Builder builder) {
		this.fin = builder.fin;
		this.rsv = builder.rsv;
		this.opcode = builder.opcode;
		this.maskKey = (builder.maskKey != null) ? builder.maskKey.clone() : null;
		this.payload = builder.payload.clone();
		this.lengthBits = builder.lengthBits;
	}

	/**
	 * Start a frame: FIN set, no RSV bits, opcode text, unmasked, empty payload.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * A final, unmasked text frame.
	 * @param text the payload, encoded as UTF-8
	 * @return the frame
	 */
	public static Frame text(String text) {
		return builder().opcode(TEXT).payload(text).build();
	}

	/**
	 * A final, unmasked binary frame.
	 * @param payload the payload
	 * @return the frame
	 */
	public static Frame binary(byte[] payload) {
		return builder().opcode(BINARY).payload(payload).build();
	}

	/**
	 * A ping frame.
	 * @param payload the application data (at most 125 bytes for a valid ping)
	 * @return the frame
	 */
	public static Frame ping(byte[] payload) {
		return builder().opcode(PING).payload(payload).build();
	}

	/**
	 * A ping frame.
	 * @param payload the application data, encoded as UTF-8
	 * @return the frame
	 */
	public static Frame ping(String payload) {
		return ping(utf8(payload));
	}

	/**
	 * A pong frame.
	 * @param payload the application data (a ping's payload when answering it)
	 * @return the frame
	 */
	public static Frame pong(byte[] payload) {
		return builder().opcode(PONG).payload(payload).build();
	}

	/**
	 * A pong frame.
	 * @param payload the application data, encoded as UTF-8
	 * @return the frame
	 */
	public static Frame pong(String payload) {
		return pong(utf8(payload));
	}

	/**
	 * A close frame with a status code and a reason. The code is not validated, so
	 * invalid codes (for example 1005 or 999) can be sent on purpose.
	 * @param code the close code (written as an unsigned 16-bit number)
	 * @param reason the reason, encoded as UTF-8
	 * @return the frame
	 */
	public static Frame close(int code, String reason) {
		byte[] reasonBytes = utf8(reason);
		ByteBuffer buffer = ByteBuffer.allocate(2 + reasonBytes.length);
		buffer.putShort((short) code).put(reasonBytes);
		return closeRaw(buffer.array());
	}

	/**
	 * A close frame without payload (no status code).
	 * @return the frame
	 */
	public static Frame close() {
		return closeRaw(EMPTY);
	}

	/**
	 * A close frame with an arbitrary payload, for example a single byte or invalid
	 * UTF-8.
	 * @param payload the payload
	 * @return the frame
	 */
	public static Frame closeRaw(byte[] payload) {
		return builder().opcode(CLOSE).payload(payload).build();
	}

	/**
	 * A continuation frame.
	 * @param payload the payload
	 * @param fin whether this is the last fragment
	 * @return the frame
	 */
	public static Frame continuation(byte[] payload, boolean fin) {
		return builder().opcode(CONTINUATION).fin(fin).payload(payload).build();
	}

	/**
	 * A continuation frame.
	 * @param payload the payload, encoded as UTF-8
	 * @param fin whether this is the last fragment
	 * @return the frame
	 */
	public static Frame continuation(String payload, boolean fin) {
		return continuation(utf8(payload), fin);
	}

	/**
	 * Return a builder initialised with this frame.
	 * @return a new builder
	 */
	public Builder toBuilder() {
		Builder builder = builder().fin(this.fin).rsv(this.rsv).opcode(this.opcode).payload(this.payload);
		builder.lengthBits = this.lengthBits;
		if (this.maskKey != null) {
			builder.mask(this.maskKey);
		}
		return builder;
	}

	/**
	 * Return whether the FIN bit is set.
	 * @return the FIN bit
	 */
	public boolean fin() {
		return this.fin;
	}

	/**
	 * Return the three RSV bits as a number: RSV1 is 4, RSV2 is 2, RSV3 is 1.
	 * @return 0 to 7
	 */
	public int rsv() {
		return this.rsv;
	}

	/**
	 * Return whether RSV1 (permessage-deflate's "compressed" bit) is set.
	 * @return the RSV1 bit
	 */
	public boolean rsv1() {
		return (this.rsv & 0b100) != 0;
	}

	/**
	 * Return whether RSV2 is set.
	 * @return the RSV2 bit
	 */
	public boolean rsv2() {
		return (this.rsv & 0b010) != 0;
	}

	/**
	 * Return whether RSV3 is set.
	 * @return the RSV3 bit
	 */
	public boolean rsv3() {
		return (this.rsv & 0b001) != 0;
	}

	/**
	 * Return the opcode.
	 * @return 0 to 15
	 */
	public int opcode() {
		return this.opcode;
	}

	/**
	 * Return whether this is a control frame (opcode 8 or higher).
	 * @return whether this is a control frame
	 */
	public boolean isControl() {
		return this.opcode >= CLOSE;
	}

	/**
	 * Return whether the frame is (or, when decoded, was) masked.
	 * @return the MASK bit
	 */
	public boolean masked() {
		return this.maskKey != null;
	}

	/**
	 * Return a copy of the four-byte masking key.
	 * @return the key, or {@code null} when unmasked
	 */
	public byte @Nullable [] maskKey() {
		return (this.maskKey != null) ? this.maskKey.clone() : null;
	}

	/**
	 * Return a copy of the unmasked payload.
	 * @return the payload
	 */
	public byte[] payload() {
		return this.payload.clone();
	}

	/**
	 * Return the payload length.
	 * @return the number of payload bytes
	 */
	public int length() {
		return this.payload.length;
	}

	/**
	 * Return the payload decoded as UTF-8 (invalid sequences are replaced).
	 * @return the payload as text
	 */
	public String text() {
		return new String(this.payload, StandardCharsets.UTF_8);
	}

	/**
	 * Return the status code of a close frame.
	 * @return the code, or {@link #NO_STATUS_CODE} when the payload is shorter than two
	 * bytes
	 * @throws IllegalStateException if this is not a close frame
	 */
	public int closeCode() {
		requireClose();
		if (this.payload.length < 2) {
			return NO_STATUS_CODE;
		}
		return ((this.payload[0] & 0xFF) << 8) | (this.payload[1] & 0xFF);
	}

	/**
	 * Return the reason of a close frame, decoded as UTF-8.
	 * @return the reason, empty when there is none
	 * @throws IllegalStateException if this is not a close frame
	 */
	public String closeReason() {
		requireClose();
		if (this.payload.length <= 2) {
			return "";
		}
		return new String(this.payload, 2, this.payload.length - 2, StandardCharsets.UTF_8);
	}

	private void requireClose() {
		if (this.opcode != CLOSE) {
			throw new IllegalStateException("not a close frame: " + this);
		}
	}

	/**
	 * Encode the frame as it goes over the wire: header, extended length (7, 16 or 64
	 * bits; the shortest unless the builder forced one), masking key and the payload,
	 * masked when a key is set.
	 * @return the encoded frame
	 */
	public byte[] encode() {
		int bits = (this.lengthBits != 0) ? this.lengthBits : minimalLengthBits(this.payload.length);
		int headerLength = 2 + ((bits == 16) ? 2 : (bits == 64) ? 8 : 0) + ((this.maskKey != null) ? 4 : 0);
		ByteBuffer buffer = ByteBuffer.allocate(headerLength + this.payload.length);
		buffer.put((byte) ((this.fin ? 0x80 : 0) | (this.rsv << 4) | this.opcode));
		int maskBit = (this.maskKey != null) ? 0x80 : 0;
		if (bits == 7) {
			buffer.put((byte) (maskBit | this.payload.length));
		}
		else if (bits == 16) {
			buffer.put((byte) (maskBit | 126)).putShort((short) this.payload.length);
		}
		else {
			buffer.put((byte) (maskBit | 127)).putLong(this.payload.length);
		}
		if (this.maskKey != null) {
			buffer.put(this.maskKey);
			for (int i = 0; i < this.payload.length; i++) {
				buffer.put((byte) (this.payload[i] ^ this.maskKey[i & 3]));
			}
		}
		else {
			buffer.put(this.payload);
		}
		return buffer.array();
	}

	private static int minimalLengthBits(int length) {
		if (length <= 125) {
			return 7;
		}
		return (length <= 0xFFFF) ? 16 : 64;
	}

	/**
	 * Decode one frame from the start of {@code buffer[offset, offset + available)},
	 * unmasking its payload and recording its masking key.
	 * @param buffer the bytes
	 * @param offset where the frame starts
	 * @param available how many bytes are there
	 * @return the frame and the number of bytes it took, or {@code null} when the bytes
	 * end before the frame does
	 * @throws IllegalArgumentException if the declared length does not fit in an int
	 */
	public static @Nullable Decoded decode(byte[] buffer, int offset, int available) {
		if (available < 2) {
			return null;
		}
		int b0 = buffer[offset] & 0xFF;
		int b1 = buffer[offset + 1] & 0xFF;
		boolean masked = (b1 & 0x80) != 0;
		int length7 = b1 & 0x7F;
		int position = 2;
		long length;
		int lengthBits;
		if (length7 == 126) {
			if (available < position + 2) {
				return null;
			}
			length = ((buffer[offset + 2] & 0xFFL) << 8) | (buffer[offset + 3] & 0xFFL);
			position += 2;
			lengthBits = 16;
		}
		else if (length7 == 127) {
			if (available < position + 8) {
				return null;
			}
			length = ByteBuffer.wrap(buffer, offset + position, 8).getLong();
			position += 8;
			lengthBits = 64;
		}
		else {
			length = length7;
			lengthBits = 7;
		}
		if (length < 0 || length > Integer.MAX_VALUE - 64) {
			throw new IllegalArgumentException("frame length " + Long.toUnsignedString(length) + " is too large");
		}
		byte[] key = null;
		if (masked) {
			if (available < position + 4) {
				return null;
			}
			key = Arrays.copyOfRange(buffer, offset + position, offset + position + 4);
			position += 4;
		}
		if (available - position < length) {
			return null;
		}
		byte[] payload = Arrays.copyOfRange(buffer, offset + position, offset + position + (int) length);
		if (key != null) {
			for (int i = 0; i < payload.length; i++) {
				payload[i] ^= key[i & 3];
			}
		}
		Builder builder = builder().fin((b0 & 0x80) != 0)
			.rsv((b0 >> 4) & 0b111)
			.opcode(b0 & 0x0F)
			.payload(payload)
			.lengthBits(lengthBits);
		if (key != null) {
			builder.mask(key);
		}
		return new Decoded(builder.build(), position + (int) length);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		if (this == other) {
			return true;
		}
		if (!(other instanceof Frame frame)) {
			return false;
		}
		return this.fin == frame.fin && this.rsv == frame.rsv && this.opcode == frame.opcode
				&& Arrays.equals(this.maskKey, frame.maskKey) && Arrays.equals(this.payload, frame.payload);
	}

	@Override
	public int hashCode() {
		int result = Boolean.hashCode(this.fin);
		result = 31 * result + this.rsv;
		result = 31 * result + this.opcode;
		result = 31 * result + Arrays.hashCode(this.maskKey);
		return 31 * result + Arrays.hashCode(this.payload);
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder("Frame[");
		text.append(opcodeName(this.opcode)).append(", fin=").append(this.fin);
		if (this.rsv != 0) {
			text.append(", rsv=").append(Integer.toBinaryString(0b1000 | this.rsv).substring(1));
		}
		if (this.maskKey != null) {
			text.append(", mask=").append(HexFormat.of().formatHex(this.maskKey));
		}
		text.append(", length=").append(this.payload.length);
		if (this.opcode == CLOSE && this.payload.length >= 2) {
			text.append(", code=").append(closeCode()).append(", reason='").append(closeReason()).append('\'');
		}
		else if (this.payload.length <= 64) {
			text.append(", payload=").append(HexFormat.of().formatHex(this.payload));
		}
		return text.append(']').toString();
	}

	private static String opcodeName(int opcode) {
		return switch (opcode) {
			case CONTINUATION -> "CONTINUATION";
			case TEXT -> "TEXT";
			case BINARY -> "BINARY";
			case CLOSE -> "CLOSE";
			case PING -> "PING";
			case PONG -> "PONG";
			default -> "OPCODE_" + opcode;
		};
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * A decoded frame and how many bytes it took on the wire.
	 *
	 * @param frame the frame
	 * @param wireLength the number of bytes consumed
	 */
	public record Decoded(Frame frame, int wireLength) {

	}

	/**
	 * Builds a {@link Frame}; nothing is validated, so frames that break RFC 6455 can be
	 * made.
	 */
	public static final class Builder {

		private boolean fin = true;

		private int rsv;

		private int opcode = TEXT;

		private byte @Nullable [] maskKey;

		private byte[] payload = EMPTY;

		private int lengthBits;

		private Builder() {
		}

		/**
		 * Set the FIN bit.
		 * @param fin whether this is the final fragment
		 * @return this builder
		 */
		public Builder fin(boolean fin) {
			this.fin = fin;
			return this;
		}

		/**
		 * Set the three RSV bits as a number: RSV1 is 4, RSV2 is 2, RSV3 is 1.
		 * @param rsv 0 to 7
		 * @return this builder
		 */
		public Builder rsv(int rsv) {
			if (rsv < 0 || rsv > 7) {
				throw new IllegalArgumentException("rsv must be 0..7 but was " + rsv);
			}
			this.rsv = rsv;
			return this;
		}

		/**
		 * Set or clear RSV1.
		 * @param set whether RSV1 is set
		 * @return this builder
		 */
		public Builder rsv1(boolean set) {
			return rsv(set ? (this.rsv | 0b100) : (this.rsv & 0b011));
		}

		/**
		 * Set the opcode; reserved ones (3-7, 11-15) are allowed.
		 * @param opcode 0 to 15
		 * @return this builder
		 */
		public Builder opcode(int opcode) {
			if (opcode < 0 || opcode > 15) {
				throw new IllegalArgumentException("opcode must be 0..15 but was " + opcode);
			}
			this.opcode = opcode;
			return this;
		}

		/**
		 * Mask the frame with the given key (servers must not do this; clients must).
		 * @param key four bytes
		 * @return this builder
		 */
		public Builder mask(byte[] key) {
			if (key.length != 4) {
				throw new IllegalArgumentException("a masking key has 4 bytes but this one has " + key.length);
			}
			this.maskKey = key.clone();
			return this;
		}

		/**
		 * Send the frame unmasked.
		 * @return this builder
		 */
		public Builder unmasked() {
			this.maskKey = null;
			return this;
		}

		/**
		 * Set the payload.
		 * @param payload the unmasked payload
		 * @return this builder
		 */
		public Builder payload(byte[] payload) {
			this.payload = payload.clone();
			return this;
		}

		/**
		 * Set the payload.
		 * @param payload the payload, encoded as UTF-8
		 * @return this builder
		 */
		public Builder payload(String payload) {
			this.payload = utf8(payload);
			return this;
		}

		/**
		 * Force the length encoding instead of the shortest one, to send non-minimal
		 * lengths (for example a 5-byte payload with a 64-bit length).
		 * @param bits 7, 16 or 64, or 0 for the shortest encoding
		 * @return this builder
		 */
		public Builder lengthBits(int bits) {
			if (bits != 0 && bits != 7 && bits != 16 && bits != 64) {
				throw new IllegalArgumentException("length encoding must be 0, 7, 16 or 64 bits but was " + bits);
			}
			this.lengthBits = bits;
			return this;
		}

		/**
		 * Build the frame.
		 * @return the frame
		 * @throws IllegalArgumentException if a forced length encoding cannot hold the
		 * payload
		 */
		public Frame build() {
			if ((this.lengthBits == 7 && this.payload.length > 125)
					|| (this.lengthBits == 16 && this.payload.length > 0xFFFF)) {
				throw new IllegalArgumentException(
						this.payload.length + " bytes do not fit a " + this.lengthBits + "-bit length");
			}
			return new Frame(this);
		}

	}

}
