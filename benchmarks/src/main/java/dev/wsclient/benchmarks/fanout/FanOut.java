package dev.wsclient.benchmarks.fanout;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.wsclient.benchmarks.Machine;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * Runs the fan-out benchmark and writes {@code FANOUT.md}: one upstream feed of 1 KiB
 * messages, in this JVM, fanned out over Server-Sent Events by each server under test to
 * readers in this JVM, so that the feed and the readers share one clock. For each
 * repetition, each number of readers and each server (the floor and the bridge, their
 * order alternating), a fresh server JVM is measured:
 * <ol>
 * <li>warm-up: as many readers as will be measured, for a few seconds, then they leave;
 * the memory after a full collection is the baseline, which so holds what serving them
 * costs once (code the JIT compiled, its arenas, classes loaded) rather than per
 * subscriber;</li>
 * <li>the readers connect and get 200 messages; the memory after a full collection, less
 * the baseline, divided by their number, is the memory per subscriber;</li>
 * <li>without and with 10% never-readers, in {@link FanOutOptions#pairs() pairs} of
 * phases (A B B A, then B A A B in the next repetition) after a pair that is not
 * measured: the throughput, with the feed kept {@value #WINDOW} messages ahead of the
 * slowest reader (the most the server delivers without losing messages for readers that
 * keep up), and the latency from the feed to the readers at a fixed rate; the
 * never-readers connect a second before each is measured.</li>
 * </ol>
 *
 * <pre>
 * ./mvnw -pl benchmarks,sample-app -am package -DskipTests
 * java -jar benchmarks/target/wsclient-benchmarks.jar fanout --out benchmarks/FANOUT.md
 * java -jar benchmarks/target/wsclient-benchmarks.jar fanout --quick --out target/FANOUT-QUICK.md
 * </pre>
 */
public final class FanOut {

	/**
	 * How far the feed may run ahead of the slowest reader in a throughput phase: well
	 * inside the bridge's ring of 1024 messages, so a reader that keeps up is never cut
	 * off for being behind.
	 */
	static final int WINDOW = 256;

	static final String PATH = "/streams/feed";

	private static final int LOADED_MESSAGES = 200;

	private static final Duration SERVER_START = Duration.ofMinutes(2);

	private static final Duration DRAIN = Duration.ofSeconds(15);

	private static final Duration STALL = Duration.ofSeconds(10);

	/**
	 * The name of a pair's throughput ratio with / without never-readers, its number
	 * appended.
	 */
	static final String THROUGHPUT_RATIO = "throughputRatio";

	/**
	 * The name of a pair's p99 latency ratio with / without never-readers, its number
	 * appended.
	 */
	static final String P99_RATIO = "p99Ratio";

	/**
	 * The name of a pair's ratio with / without never-readers of the server's CPU time
	 * per message delivered while the feed was pushed ahead, its number appended.
	 */
	static final String CPU_PUSHED_RATIO = "cpuPushedRatio";

	/**
	 * The name of a pair's ratio with / without never-readers of the server's CPU time
	 * per message delivered at the fixed rate, its number appended.
	 */
	static final String CPU_AT_RATE_RATIO = "cpuAtRateRatio";

	private final FanOutOptions options;

	private final Path logs;

	private final FeedMessages messages = new FeedMessages();

	private final String apiKeySecret = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));

	private FanOut(FanOutOptions options) throws IOException {
		this.options = options;
		@Nullable Path parent = options.out().toAbsolutePath().getParent();
		this.logs = Files.createDirectories(((parent != null) ? parent : Path.of(".")).resolve("target")
			.resolve("benchmark-logs")
			.resolve("fanout"));
	}

	/**
	 * Run the fan-out benchmark.
	 * @param args see {@link FanOutOptions#USAGE}
	 * @throws Exception when the feed cannot start
	 */
	public static void main(String[] args) throws Exception {
		FanOutOptions options;
		try {
			options = FanOutOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(2);
			return;
		}
		List<FanOutRun> runs = run(options);
		System.exit(runs.stream().allMatch(FanOutRun::succeeded) ? 0 : 1);
	}

	/**
	 * Run the benchmark and write the report.
	 * @param options the options
	 * @return every run
	 * @throws Exception when the feed cannot start or the report cannot be written
	 */
	static List<FanOutRun> run(FanOutOptions options) throws Exception {
		return new FanOut(options).runAll();
	}

	private List<FanOutRun> runAll() throws Exception {
		ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);
		double loadBefore = Machine.loadAverage();
		List<FanOutRun> runs = new ArrayList<>();
		try (Feed feed = new Feed(this.messages)) {
			for (int repetition = 1; repetition <= this.options.repetitions(); repetition++) {
				for (int readers : this.options.subscriberCounts()) {
					List<ServerKind> order = new ArrayList<>(this.options.servers());
					if (repetition % 2 == 0) {
						java.util.Collections.reverse(order);
					}
					for (ServerKind server : order) {
						FanOutRun run = runOne(feed, server, readers, repetition);
						runs.add(run);
						System.out.printf(Locale.ROOT, "%-6s %5d readers run %d: %s%n", server.id(), readers,
								repetition, run.succeeded() ? run.values() : "FAILED " + run.failure());
					}
				}
			}
		}
		new FanOutReport(this.options, runs, started, loadBefore, Machine.loadAverage()).write();
		System.out.println("Wrote " + this.options.out().toAbsolutePath());
		return runs;
	}

	private FanOutRun runOne(Feed feed, ServerKind kind, int readers, int repetition) throws InterruptedException {
		Map<String, Double> values = new LinkedHashMap<>();
		String logName = kind.id() + "-" + readers + "-" + repetition;
		feed.expectNewConnection();
		try (ServerUnderTest server = start(kind, feed.url(), logName)) {
			feed.awaitConnection(SERVER_START, server::isAlive);
			Map<String, String> headers = headers(kind);
			try (Subscribers warmUp = new Subscribers(this.messages)) {
				warmUp.connectReaders(server.port(), PATH, headers, readers);
				prime(feed, warmUp);
				feed.pushAhead(warmUp, WINDOW, this.options.phases().warmUp(), STALL);
				drain(feed, warmUp);
			}
			ServerUnderTest.Memory baseline = server.memory(logName + "-baseline");
			try (Subscribers subscribers = new Subscribers(this.messages)) {
				subscribers.connectReaders(server.port(), PATH, headers, readers);
				prime(feed, subscribers);
				feed.sendAtRate(LOADED_MESSAGES / 2.0, Duration.ofSeconds(2));
				drain(feed, subscribers);
				ServerUnderTest.Memory loaded = server.memory(logName + "-readers");
				values.putAll(loaded.perSubscriber(baseline, readers));
				values.put("baselineHeapMiB", baseline.heap() / 1024.0 / 1024.0);
				int neverReaders = Math.max(1, readers / 10);
				comparePairs(feed, subscribers, server, headers, neverReaders, this.options.deliveredRate() / readers,
						repetition, values);
				values.put("neverReaders", (double) neverReaders);
				values.put("neverReadersConnected", (double) subscribers.neverReadersConnected());
				values.put("stalledReaders", (double) subscribers.stalled());
				if (kind == ServerKind.BRIDGE) {
					values.put("slowDisconnected", slowDisconnected(server.port(), headers));
				}
				String failure = check(subscribers);
				return new FanOutRun(kind, readers, repetition, values, failure);
			}
		}
		catch (IOException | RuntimeException ex) {
			return new FanOutRun(kind, readers, repetition, values,
					ex.getClass().getSimpleName() + ": " + ex.getMessage() + " (see " + logName + ".log)");
		}
	}

	private ServerUnderTest start(ServerKind kind, String feedUrl, String logName) throws IOException {
		int port = freePort();
		List<String> command = new ArrayList<>();
		if (kind == ServerKind.FLOOR) {
			command.addAll(List.of("-cp", System.getProperty("java.class.path"), FloorApplication.class.getName(),
					"--server.port=" + port, "--floor.upstream=" + feedUrl));
		}
		else {
			command.addAll(List.of("-jar", this.options.bridgeJar().toString(), "--server.port=" + port,
					"--bridge.demo.enabled=false", "--wsclient.clients.feed.url=" + feedUrl,
					"--bridge.security.api-keys.bench.sha256=" + sha256(this.apiKeySecret),
					"--bridge.security.api-keys.bench.grants=read:feed,monitor"));
			this.options.bridgeProperties().forEach((property) -> command.add("--" + property));
		}
		return ServerUnderTest.start(command, port, this.logs, logName);
	}

	private Map<String, String> headers(ServerKind kind) {
		return (kind == ServerKind.BRIDGE) ? Map.of("X-API-Key", "bench." + this.apiKeySecret) : Map.of();
	}

	/**
	 * Send a message every 20 ms until every reader has one: the floor answers with the
	 * response headers only once there is a first event.
	 */
	private static void prime(Feed feed, Subscribers subscribers) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (subscribers.readers().stream().anyMatch((reader) -> reader.lastSequence() == 0)) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("readers did not all get a first message within 60 s (statuses "
						+ subscribers.badStatuses() + ")");
			}
			if (subscribers.ended() > 0) {
				throw new IllegalStateException(subscribers.ended() + " readers were refused or disconnected"
						+ (subscribers.badStatuses().isEmpty() ? "" : " (HTTP " + subscribers.badStatuses() + ")"));
			}
			feed.send(1);
			Thread.sleep(20);
		}
	}

	/**
	 * Wait until every reader still streaming has the last message sent, or a later one:
	 * the floor may have dropped the last ones for a reader, so a message follows every
	 * 10 ms until then. Readers that get nothing more for {@link #DRAIN} are no longer
	 * waited for, and counted as stalled.
	 */
	private static void drain(Feed feed, Subscribers subscribers) throws InterruptedException {
		long last = feed.sequence();
		long deadline = System.nanoTime() + DRAIN.toNanos();
		while (subscribers.slowestSequence() < last) {
			if (System.nanoTime() > deadline) {
				long slowest = subscribers.slowestSequence();
				int stalled = subscribers.stallBehind(last);
				System.out.println(stalled + " readers did not get message " + last + " within " + DRAIN
						+ " (slowest at " + slowest + "): no longer waited for");
				return;
			}
			Thread.sleep(10);
			if (subscribers.slowestSequence() < last) {
				feed.send(1);
			}
		}
	}

	/**
	 * Measure the readers without and with never-readers in pairs, alternating in one
	 * server JVM: A B B A within a run and B A A B in the next, so that drift within the
	 * JVM (the JIT still compiling, the heap filling) and the machine's noise fall on
	 * both alike. Each pair gives its own ratio with / without; the phases' medians give
	 * the numbers without and with. A pair that is not measured comes first: profiles
	 * showed the JIT compiling through the first measured phases, most in the first with
	 * never-readers (the code that serves a connection that stopped reading), a one-time
	 * cost that fell on the first pair's ratio.
	 */
	private void comparePairs(Feed feed, Subscribers subscribers, ServerUnderTest server, Map<String, String> headers,
			int neverReaders, double rate, int repetition, Map<String, Double> values) throws InterruptedException {
		phase(feed, subscribers, server, headers, neverReaders, rate);
		phase(feed, subscribers, server, headers, 0, rate);
		List<Phase> without = new ArrayList<>();
		List<Phase> with = new ArrayList<>();
		for (int pair = 1; pair <= this.options.pairs(); pair++) {
			boolean withFirst = (repetition + pair) % 2 == 1;
			Phase first = phase(feed, subscribers, server, headers, withFirst ? neverReaders : 0, rate);
			Phase second = phase(feed, subscribers, server, headers, withFirst ? 0 : neverReaders, rate);
			Phase withPhase = withFirst ? first : second;
			Phase withoutPhase = withFirst ? second : first;
			with.add(withPhase);
			without.add(withoutPhase);
			values.put(THROUGHPUT_RATIO + pair, withPhase.throughput() / withoutPhase.throughput());
			values.put(P99_RATIO + pair, withPhase.p99() / withoutPhase.p99());
			values.put(CPU_PUSHED_RATIO + pair, withPhase.cpuPushed() / withoutPhase.cpuPushed());
			values.put(CPU_AT_RATE_RATIO + pair, withPhase.cpuAtRate() / withoutPhase.cpuAtRate());
		}
		Phase.summarize(without, "Without", values);
		Phase.summarize(with, "With", values);
		values.put("rate", rate);
	}

	/**
	 * Measure the throughput, then the latency at a fixed rate. Each part settles first,
	 * then its never-readers (if any) {@linkplain #arrive arrive} and it is measured, so
	 * that what they cost as they back up and, on the bridge, their disconnection fall
	 * inside the measurement; they are closed when it ends, and the latency part gets
	 * fresh ones. The server's CPU time is read around each measurement: at the fixed
	 * rate, what the never-readers make the server do is in it however the machine's
	 * noise moves the readers' throughput and latency.
	 */
	private Phase phase(Feed feed, Subscribers subscribers, ServerUnderTest server, Map<String, String> headers,
			int neverReaders, double rate) throws InterruptedException {
		FanOutOptions.Phases phases = this.options.phases();
		feed.pushAhead(subscribers, WINDOW, phases.settle(), STALL);
		arrive(feed, subscribers, server.port(), headers, neverReaders, rate);
		long missedBefore = subscribers.missed();
		long received = subscribers.received();
		long sentBefore = feed.sequence();
		long cpuBefore = server.cpuNanos();
		long start = System.nanoTime();
		feed.pushAhead(subscribers, WINDOW, phases.measure(), STALL);
		double seconds = (System.nanoTime() - start) / 1e9;
		long delivered = subscribers.received() - received;
		double cpuPushed = (server.cpuNanos() - cpuBefore) / (double) delivered;
		double upstream = (feed.sequence() - sentBefore) / seconds;
		long missedPushing = subscribers.missed() - missedBefore;
		subscribers.closeNeverReaders();
		drain(feed, subscribers);
		feed.sendAtRate(rate, phases.settle());
		arrive(feed, subscribers, server.port(), headers, neverReaders, rate);
		missedBefore = subscribers.missed();
		SseSubscriber.Latencies latencies = subscribers.latencies();
		latencies.recordFrom(feed.sequence() + 1);
		cpuBefore = server.cpuNanos();
		feed.sendAtRate(rate, phases.measure());
		long cpuAtRate = server.cpuNanos() - cpuBefore;
		latencies.recordUntil(feed.sequence());
		subscribers.closeNeverReaders();
		drain(feed, subscribers);
		Histogram histogram = latencies.histogram();
		return new Phase(delivered / seconds, upstream, missedPushing, histogram.getValueAtPercentile(50) / 1e3,
				histogram.getValueAtPercentile(99) / 1e3, histogram.getTotalCount(),
				subscribers.missed() - missedBefore, cpuPushed, cpuAtRate / (double) histogram.getTotalCount());
	}

	/**
	 * Connect never-readers (none in a phase without them) and feed everyone for a second
	 * at the latency runs' rate, so that their requests are handled before anything is
	 * measured: what a connection costs as it arrives is the same for any subscriber and
	 * is not what never reading costs. They give no sign of it, hence the fixed second.
	 */
	private static void arrive(Feed feed, Subscribers subscribers, int port, Map<String, String> headers,
			int neverReaders, double rate) throws InterruptedException {
		subscribers.connectNeverReaders(port, PATH, headers, neverReaders);
		feed.sendAtRate(rate, Duration.ofSeconds(1));
		drain(feed, subscribers);
	}

	private static @Nullable String check(Subscribers subscribers) {
		List<String> problems = new ArrayList<>();
		if (subscribers.disordered() > 0) {
			problems.add(subscribers.disordered() + " messages out of order");
		}
		if (subscribers.ended() > 0) {
			problems.add(subscribers.ended() + " readers cut off by the server");
		}
		return problems.isEmpty() ? null : String.join(", ", problems);
	}

	private static double slowDisconnected(int port, Map<String, String> headers)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
			.timeout(Duration.ofSeconds(20));
		headers.forEach(request::header);
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		if (response.statusCode() != 200) {
			throw new IOException("/actuator/prometheus answered " + response.statusCode());
		}
		return response.body()
			.lines()
			.filter((line) -> line.startsWith("wsclient_bridge_subscribers_disconnected_total")
					&& line.contains("reason=\"slow\""))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	private static String sha256(String secret) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
