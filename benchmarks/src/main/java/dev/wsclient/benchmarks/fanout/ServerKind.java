package dev.wsclient.benchmarks.fanout;

/** The servers the fan-out benchmark compares. */
enum ServerKind {

	/** The minimal WebFlux fan-out, {@link FloorApplication}. */
	FLOOR("floor", "minimal WebFlux SSE endpoint on a `directBestEffort` sink (floor)"),

	/** The bridge's executable jar, with API-key security as users run it. */
	BRIDGE("bridge", "wsclient bridge (`sample-app` jar), API-key reads");

	private final String id;

	private final String label;

	ServerKind(String id, String label) {
		this.id = id;
		this.label = label;
	}

	String id() {
		return this.id;
	}

	String label() {
		return this.label;
	}

}
