package dev.wsclient.test.server;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * A whole message (fragments joined) a {@link MockWsServer} received from a client.
 *
 * @since 0.1.0
 */
public final class ReceivedMessage {

	private static final int SHOWN_CHARACTERS = 64;

	private final int connectionIndex;

	private final boolean text;

	private final byte[] payload;

	ReceivedMessage(int connectionIndex, boolean text, byte[] payload) {
		this.connectionIndex = connectionIndex;
		this.text = text;
		this.payload = payload;
	}

	/**
	 * Return the index of the connection it arrived on
	 * ({@link MockWsConnection#index()}).
	 * @return the connection index
	 */
	public int connectionIndex() {
		return this.connectionIndex;
	}

	/**
	 * Return whether it is a text message rather than a binary one.
	 * @return whether it is text
	 */
	public boolean isText() {
		return this.text;
	}

	/**
	 * Return the payload as text.
	 * @return the text
	 * @throws IllegalStateException if this is a binary message
	 */
	public String text() {
		if (!this.text) {
			throw new IllegalStateException("binary message of " + this.payload.length + " bytes has no text");
		}
		return new String(this.payload, StandardCharsets.UTF_8);
	}

	/**
	 * Return a copy of the payload, for text its UTF-8 bytes.
	 * @return the payload
	 */
	public byte[] bytes() {
		return this.payload.clone();
	}

	/**
	 * Return the payload size.
	 * @return the size in bytes
	 */
	public int size() {
		return this.payload.length;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof ReceivedMessage message && message.connectionIndex == this.connectionIndex
				&& message.text == this.text && Arrays.equals(message.payload, this.payload);
	}

	@Override
	public int hashCode() {
		return 31 * Boolean.hashCode(this.text) + Arrays.hashCode(this.payload);
	}

	@Override
	public String toString() {
		if (!this.text) {
			return "binary message of " + this.payload.length + " bytes";
		}
		String text = text();
		return "text message '"
				+ ((text.length() > SHOWN_CHARACTERS) ? text.substring(0, SHOWN_CHARACTERS) + "..." : text) + "'";
	}

}
