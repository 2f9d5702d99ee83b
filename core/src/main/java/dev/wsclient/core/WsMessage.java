package dev.wsclient.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One whole WebSocket message: a text or binary payload, reassembled from its fragments.
 * Instances are immutable and hold no network buffers, so they can be kept and passed
 * across threads freely.
 *
 * <p>
 * A message the client received also carries when it was read from the socket, on the
 * wall clock ({@link #receivedAt()}) and on the monotonic clock
 * ({@link #receivedNanos()}, for latencies within this JVM). Messages created by the
 * factory methods here have neither. The receive time is not part of
 * {@link #equals(Object)}: two messages are equal when their opcode and payload are.
 *
 * @since 0.1.0
 */
public final class WsMessage {

	private final WsOpcode opcode;

	private final byte[] payload;

	// Nanoseconds since the epoch (a long holds them until 2262), 0 when not received:
	// the Instant is built only when asked for, so receiving allocates nothing for it.
	private final long receivedAtEpochNanos;

	// System.nanoTime() at receipt, 0 when not received.
	private final long receivedNanos;

	// Decoded on first use: most binary feeds never need it, text feeds need it once.
	private volatile @Nullable String text;

	private WsMessage(WsOpcode opcode, byte[] payload, @Nullable String text, long receivedAtEpochNanos,
			long receivedNanos) {
		this.opcode = opcode;
		this.payload = payload;
		this.text = text;
		this.receivedAtEpochNanos = receivedAtEpochNanos;
		this.receivedNanos = receivedNanos;
	}

	/**
	 * Create a text message.
	 * @param text the text
	 * @return the message
	 */
	public static WsMessage text(String text) {
		Objects.requireNonNull(text, "text must not be null");
		return new WsMessage(WsOpcode.TEXT, text.getBytes(StandardCharsets.UTF_8), text, 0, 0);
	}

	/**
	 * Create a binary message holding a copy of the given bytes.
	 * @param bytes the payload
	 * @return the message
	 */
	public static WsMessage binary(byte[] bytes) {
		Objects.requireNonNull(bytes, "bytes must not be null");
		return new WsMessage(WsOpcode.BINARY, bytes.clone(), null, 0, 0);
	}

	/**
	 * Create a binary message holding a copy of the remaining bytes of the buffer (its
	 * position is not changed).
	 * @param buffer the payload
	 * @return the message
	 */
	public static WsMessage binary(ByteBuffer buffer) {
		Objects.requireNonNull(buffer, "buffer must not be null");
		byte[] bytes = new byte[buffer.remaining()];
		buffer.duplicate().get(bytes);
		return new WsMessage(WsOpcode.BINARY, bytes, null, 0, 0);
	}

	/**
	 * Create a message that takes ownership of the given array instead of copying it, for
	 * callers that build a payload and never touch it again. A text payload must be valid
	 * UTF-8: it is not checked here.
	 * @param opcode the opcode
	 * @param payload the payload, owned by the message from now on
	 * @return the message
	 */
	public static WsMessage wrap(WsOpcode opcode, byte[] payload) {
		return new WsMessage(Objects.requireNonNull(opcode, "opcode must not be null"),
				Objects.requireNonNull(payload, "payload must not be null"), null, 0, 0);
	}

	/**
	 * Create a message read from a socket, taking ownership of its payload as
	 * {@link #wrap(WsOpcode, byte[])} does. For the client's inbound path only: it is the
	 * one place that knows when a message was received.
	 * @param opcode the opcode
	 * @param payload the payload, owned by the message from now on
	 * @param receivedAtEpochNanos the wall-clock time of receipt, in nanoseconds since
	 * the epoch
	 * @param receivedNanos {@link System#nanoTime()} at receipt
	 * @return the message
	 */
	static WsMessage received(WsOpcode opcode, byte[] payload, long receivedAtEpochNanos, long receivedNanos) {
		return new WsMessage(Objects.requireNonNull(opcode, "opcode must not be null"),
				Objects.requireNonNull(payload, "payload must not be null"), null, receivedAtEpochNanos, receivedNanos);
	}

	/**
	 * Return the opcode.
	 * @return {@link WsOpcode#TEXT} or {@link WsOpcode#BINARY}
	 */
	public WsOpcode opcode() {
		return this.opcode;
	}

	/**
	 * Return whether this is a text message.
	 * @return whether the opcode is text
	 */
	public boolean isText() {
		return this.opcode == WsOpcode.TEXT;
	}

	/**
	 * Return the payload decoded as UTF-8. For text messages this is the text; binary
	 * payloads are decoded too, with malformed input replaced.
	 * @return the payload as text
	 */
	public String text() {
		String decoded = this.text;
		if (decoded == null) {
			decoded = new String(this.payload, StandardCharsets.UTF_8);
			this.text = decoded;
		}
		return decoded;
	}

	/**
	 * Return a read-only view of the payload.
	 * @return the payload
	 */
	public ByteBuffer payload() {
		return ByteBuffer.wrap(this.payload).asReadOnlyBuffer();
	}

	/**
	 * Return a copy of the payload.
	 * @return the payload bytes
	 */
	public byte[] bytes() {
		return this.payload.clone();
	}

	/**
	 * Return the payload size in bytes.
	 * @return the size
	 */
	public int size() {
		return this.payload.length;
	}

	/**
	 * Return when the client read this message from the socket, on the wall clock: for
	 * latencies across machines (with their clocks in sync). Messages in one socket read
	 * share their receive time.
	 * @return the wall-clock time of receipt, or {@code null} for a message that was not
	 * received from a socket (one created by {@link #text(String)}, {@link #binary} or
	 * {@link #wrap})
	 * @since 0.2.0
	 */
	public @Nullable Instant receivedAt() {
		long epochNanos = this.receivedAtEpochNanos;
		return (epochNanos != 0) ? Instant.ofEpochSecond(0, epochNanos) : null;
	}

	/**
	 * Return the value of {@link System#nanoTime()} when the client read this message
	 * from the socket: for latencies within this JVM, immune to wall-clock adjustments
	 * ({@code System.nanoTime() - message.receivedNanos()} is how long ago it arrived).
	 * @return the monotonic time of receipt in nanoseconds, or {@code 0} for a message
	 * that was not received from a socket
	 * @since 0.2.0
	 */
	public long receivedNanos() {
		return this.receivedNanos;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof WsMessage message) && this.opcode == message.opcode
				&& Arrays.equals(this.payload, message.payload);
	}

	@Override
	public int hashCode() {
		return 31 * this.opcode.hashCode() + Arrays.hashCode(this.payload);
	}

	/**
	 * Describe the message by its opcode and size; the payload is left out because it may
	 * hold secrets.
	 */
	@Override
	public String toString() {
		return "WsMessage[" + this.opcode + ", " + this.payload.length + " bytes]";
	}

}
