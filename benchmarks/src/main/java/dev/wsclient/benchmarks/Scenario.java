package dev.wsclient.benchmarks;

import java.util.List;
import java.util.Set;

/** What a client JVM can be asked to run, in the order of a full run. */
enum Scenario {

	/** Inbound throughput, binary 64 B. */
	BINARY_64("binary 64 B", Kind.THROUGHPUT, "throughput:binary:64", "throughput:binary:64"),

	/** Inbound throughput, binary 1 KiB. */
	BINARY_1K("binary 1 KiB", Kind.THROUGHPUT, "throughput:binary:1024", "throughput:binary:1024"),

	/** Inbound throughput, binary 64 KiB. */
	BINARY_64K("binary 64 KiB", Kind.THROUGHPUT, "throughput:binary:65536", "throughput:binary:65536"),

	/** Inbound throughput, text 1 KiB. */
	TEXT_1K("text 1 KiB", Kind.THROUGHPUT, "throughput:text:1024", "throughput:text:1024"),

	/** Sequential echo round trips of 64 B. */
	ECHO("echo 64 B", Kind.LATENCY, "echo", "echo"),

	/** Idle connections, 2 000 (200 in quick mode). */
	IDLE_2000("2 000 idle", Kind.IDLE, "idle:2000", "idle:200"),

	/** Idle connections, 10 000 (1 000 in quick mode). */
	IDLE_10000("10 000 idle", Kind.IDLE, "idle:10000", "idle:1000"),

	/** A slow subscriber of a blast larger than the heap. */
	SLOW_SUBSCRIBER("slow subscriber", Kind.SLOW, "slow", "slow"),

	/** Inbound throughput of small JSON records, read by a listener method or by hand. */
	JSON_TICK("JSON tick", Kind.LISTENER, "json", "json");

	private static final Set<String> IDLE_CLIENTS = Set.of("reactor-netty", "wsclient", "webflux", "jdk", "okhttp",
			"jetty");

	private static final Set<String> SLOW_CLIENTS = Set.of("reactor-netty", "wsclient");

	private static final Set<String> LISTENER_CLIENTS = Set.of("starter-listener", "starter-json-raw");

	private final String title;

	private final Kind kind;

	private final String argument;

	private final String quickArgument;

	Scenario(String title, Kind kind, String argument, String quickArgument) {
		this.title = title;
		this.kind = kind;
		this.argument = argument;
		this.quickArgument = quickArgument;
	}

	String title() {
		return this.title;
	}

	Kind kind() {
		return this.kind;
	}

	/**
	 * Return the scenario argument of a client JVM.
	 * @param quick whether this is a quick run
	 * @return the argument
	 */
	String argument(boolean quick) {
		return quick ? this.quickArgument : this.argument;
	}

	/**
	 * Return the JVM options of a client run beyond the common ones: the listener runs
	 * compare two short passes of the same application, so their heap is touched before
	 * they start rather than during the measurement.
	 * @return the options
	 */
	List<String> jvmOptions() {
		return (this.kind == Kind.LISTENER) ? List.of("-XX:+AlwaysPreTouch") : List.of();
	}

	/**
	 * Return whether a client takes part: the idle runs open one {@code WsClient} per
	 * connection, which the starter (one client per configured name) is not made for, and
	 * for which the stream and handler variants of wsclient are the same; the slow
	 * subscriber needs a backpressured stream; the JSON ticks compare the starter's
	 * listener method with the same method fed by hand, and those two take only ticks.
	 * @param client the client id
	 * @return whether it runs this scenario
	 */
	boolean includes(String client) {
		return switch (this.kind) {
			case IDLE -> IDLE_CLIENTS.contains(client);
			case SLOW -> SLOW_CLIENTS.contains(client);
			case LISTENER -> LISTENER_CLIENTS.contains(client);
			default -> !LISTENER_CLIENTS.contains(client);
		};
	}

	/**
	 * Return the scenarios with the given names ({@code throughput}, {@code latency},
	 * {@code idle}, {@code slow}, {@code listener} select a kind; a constant name selects
	 * one).
	 * @param names the names
	 * @return the scenarios, in run order
	 */
	static List<Scenario> select(List<String> names) {
		return java.util.Arrays.stream(values())
			.filter((scenario) -> names.stream()
				.anyMatch((name) -> name.equalsIgnoreCase(scenario.name())
						|| name.equalsIgnoreCase(scenario.kind.name()) || "all".equalsIgnoreCase(name)))
			.toList();
	}

	/** What a scenario measures. */
	enum Kind {

		/** Inbound throughput. */
		THROUGHPUT,

		/** Echo latency. */
		LATENCY,

		/** Idle connection footprint. */
		IDLE,

		/** Slow-subscriber memory. */
		SLOW,

		/** Listener-method throughput against the same method fed by hand. */
		LISTENER

	}

}
