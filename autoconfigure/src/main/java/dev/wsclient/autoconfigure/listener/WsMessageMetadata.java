package dev.wsclient.autoconfigure.listener;

import java.time.Instant;

import dev.wsclient.core.WsMessage;
import dev.wsclient.core.WsOpcode;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link WsClientListener} method may know about a message besides its payload:
 * the client that received it, its opcode and size, and when it was read from the socket.
 *
 * @since 0.2.0
 */
public final class WsMessageMetadata {

	private final String clientName;

	private final WsMessage message;

	WsMessageMetadata(String clientName, WsMessage message) {
		this.clientName = clientName;
		this.message = message;
	}

	/**
	 * Return the name of the client that received the message.
	 * @return the client name, its key in {@code wsclient.clients}
	 */
	public String clientName() {
		return this.clientName;
	}

	/**
	 * Return the message's opcode.
	 * @return {@link WsOpcode#TEXT} or {@link WsOpcode#BINARY}
	 */
	public WsOpcode opcode() {
		return this.message.opcode();
	}

	/**
	 * Return the payload size.
	 * @return the size in bytes
	 */
	public int size() {
		return this.message.size();
	}

	/**
	 * Return when the message was read from the socket, on the wall clock.
	 * @return the time of receipt; {@code null} only for a message that did not come from
	 * a socket
	 * @see WsMessage#receivedAt()
	 */
	public @Nullable Instant receivedAt() {
		return this.message.receivedAt();
	}

	/**
	 * Return the {@link System#nanoTime()} of the message's receipt, for latencies within
	 * this JVM: {@code System.nanoTime() - receivedNanos()} is how long ago it was read,
	 * the time it waited behind slower messages included.
	 * @return the monotonic time of receipt, {@code 0} for a message that did not come
	 * from a socket
	 * @see WsMessage#receivedNanos()
	 */
	public long receivedNanos() {
		return this.message.receivedNanos();
	}

	@Override
	public String toString() {
		return "WsMessageMetadata[client=" + this.clientName + ", " + this.message + "]";
	}

}
