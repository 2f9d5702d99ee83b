package dev.wsclient.bridge.stream;

import dev.wsclient.core.WsMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.jspecify.annotations.Nullable;

/**
 * How a downstream subscriber receives a stream: what goes on its connection for each
 * message, and around them. Also the {@code transport} tag of the bridge's meters.
 */
public enum Transport {

	/** Server-Sent Events: {@code GET /streams/{client}}. */
	SSE("sse") {

		@Override
		ByteBuf encode(EventId id, WsMessage message) {
			return ServerSentEvents.message(id, message);
		}

		@Override
		@Nullable ByteBuf opening(String client, ByteBufAllocator allocator) {
			return ServerSentEvents.comment(allocator, "stream of client " + client);
		}

		@Override
		@Nullable ByteBuf start(StreamStart start, ByteBufAllocator allocator) {
			return (start.gap() != null) ? ServerSentEvents.gap(allocator, start) : null;
		}

		@Override
		ByteBuf keepAlive(ByteBufAllocator allocator) {
			return ServerSentEvents.comment(allocator, "heartbeat");
		}

		@Override
		@Nullable ByteBuf ending(Ending ending, ByteBufAllocator allocator) {
			return (ending.reason() != Ending.Reason.SHUTDOWN) ? ServerSentEvents.error(allocator, ending) : null;
		}

	},

	/** WebSocket: {@code ws://.../streams/{client}}. */
	WEBSOCKET("websocket") {

		@Override
		ByteBuf encode(EventId id, WsMessage message) {
			return WebSocketFrames.message(message);
		}

		@Override
		@Nullable ByteBuf opening(String client, ByteBufAllocator allocator) {
			return null;
		}

		@Override
		@Nullable ByteBuf start(StreamStart start, ByteBufAllocator allocator) {
			return start.announce() ? WebSocketFrames.text(allocator, start.json()) : null;
		}

		@Override
		ByteBuf keepAlive(ByteBufAllocator allocator) {
			return WebSocketFrames.ping(allocator);
		}

		@Override
		@Nullable ByteBuf ending(Ending ending, ByteBufAllocator allocator) {
			// The close frame follows the stream: see StreamWebSocket.
			return null;
		}

	};

	private final String tag;

	Transport(String tag) {
		this.tag = tag;
	}

	/**
	 * Return the value of the {@code transport} tag.
	 * @return the tag value
	 */
	public String tag() {
		return this.tag;
	}

	/**
	 * Encode a message once for every subscriber of this transport, in a direct buffer of
	 * its own (not pooled, so that its release can be told apart from a reuse).
	 * @param id the message's id
	 * @param message the message
	 * @return the encoded message
	 */
	abstract ByteBuf encode(EventId id, WsMessage message);

	/**
	 * Return what opens a subscriber's stream.
	 * @param client the client name
	 * @param allocator the connection's allocator
	 * @return what to send first, or {@code null} for nothing
	 */
	abstract @Nullable ByteBuf opening(String client, ByteBufAllocator allocator);

	/**
	 * Return what tells a subscriber where its stream starts, after the opening and
	 * before any message: for SSE a {@code gap} event when it missed messages the bridge
	 * no longer holds; for a WebSocket that asked for ids, a {@code resume} or
	 * {@code gap} text frame.
	 * @param start where the stream starts
	 * @param allocator the connection's allocator
	 * @return what to send, or {@code null} for nothing
	 */
	abstract @Nullable ByteBuf start(StreamStart start, ByteBufAllocator allocator);

	/**
	 * Return what keeps an idle stream alive: an SSE comment, a WebSocket ping.
	 * @param allocator the connection's allocator
	 * @return what to send
	 */
	abstract ByteBuf keepAlive(ByteBufAllocator allocator);

	/**
	 * Return what a subscriber gets last when the bridge ends its stream.
	 * @param ending why the stream ends
	 * @param allocator the connection's allocator
	 * @return what to send last, or {@code null} for nothing
	 */
	abstract @Nullable ByteBuf ending(Ending ending, ByteBufAllocator allocator);

}
