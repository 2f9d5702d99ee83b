package dev.wsclient.benchmarks.fanout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.wsclient.benchmarks.client.JvmSnapshot;

/**
 * A server under test in a JVM of its own, started with the JVM options every server gets
 * ({@link #JVM_OPTIONS}); closing it kills it. Its memory is read from outside: heap
 * after a full collection and direct memory with {@code jcmd}, RSS from {@code /proc}.
 */
final class ServerUnderTest implements AutoCloseable {

	/** The direct memory limit of every server. */
	static final String MAX_DIRECT_MEMORY = "256m";

	/**
	 * The options of every server JVM: a fixed, pre-touched heap (so that RSS grows only
	 * with what is not heap), the bridge's direct memory limit from its chart's sizing,
	 * and native memory tracking, which is where direct memory is read.
	 */
	static final List<String> JVM_OPTIONS = List.of("-Xms512m", "-Xmx512m", "-XX:+UseG1GC", "-XX:+AlwaysPreTouch",
			"-XX:MaxDirectMemorySize=" + MAX_DIRECT_MEMORY, "-XX:NativeMemoryTracking=summary",
			"-XX:+ExitOnOutOfMemoryError");

	private static final Pattern HEAP_USED = Pattern.compile("garbage-first heap\\s+total \\d+K, used (\\d+)K");

	// Direct buffers are malloc'ed by Unsafe.allocateMemory: NMT counts them as Other.
	private static final Pattern DIRECT = Pattern.compile("Other \\(reserved=\\d+KB, committed=(\\d+)KB\\)");

	private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

	private final Process process;

	private final int port;

	private final Path log;

	private final Path commands;

	ServerUnderTest(Process process, int port, Path log, Path commands) {
		this.process = process;
		this.port = port;
		this.log = log;
		this.commands = commands;
	}

	/**
	 * Start a server JVM.
	 * @param command the command after {@code java} and the common options
	 * @param port its HTTP port
	 * @param logs where its output goes
	 * @param logName its log file's name
	 * @return the running server
	 * @throws IOException when it cannot be started
	 */
	static ServerUnderTest start(List<String> command, int port, Path logs, String logName) throws IOException {
		List<String> full = new ArrayList<>();
		full.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		full.addAll(JVM_OPTIONS);
		full.addAll(command);
		Path log = logs.resolve(logName + ".log");
		Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		Processes.killOnExit(process);
		Path commands = logs.resolve("jcmd-memory.txt");
		Files.writeString(commands, "GC.run\nGC.heap_info\nVM.native_memory summary\n", StandardCharsets.UTF_8);
		return new ServerUnderTest(process, port, log, commands);
	}

	int port() {
		return this.port;
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	Path log() {
		return this.log;
	}

	long pid() {
		return this.process.pid();
	}

	/**
	 * Return the CPU time the server's process has used so far, in user and kernel mode,
	 * all its threads together; Linux counts it in clock ticks (10 ms), so a measurement
	 * over seconds of work is exact to a fraction of a percent.
	 * @return the CPU time in nanoseconds
	 */
	long cpuNanos() {
		return this.process.toHandle()
			.info()
			.totalCpuDuration()
			.orElseThrow(() -> new IllegalStateException("The CPU time of process " + pid() + " cannot be read"))
			.toNanos();
	}

	/**
	 * Collect the garbage and read the memory; with the system property
	 * {@value JvmSnapshot#HISTOGRAMS_PROPERTY} naming a directory, also write there a
	 * class histogram and what the memory was read from (native memory tracking's
	 * categories, the process status), to tell where a difference goes.
	 * @param name the files' name, without extension
	 * @return the memory
	 * @throws IOException when {@code jcmd} cannot be run or says nothing useful
	 * @throws InterruptedException when interrupted
	 */
	Memory memory(String name) throws IOException, InterruptedException {
		String output = jcmd("-f", this.commands.toString());
		String status = Files.readString(Path.of("/proc", String.valueOf(pid()), "status"), StandardCharsets.UTF_8);
		String histograms = System.getProperty(JvmSnapshot.HISTOGRAMS_PROPERTY);
		if (histograms != null) {
			Path directory = Files.createDirectories(Path.of(histograms));
			Files.writeString(directory.resolve(name + ".txt"), jcmd("GC.class_histogram"), StandardCharsets.UTF_8);
			Files.writeString(directory.resolve(name + "-memory.txt"), output + status, StandardCharsets.UTF_8);
		}
		return new Memory(kibibytes(HEAP_USED, output), kibibytes(DIRECT, output), kibibytes(RSS, status));
	}

	private String jcmd(String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(pid())));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IOException("jcmd did not finish within 60 s");
		}
		return output;
	}

	@Override
	public void close() {
		// Nothing to save: the measurements are taken, and a graceful shutdown of a
		// server with streams open would only cost time.
		this.process.destroyForcibly();
		try {
			this.process.waitFor(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static long kibibytes(Pattern pattern, String text) throws IOException {
		Matcher matcher = pattern.matcher(text);
		if (!matcher.find()) {
			throw new IOException("no " + pattern + " in:\n" + text);
		}
		return Long.parseLong(matcher.group(1)) * 1024;
	}

	/**
	 * A server's memory after a full collection.
	 *
	 * @param heap bytes of heap in use
	 * @param direct bytes of direct memory, from native memory tracking
	 * @param rss the resident set size
	 */
	record Memory(long heap, long direct, long rss) {

		/**
		 * Return the memory per subscriber: this less a baseline, divided by their
		 * number.
		 * @param baseline the memory without the subscribers
		 * @param subscribers how many
		 * @return bytes per subscriber, by what
		 */
		Map<String, Double> perSubscriber(Memory baseline, int subscribers) {
			return Map.of("heapPerSubscriber", (this.heap - baseline.heap) / (double) subscribers,
					"directPerSubscriber", (this.direct - baseline.direct) / (double) subscribers, "rssPerSubscriber",
					(this.rss - baseline.rss) / (double) subscribers);
		}

	}

}
