package dev.wsclient.core;

/**
 * What a client offers for permessage-deflate compression (RFC 7692). The client always
 * offers {@code client_max_window_bits}, so that a server may ask it for a smaller
 * window, and accepts every valid answer of the server; the settings here shape the
 * offer:
 *
 * <ul>
 * <li>{@code clientNoContextTakeover}: the client compresses each message on its own
 * (less memory between messages, less compression); offered as
 * {@code client_no_context_takeover}.</li>
 * <li>{@code serverNoContextTakeover}: asks the server to compress each message on its
 * own ({@code server_no_context_takeover}); a server that will not is refused.</li>
 * <li>{@code clientMaxWindowBits}: the largest LZ77 window the client compresses with, 8
 * to 15 (15 by default, offered as a bare {@code client_max_window_bits}); the server may
 * ask for a smaller one.</li>
 * <li>{@code serverMaxWindowBits}: the largest window the server may compress with, 8 to
 * 15 (15 by default, not offered); the server must answer with this or less.</li>
 * </ul>
 *
 * @param clientNoContextTakeover whether the client compresses each message on its own
 * @param serverNoContextTakeover whether to ask the server to compress each message on
 * its own
 * @param clientMaxWindowBits the largest window the client compresses with
 * @param serverMaxWindowBits the largest window the server may compress with
 * @since 0.2.0
 */
public record WsCompression(boolean clientNoContextTakeover, boolean serverNoContextTakeover, int clientMaxWindowBits,
		int serverMaxWindowBits) {

	/** The largest window RFC 7692 allows, and the default. */
	public static final int MAX_WINDOW_BITS = 15;

	/** The smallest window RFC 7692 allows. */
	public static final int MIN_WINDOW_BITS = 8;

	/** Offer permessage-deflate with context takeover and full windows both ways. */
	public static final WsCompression DEFAULT = new WsCompression(false, false, MAX_WINDOW_BITS, MAX_WINDOW_BITS);

	public WsCompression {
		requireWindowBits(clientMaxWindowBits, "clientMaxWindowBits");
		requireWindowBits(serverMaxWindowBits, "serverMaxWindowBits");
	}

	/**
	 * Return a copy where the client does or does not keep its compression context.
	 * @param noContextTakeover whether each message is compressed on its own
	 * @return the offer
	 */
	public WsCompression withClientNoContextTakeover(boolean noContextTakeover) {
		return new WsCompression(noContextTakeover, this.serverNoContextTakeover, this.clientMaxWindowBits,
				this.serverMaxWindowBits);
	}

	/**
	 * Return a copy that does or does not ask the server to drop its context.
	 * @param noContextTakeover whether to ask the server to compress each message on its
	 * own
	 * @return the offer
	 */
	public WsCompression withServerNoContextTakeover(boolean noContextTakeover) {
		return new WsCompression(this.clientNoContextTakeover, noContextTakeover, this.clientMaxWindowBits,
				this.serverMaxWindowBits);
	}

	/**
	 * Return a copy with another client window.
	 * @param windowBits 8 to 15
	 * @return the offer
	 */
	public WsCompression withClientMaxWindowBits(int windowBits) {
		return new WsCompression(this.clientNoContextTakeover, this.serverNoContextTakeover, windowBits,
				this.serverMaxWindowBits);
	}

	/**
	 * Return a copy with another server window.
	 * @param windowBits 8 to 15
	 * @return the offer
	 */
	public WsCompression withServerMaxWindowBits(int windowBits) {
		return new WsCompression(this.clientNoContextTakeover, this.serverNoContextTakeover, this.clientMaxWindowBits,
				windowBits);
	}

	private static void requireWindowBits(int bits, String name) {
		if (bits < MIN_WINDOW_BITS || bits > MAX_WINDOW_BITS) {
			throw new IllegalArgumentException(
					name + " must be between " + MIN_WINDOW_BITS + " and " + MAX_WINDOW_BITS + " but was " + bits);
		}
	}

}
