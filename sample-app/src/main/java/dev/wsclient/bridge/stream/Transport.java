package dev.wsclient.bridge.stream;

/**
 * How a downstream subscriber receives a stream, the {@code transport} tag of the
 * bridge's meters.
 */
public enum Transport {

	/** Server-Sent Events: {@code GET /streams/{client}}. */
	SSE("sse"),

	/** WebSocket: {@code ws://.../streams/{client}}. */
	WEBSOCKET("websocket");

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

}
