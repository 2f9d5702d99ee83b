package dev.wsclient.benchmarks.client;

import java.util.List;

/** The clients under test, by the id the driver passes to a client JVM. */
public final class Clients {

	/** The ids of every client, the floor first. */
	public static final List<String> IDS = List.of("reactor-netty", "wsclient", "wsclient-flux", "starter-events-off",
			"starter-events-on", "starter-listener", "starter-json-raw", "webflux", "jdk", "okhttp", "jetty");

	private Clients() {
	}

	/**
	 * Create a client.
	 * @param id one of {@link #IDS}
	 * @return the client
	 */
	public static BenchClient create(String id) {
		return switch (id) {
			case "reactor-netty" -> new ReactorNettyBench();
			case "wsclient" -> new WsClientBench(false);
			case "wsclient-flux" -> new WsClientBench(true);
			case "starter-events-off" -> new StarterBench(StarterBench.Mode.EVENTS_OFF);
			case "starter-events-on" -> new StarterBench(StarterBench.Mode.EVENTS_ON);
			case "starter-listener" -> new StarterBench(StarterBench.Mode.LISTENER);
			case "starter-json-raw" -> new StarterBench(StarterBench.Mode.JSON_BY_HAND);
			case "webflux" -> new WebFluxBench();
			case "jdk" -> new JdkBench();
			case "okhttp" -> new OkHttpBench();
			case "jetty" -> new JettyBench();
			default -> throw new IllegalArgumentException("unknown client " + id + "; known: " + IDS);
		};
	}

}
