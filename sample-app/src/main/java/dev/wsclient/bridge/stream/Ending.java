package dev.wsclient.bridge.stream;

/**
 * Why the bridge ended a subscriber's stream.
 *
 * @param reason what happened
 * @param description the same in words, short enough for a WebSocket close reason
 * @param dropped how many messages received from the upstream the subscriber did not get
 */
public record Ending(Reason reason, String description, long dropped) {

	/**
	 * What happened.
	 */
	public enum Reason {

		/**
		 * The subscriber fell further behind than the messages the bridge keeps.
		 */
		SLOW("slow", "slow-subscriber", 1008),

		/**
		 * A WebSocket subscriber answered no ping and sent nothing for a whole ping
		 * interval.
		 */
		UNRESPONSIVE("unresponsive", "unresponsive-subscriber", 1001),

		/**
		 * The bridge is shutting down.
		 */
		SHUTDOWN("shutdown", "shutdown", 1001);

		private final String tag;

		private final String error;

		private final int closeCode;

		Reason(String tag, String error, int closeCode) {
			this.tag = tag;
			this.error = error;
			this.closeCode = closeCode;
		}

		/**
		 * Return the value of the {@code reason} tag of the disconnection meter.
		 * @return the tag value
		 */
		public String tag() {
			return this.tag;
		}

		/**
		 * Return the {@code error} field of the last SSE event.
		 * @return the error name
		 */
		public String error() {
			return this.error;
		}

		/**
		 * Return the WebSocket close code.
		 * @return the close code
		 */
		public int closeCode() {
			return this.closeCode;
		}

	}

}
