package dev.wsclient.benchmarks.client;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.wsclient.benchmarks.Payloads;
import dev.wsclient.benchmarks.Tick;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

/**
 * The scenarios, as run inside one client JVM. Each returns the numbers it measured.
 */
final class Workloads {

	private static final double MIB = 1024 * 1024;

	private final BenchClient client;

	private final String server;

	private final boolean quick;

	/**
	 * Create the workloads.
	 * @param client the client under test
	 * @param server the load server's base URL, {@code ws://127.0.0.1:port}
	 * @param quick whether to run a smoke-test sized version
	 */
	Workloads(BenchClient client, String server, boolean quick) {
		this.client = client;
		this.server = server;
		this.quick = quick;
	}

	/**
	 * Inbound throughput: a warm-up blast, then blasts sized from the warm-up rate until
	 * one lasts at least two seconds (a quarter second in quick mode).
	 * @param size the payload size
	 * @param text whether the messages are text
	 * @return messages per second, MiB per second, message count and duration
	 * @throws Exception when a blast fails or delivers anything but the expected messages
	 */
	Map<String, Object> throughput(int size, boolean text) throws Exception {
		long warmUp = (size >= 64 * 1024) ? 8_000 : (size >= 1024) ? 300_000 : 800_000;
		return throughput(new Blast("size=" + size + "&type=" + (text ? "text" : "binary"), size,
				Payloads.checksum(Payloads.payload(size, text)), warmUp, 0, 1));
	}

	/**
	 * Inbound throughput of JSON ticks ({@link Tick#SAMPLE_JSON}), which the client reads
	 * as {@link Tick} records and checks by {@link Tick#checksum()}; sized as
	 * {@link #throughput(int, boolean)} sizes its blasts, after warm-up blasts that go on
	 * for at least six seconds (one in quick mode), then three measured blasts of which
	 * the median counts: JSON parsing and the listener's dispatch are a lot of code for
	 * the JIT, which was seen to recompile the hot path (after a deoptimization) well
	 * after six seconds on a busy machine, and a blast that ran partly in code compiled
	 * at lower tiers measures the compiler, not the client.
	 * @return messages per second, MiB per second, message count and duration
	 * @throws Exception when a blast fails or delivers anything but the expected ticks
	 */
	Map<String, Object> jsonThroughput() throws Exception {
		return throughput(new Blast("type=json", Tick.SAMPLE_JSON.length, Tick.SAMPLE.checksum(), 1_000_000, 6, 3));
	}

	private Map<String, Object> throughput(Blast kind) throws Exception {
		int size = kind.size();
		long warmUp = kind.warmUp();
		if (this.quick) {
			warmUp /= 4;
		}
		double minSeconds = this.quick ? 0.25 : 2.0;
		double targetSeconds = this.quick ? 0.4 : 2.5;
		double minWarmUpSeconds = this.quick ? Math.min(kind.minWarmUpSeconds(), 1) : kind.minWarmUpSeconds();
		double warmedUpSeconds = 0;
		double lastWarmUpSeconds;
		do {
			lastWarmUpSeconds = blast(warmUp, kind).seconds();
			warmedUpSeconds += lastWarmUpSeconds;
		}
		while (warmedUpSeconds < minWarmUpSeconds);
		long count = Math.max(warmUp, Math.round(warmUp / lastWarmUpSeconds * targetSeconds));
		List<Pass> passes = new ArrayList<>();
		for (int measured = 0; measured < kind.measuredPasses(); measured++) {
			Pass pass = blast(count, kind);
			for (int attempt = 0; pass.seconds() < minSeconds && attempt < 3; attempt++) {
				count = Math.round(count * targetSeconds / pass.seconds());
				pass = blast(count, kind);
			}
			passes.add(pass);
		}
		passes.sort(Comparator.comparingDouble(Pass::messagesPerSecond));
		Pass pass = passes.get(passes.size() / 2);
		count = pass.count();
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("msgsPerSec", count / pass.seconds());
		result.put("mibPerSec", count * (double) size / MIB / pass.seconds());
		result.put("messages", count);
		result.put("seconds", pass.seconds());
		result.put("cpuNanosPerMsg", pass.cpuNanos() / (double) count);
		result.put("bytesPerMessage", pass.allocatedBytes() / (double) count);
		return result;
	}

	/**
	 * Return the bytes allocated so far by every live thread of this JVM: the client's
	 * I/O threads and whatever it delivers on.
	 */
	private static long allocatedBytes() {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long total = 0;
		for (long allocated : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
			total += Math.max(allocated, 0);
		}
		return total;
	}

	private Pass blast(long count, Blast kind) throws Exception {
		Tally tally = new Tally(count);
		URI uri = URI.create(this.server + "/blast?n=" + count + "&" + kind.query());
		long allocatedBefore = allocatedBytes();
		long cpuStart = JvmSnapshot.processCpuNanos();
		long start = System.nanoTime();
		BenchConnection connection = this.client.connect(uri, tally).get(30, TimeUnit.SECONDS);
		connection.closed().get(10, TimeUnit.MINUTES);
		long cpu = JvmSnapshot.processCpuNanos() - cpuStart;
		long allocated = allocatedBytes() - allocatedBefore;
		long last = tally.verify(kind.size(), kind.checksum());
		return new Pass(count, (last - start) / 1e9, cpu, allocated);
	}

	/**
	 * Echo latency: sequential round trips of 64-byte binary messages, each sent from the
	 * client's delivery thread as the previous answer arrives; the first half warms up.
	 * @return percentiles in microseconds
	 * @throws Exception when the run fails or an answer is wrong
	 */
	Map<String, Object> echo() throws Exception {
		int roundTrips = this.quick ? 2_000 : 20_000;
		EchoLoop loop = new EchoLoop(Payloads.payload(64, false), roundTrips, roundTrips);
		BenchConnection connection = this.client.connect(URI.create(this.server + "/echo"), loop)
			.get(30, TimeUnit.SECONDS);
		Histogram histogram = loop.run(connection).get(5, TimeUnit.MINUTES);
		connection.close();
		connection.closed().get(10, TimeUnit.SECONDS);
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("p50", histogram.getValueAtPercentile(50) / 1e3);
		result.put("p99", histogram.getValueAtPercentile(99) / 1e3);
		result.put("p999", histogram.getValueAtPercentile(99.9) / 1e3);
		result.put("max", histogram.getMaxValue() / 1e3);
		result.put("roundTrips", histogram.getTotalCount());
		return result;
	}

	/**
	 * Idle connections: open them (at most 128 handshakes at a time) to a server that
	 * only answers pings, then measure heap after GC, RSS and threads against a baseline
	 * taken after one connection was opened and closed. The connections are left open:
	 * the JVM exits after the measurement.
	 * @param count how many connections
	 * @return heap and RSS per connection, threads before and after
	 * @throws Exception when a connection fails
	 */
	Map<String, Object> idle(int count) throws Exception {
		URI uri = URI.create(this.server + "/idle");
		BenchConnection first = this.client.connect(uri, Receiver.IGNORE).get(30, TimeUnit.SECONDS);
		first.close();
		first.closed().get(30, TimeUnit.SECONDS);
		JvmSnapshot before = JvmSnapshot.take();
		JvmSnapshot.classHistogram("before");
		int parallel = 128;
		Semaphore permits = new Semaphore(parallel);
		List<BenchConnection> open = Collections.synchronizedList(new ArrayList<>(count));
		AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
		long start = System.nanoTime();
		for (int i = 0; i < count && failure.get() == null; i++) {
			if (!permits.tryAcquire(60, TimeUnit.SECONDS)) {
				throw new IllegalStateException(
						"no handshake completed for 60 s after " + open.size() + " connections");
			}
			this.client.connect(uri, Receiver.IGNORE).whenComplete((connection, error) -> {
				if (error != null) {
					failure.compareAndSet(null, error);
				}
				else {
					open.add(connection);
				}
				permits.release();
			});
		}
		if (!permits.tryAcquire(parallel, 60, TimeUnit.SECONDS)) {
			throw new IllegalStateException("handshakes still pending after 60 s");
		}
		Throwable error = failure.get();
		if (error != null) {
			throw new IllegalStateException("connection " + (open.size() + 1) + " of " + count + " failed: " + error,
					error);
		}
		double openSeconds = (System.nanoTime() - start) / 1e9;
		Thread.sleep(1000);
		JvmSnapshot after = JvmSnapshot.take();
		JvmSnapshot.classHistogram("after-" + count);
		if (open.size() != count) {
			throw new IllegalStateException("only " + open.size() + " of " + count + " connections opened");
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("heapPerConnection", (after.heapBytes() - before.heapBytes()) / (double) count);
		result.put("rssPerConnection", (after.rssBytes() - before.rssBytes()) / (double) count);
		result.put("heapMiB", after.heapBytes() / MIB);
		result.put("rssMiB", after.rssBytes() / MIB);
		result.put("threadsBefore", before.threads());
		result.put("threads", after.threads());
		result.put("openSeconds", openSeconds);
		return result;
	}

	/**
	 * A slow subscriber: a blast far larger than the heap, read through the client's
	 * backpressured stream by a subscriber that takes 2 000 messages a second, with the
	 * heap sampled after GC every second; then the subscriber speeds up and takes the
	 * rest, and every message must have arrived.
	 * @return the heap samples and counts
	 * @throws Exception when the run fails or a message is missing
	 */
	Map<String, Object> slowSubscriber() throws Exception {
		int size = 1024;
		long count = this.quick ? 100_000 : 400_000;
		int slowSeconds = this.quick ? 3 : 10;
		URI uri = URI.create(this.server + "/blast?n=" + count + "&size=" + size + "&type=binary");
		Publisher<Touched> stream = this.client.stream(uri);
		if (stream == null) {
			throw new UnsupportedOperationException("this client has no backpressured stream");
		}
		SlowSubscriber subscriber = new SlowSubscriber();
		ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
		try {
			Flux.from(stream).subscribe(subscriber);
			pacer.scheduleAtFixedRate(() -> subscriber.request(100), 0, 50, TimeUnit.MILLISECONDS);
			List<Double> heap = new ArrayList<>();
			for (int second = 0; second < slowSeconds; second++) {
				Thread.sleep(1000);
				heap.add(JvmSnapshot.heapAfterGc() / MIB);
			}
			long slowReceived = subscriber.count;
			pacer.shutdownNow();
			long drainStart = System.nanoTime();
			subscriber.request(Long.MAX_VALUE);
			subscriber.done.get(5, TimeUnit.MINUTES);
			long checksum = Payloads.checksum(Payloads.payload(size, false));
			if (subscriber.count != count || subscriber.bytes != count * size
					|| subscriber.checksum != count * checksum) {
				throw new IllegalStateException("expected " + count + " messages; received " + subscriber.count
						+ " messages, " + subscriber.bytes + " bytes");
			}
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("heapMinMiB", Collections.min(heap));
			result.put("heapMaxMiB", Collections.max(heap));
			result.put("heapSamplesMiB", heap.stream().map((mib) -> String.format("%.1f", mib)).toList().toString());
			result.put("slowSeconds", slowSeconds);
			result.put("slowReceived", slowReceived);
			result.put("messages", count);
			result.put("blastMiB", count * size / MIB);
			result.put("drainSeconds", (System.nanoTime() - drainStart) / 1e9);
			return result;
		}
		finally {
			pacer.shutdownNow();
		}
	}

	/**
	 * What a blast sends.
	 *
	 * @param query the query parameters that select the messages
	 * @param size the payload size of each
	 * @param checksum the checksum the client reports for each
	 * @param warmUp the messages of a warm-up blast
	 * @param minWarmUpSeconds how long warm-up blasts go on at least (one blast when 0)
	 * @param measuredPasses how many blasts are measured, the median counting
	 */
	private record Blast(String query, int size, long checksum, long warmUp, double minWarmUpSeconds,
			int measuredPasses) {

	}

	/**
	 * One blast as the client saw it.
	 *
	 * @param count the messages
	 * @param seconds from connecting to the last message
	 * @param cpuNanos the CPU time this JVM used meanwhile, every thread together (GC and
	 * compilation included)
	 */
	private record Pass(long count, double seconds, long cpuNanos, long allocatedBytes) {

		double messagesPerSecond() {
			return this.count / this.seconds;
		}

	}

	/** Sends the next echo from the delivery thread as soon as the answer arrives. */
	private static final class EchoLoop implements Receiver {

		private final byte[] payload;

		private final long checksum;

		private final int warmUp;

		private final int total;

		private final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);

		private final CompletableFuture<Histogram> done = new CompletableFuture<>();

		private volatile @Nullable BenchConnection connection;

		private int answered;

		private long sentAt;

		EchoLoop(byte[] payload, int warmUp, int measured) {
			this.payload = payload;
			this.checksum = Payloads.checksum(payload);
			this.warmUp = warmUp;
			this.total = warmUp + measured;
		}

		CompletableFuture<Histogram> run(BenchConnection connection) {
			this.connection = connection;
			this.sentAt = System.nanoTime();
			connection.send(this.payload);
			return this.done;
		}

		@Override
		public void message(int size, long checksum) {
			long now = System.nanoTime();
			BenchConnection current = this.connection;
			if (size != this.payload.length || checksum != this.checksum || current == null) {
				this.done.completeExceptionally(new IllegalStateException("unexpected answer of " + size + " bytes"));
				return;
			}
			if (++this.answered > this.warmUp) {
				this.histogram.recordValue(now - this.sentAt);
			}
			if (this.answered == this.total) {
				this.done.complete(this.histogram);
				return;
			}
			this.sentAt = System.nanoTime();
			current.send(this.payload);
		}

	}

	/** Requests only what the pacer allows, then everything. */
	private static final class SlowSubscriber extends BaseSubscriber<Touched> {

		private final CompletableFuture<Void> done = new CompletableFuture<>();

		private volatile long count;

		private long bytes;

		private long checksum;

		@Override
		protected void hookOnSubscribe(org.reactivestreams.Subscription subscription) {
			// Nothing until the pacer asks.
		}

		@Override
		@SuppressWarnings("NonAtomicVolatileUpdate")
		protected void hookOnNext(Touched touched) {
			this.bytes += touched.size();
			this.checksum += touched.checksum();
			this.count++;
		}

		@Override
		protected void hookOnComplete() {
			this.done.complete(null);
		}

		@Override
		protected void hookOnError(Throwable failure) {
			this.done.completeExceptionally(failure);
		}

	}

}
