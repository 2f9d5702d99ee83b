package dev.wsclient.core;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketClientExtension;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateClientExtensionHandshaker;
import org.jspecify.annotations.Nullable;

/**
 * permessage-deflate negotiation (RFC 7692 section 7): the client's offer, and the check
 * of the server's answer, which the client does itself rather than through Netty's
 * extension handshaker, so that every valid answer is accepted (RFC 7692 lets a server
 * add {@code client_no_context_takeover} or {@code server_max_window_bits} that were not
 * asked for) and every invalid one fails with -7 and a reason naming the parameter.
 *
 * <p>
 * The client inflates by itself; what it sends is deflated by Netty's permessage-deflate
 * encoder, built here for exactly the parameters negotiated. A window smaller than 15
 * bits for the client's own messages makes Netty deflate with JZlib, the JDK's
 * {@code Deflater} having no window setting. zlib cannot deflate within 8 bits (it widens
 * such a window to 9): a server that asks for 8 gets the client's messages uncompressed,
 * which RFC 7692 allows for any message.
 */
final class DeflateNegotiation {

	static final String EXTENSION = "permessage-deflate";

	private static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";

	private static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";

	private static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";

	private static final String CLIENT_MAX_WINDOW_BITS = "client_max_window_bits";

	// The smallest window zlib deflates within.
	private static final int MIN_DEFLATE_WINDOW_BITS = 9;

	// zlib's default, as Netty's own client handshaker uses.
	private static final int COMPRESSION_LEVEL = 6;

	private DeflateNegotiation() {
	}

	/**
	 * Return the {@code Sec-WebSocket-Extensions} value that offers compression.
	 * @param offer the offer
	 * @return the header value
	 */
	static String offer(WsCompression offer) {
		StringBuilder header = new StringBuilder(EXTENSION);
		if (offer.clientNoContextTakeover()) {
			header.append("; ").append(CLIENT_NO_CONTEXT_TAKEOVER);
		}
		if (offer.serverNoContextTakeover()) {
			header.append("; ").append(SERVER_NO_CONTEXT_TAKEOVER);
		}
		if (offer.serverMaxWindowBits() < WsCompression.MAX_WINDOW_BITS) {
			header.append("; ").append(SERVER_MAX_WINDOW_BITS).append('=').append(offer.serverMaxWindowBits());
		}
		// Always offered, so that a server may ask for a smaller window (RFC 7692
		// 7.1.2.2): without it, servers that want to set it decline compression.
		header.append("; ").append(CLIENT_MAX_WINDOW_BITS);
		if (offer.clientMaxWindowBits() < WsCompression.MAX_WINDOW_BITS) {
			header.append('=').append(offer.clientMaxWindowBits());
		}
		return header.toString();
	}

	/**
	 * Check the server's answer to the offer.
	 * @param offer what the client offered
	 * @param response the {@code Sec-WebSocket-Extensions} of the handshake response, or
	 * {@code null}
	 * @return what was negotiated, or {@code null} when the server declined compression
	 * @throws Rejected when the answer is not a valid acceptance of the offer
	 */
	static @Nullable Negotiated accept(WsCompression offer, @Nullable String response) {
		if (response == null || response.isBlank()) {
			return null;
		}
		String[] extensions = response.split(",", -1);
		if (extensions.length > 1) {
			throw new Rejected("the server answered " + extensions.length
					+ " extensions; the client offered permessage-deflate only, once");
		}
		String[] elements = extensions[0].split(";", -1);
		String name = elements[0].strip();
		if (!EXTENSION.equalsIgnoreCase(name)) {
			throw new Rejected("the server accepted the extension '" + name + "', which the client did not offer");
		}
		Map<String, @Nullable String> parameters = new LinkedHashMap<>();
		for (int i = 1; i < elements.length; i++) {
			String element = elements[i].strip();
			int equals = element.indexOf('=');
			String parameter = ((equals >= 0) ? element.substring(0, equals) : element).strip()
				.toLowerCase(Locale.ROOT);
			String value = (equals >= 0) ? unquote(element.substring(equals + 1).strip()) : null;
			if (parameters.containsKey(parameter)) {
				throw new Rejected("permessage-deflate parameter '" + parameter + "' appears more than once");
			}
			parameters.put(parameter, value);
		}
		return negotiate(offer, parameters);
	}

	/**
	 * Check the answer of a server offered no extension: it must accept none.
	 * @param response the {@code Sec-WebSocket-Extensions} of the handshake response, or
	 * {@code null}
	 * @return {@code null}: nothing negotiated
	 * @throws Rejected when the server names an extension anyway
	 */
	static @Nullable Negotiated acceptNone(@Nullable String response) {
		if (response != null && !response.isBlank()) {
			throw new Rejected(
					"the server accepted the extension '" + response.strip() + "', which the client did not offer");
		}
		return null;
	}

	private static Negotiated negotiate(WsCompression offer, Map<String, @Nullable String> parameters) {
		boolean serverNoContextTakeover = false;
		boolean clientNoContextTakeover = offer.clientNoContextTakeover();
		int clientWindowBits = offer.clientMaxWindowBits();
		Integer serverWindowBits = null;
		for (Map.Entry<String, @Nullable String> parameter : parameters.entrySet()) {
			String name = parameter.getKey();
			String value = parameter.getValue();
			switch (name) {
				case SERVER_NO_CONTEXT_TAKEOVER -> {
					requireNoValue(name, value);
					serverNoContextTakeover = true;
				}
				case CLIENT_NO_CONTEXT_TAKEOVER -> {
					// Allowed whether offered or not (RFC 7692 7.1.1.2).
					requireNoValue(name, value);
					clientNoContextTakeover = true;
				}
				case SERVER_MAX_WINDOW_BITS -> serverWindowBits = windowBits(name, value);
				case CLIENT_MAX_WINDOW_BITS -> clientWindowBits = Math.min(clientWindowBits, windowBits(name, value));
				default -> throw new Rejected("unknown permessage-deflate parameter '" + name + "'");
			}
		}
		if (offer.serverNoContextTakeover() && !serverNoContextTakeover) {
			throw new Rejected("the server did not accept the offered " + SERVER_NO_CONTEXT_TAKEOVER);
		}
		if (offer.serverMaxWindowBits() < WsCompression.MAX_WINDOW_BITS) {
			if (serverWindowBits == null) {
				throw new Rejected("the server did not answer the offered " + SERVER_MAX_WINDOW_BITS + "="
						+ offer.serverMaxWindowBits());
			}
			if (serverWindowBits > offer.serverMaxWindowBits()) {
				throw new Rejected(SERVER_MAX_WINDOW_BITS + "=" + serverWindowBits + " is larger than the offered "
						+ offer.serverMaxWindowBits());
			}
		}
		if (clientWindowBits < MIN_DEFLATE_WINDOW_BITS) {
			return new Negotiated(null);
		}
		Map<String, String> negotiated = new LinkedHashMap<>();
		if (clientNoContextTakeover) {
			// Netty reads no value for it.
			negotiated.put(CLIENT_NO_CONTEXT_TAKEOVER, "");
		}
		if (clientWindowBits < WsCompression.MAX_WINDOW_BITS) {
			negotiated.put(CLIENT_MAX_WINDOW_BITS, Integer.toString(clientWindowBits));
		}
		// The inflating side is the client's own; Netty's extension only encodes here.
		// No limit on what it allocates: it only deflates, what the application sends.
		WebSocketClientExtension extension = new PerMessageDeflateClientExtensionHandshaker(COMPRESSION_LEVEL, true,
				WsCompression.MAX_WINDOW_BITS, true, false, 0)
			.handshakeExtension(new WebSocketExtensionData(EXTENSION, negotiated));
		if (extension == null) {
			throw new Rejected("Netty's permessage-deflate encoder refused " + negotiated);
		}
		return new Negotiated(extension.newExtensionEncoder());
	}

	private static void requireNoValue(String name, @Nullable String value) {
		if (value != null) {
			throw new Rejected("permessage-deflate parameter '" + name + "' takes no value but has '" + value + "'");
		}
	}

	private static int windowBits(String name, @Nullable String value) {
		if (value == null) {
			throw new Rejected("permessage-deflate parameter '" + name + "' needs a value in the server's answer");
		}
		boolean digits = !value.isEmpty() && value.chars().allMatch((c) -> c >= '0' && c <= '9');
		int bits = (digits && value.length() <= 2 && value.charAt(0) != '0') ? Integer.parseInt(value) : -1;
		if (bits < WsCompression.MIN_WINDOW_BITS || bits > WsCompression.MAX_WINDOW_BITS) {
			throw new Rejected("permessage-deflate parameter '" + name + "' has the value '" + value
					+ "'; it must be a number from 8 to 15 without leading zeros");
		}
		return bits;
	}

	private static String unquote(String value) {
		return (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\""))
				? value.substring(1, value.length() - 1) : value;
	}

	/**
	 * permessage-deflate in use: the client inflates what it receives, and deflates what
	 * it sends with the deflater when there is one.
	 *
	 * @param deflater the encoder of outbound messages, or {@code null} to send them
	 * uncompressed
	 */
	record Negotiated(@Nullable ChannelHandler deflater) {
	}

	/** The server's answer does not accept the offer validly: -7. */
	static final class Rejected extends RuntimeException {

		private static final long serialVersionUID = 1L;

		Rejected(String reason) {
			super(reason, null, false, false);
		}

		WsCloseStatus status() {
			return WsCloseStatus.of(WsStatusCode.INVALID_HANDSHAKE, null,
					WsStatusCode.INVALID_HANDSHAKE.description() + ": " + getMessage());
		}

	}

}
