package dev.wsclient.benchmarks.client;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The entry point of a client JVM: runs one scenario with one client and prints one line,
 * {@code RESULT key=value ...}, or {@code ERROR message} and exits with 1.
 *
 * <pre>
 * ClientMain CLIENT SCENARIO SERVER_URL [--quick]
 * </pre>
 *
 * Scenarios: {@code throughput:binary:SIZE}, {@code throughput:text:SIZE}, {@code echo},
 * {@code idle:COUNT}, {@code slow}, {@code json}.
 */
public final class ClientMain {

	/** The prefix of the result line. */
	public static final String RESULT = "RESULT ";

	/** The prefix of the failure line. */
	public static final String ERROR = "ERROR ";

	/**
	 * The system property that makes the JVM exit normally, running shutdown hooks such
	 * as the one that writes a flight recording ({@code -XX:StartFlightRecording}).
	 */
	public static final String PROFILE_PROPERTY = "wsclient.benchmarks.profile";

	private ClientMain() {
	}

	/**
	 * Run one scenario.
	 * @param args client id, scenario, server URL and optionally {@code --quick}
	 */
	public static void main(String[] args) {
		int status = 0;
		try {
			if (args.length < 3) {
				throw new IllegalArgumentException("usage: ClientMain CLIENT SCENARIO SERVER_URL [--quick]");
			}
			boolean quick = args.length > 3 && "--quick".equals(args[3]);
			BenchClient client = Clients.create(args[0]);
			client.prepare(args[2]);
			Map<String, Object> result = run(new Workloads(client, args[2], quick), args[1]);
			System.out.println(RESULT + result.entrySet()
				.stream()
				.map((entry) -> entry.getKey() + "=" + format(entry.getValue()))
				.collect(Collectors.joining(" ")));
		}
		catch (Throwable ex) {
			ex.printStackTrace();
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			System.out.println(ERROR + String.valueOf(cause).replace('\n', ' '));
			status = 1;
		}
		System.out.flush();
		if (Boolean.getBoolean(PROFILE_PROPERTY)) {
			// Shutdown hooks run, so that a flight recording is written.
			System.exit(status);
		}
		// Nothing is closed: idle runs leave thousands of connections open, and some
		// clients keep non-daemon threads. End at once.
		Runtime.getRuntime().halt(status);
	}

	private static Map<String, Object> run(Workloads workloads, String scenario) throws Exception {
		String[] parts = scenario.split(":", -1);
		return switch (parts[0]) {
			case "throughput" -> workloads.throughput(Integer.parseInt(parts[2]), "text".equals(parts[1]));
			case "echo" -> workloads.echo();
			case "idle" -> workloads.idle(Integer.parseInt(parts[1]));
			case "slow" -> workloads.slowSubscriber();
			case "json" -> workloads.jsonThroughput();
			default -> throw new IllegalArgumentException("unknown scenario " + scenario);
		};
	}

	private static String format(Object value) {
		if (value instanceof Double number) {
			return String.format(Locale.ROOT, "%.3f", number);
		}
		return String.valueOf(value).replace(' ', '_');
	}

}
