package dev.wsclient.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.wsclient.benchmarks.client.ClientMain;
import dev.wsclient.benchmarks.server.LoadServer;
import org.jspecify.annotations.Nullable;

/**
 * Starts the load server and the client JVMs, all with this JVM's class path, each client
 * with the same fixed heap, optionally pinned to a CPU with {@code taskset}.
 */
final class Jvms {

	/** The heap of every client JVM. */
	static final String CLIENT_HEAP = "256m";

	// Pre-touched: without it a short pass makes every client that copies payloads pay
	// the first-touch page faults of its heap, and the clients that copy more pay more.
	private static final List<String> CLIENT_OPTIONS = List.of("-Xms" + CLIENT_HEAP, "-Xmx" + CLIENT_HEAP,
			"-XX:+UseG1GC", "-XX:+AlwaysPreTouch");

	private static final List<String> SERVER_OPTIONS = List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC");

	private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

	private final String classPath = System.getProperty("java.class.path");

	private final Path logs;

	private final boolean taskset;

	Jvms(Path logs) throws IOException {
		this.logs = Files.createDirectories(logs);
		this.taskset = tasksetWorks();
	}

	/**
	 * Return whether processes can be pinned to different CPUs.
	 * @return whether {@code taskset} works and there are two CPUs or more
	 */
	boolean canPin() {
		return this.taskset && Runtime.getRuntime().availableProcessors() >= 2;
	}

	/**
	 * Start the load server.
	 * @param cpu the CPU to pin it to, or {@code null}
	 * @param name a name for its log file
	 * @return the running server
	 * @throws IOException when it does not start
	 */
	Server startServer(@Nullable String cpu, String name) throws IOException {
		List<String> command = command(cpu, SERVER_OPTIONS, LoadServer.class.getName());
		Process process = new ProcessBuilder(command).redirectError(this.logs.resolve(name + "-server.log").toFile())
			.start();
		BufferedReader output = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		String line = output.readLine();
		if (line == null || !line.startsWith(LoadServer.READY)) {
			process.destroyForcibly();
			throw new IOException("the load server did not start: " + line + "; see " + this.logs);
		}
		return new Server(process, "ws://127.0.0.1:" + line.substring(LoadServer.READY.length()).trim());
	}

	/**
	 * Run one client JVM to its end.
	 * @param client the client id
	 * @param scenario the scenario argument
	 * @param jvmOptions options beyond the common ones
	 * @param server the server URL
	 * @param quick whether this is a quick run
	 * @param cpu the CPU to pin it to, or {@code null}
	 * @param logName the name of its log file
	 * @return what it reported
	 * @throws IOException when it cannot be started
	 * @throws InterruptedException when interrupted
	 */
	Measurement runClient(String client, String scenario, List<String> jvmOptions, String server, boolean quick,
			@Nullable String cpu, String logName) throws IOException, InterruptedException {
		List<String> options = new ArrayList<>(CLIENT_OPTIONS);
		options.addAll(jvmOptions);
		List<String> command = command(cpu, options, ClientMain.class.getName());
		command.addAll(List.of(client, scenario, server));
		if (quick) {
			command.add("--quick");
		}
		Path log = this.logs.resolve(logName + ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		if (!process.waitFor(15, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			return Measurement.failed("timed out after 15 minutes");
		}
		String result = null;
		String error = null;
		for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
			if (line.startsWith(ClientMain.RESULT)) {
				result = line.substring(ClientMain.RESULT.length());
			}
			else if (line.startsWith(ClientMain.ERROR)) {
				error = line.substring(ClientMain.ERROR.length());
			}
		}
		if (process.exitValue() == 0 && result != null) {
			return Measurement.parse(result);
		}
		return Measurement
			.failed((error != null) ? error : "exit status " + process.exitValue() + ", see " + log.getFileName());
	}

	private List<String> command(@Nullable String cpu, List<String> options, String mainClass) {
		List<String> command = new ArrayList<>();
		if (cpu != null && this.taskset) {
			command.addAll(List.of("taskset", "-c", cpu));
		}
		command.add(this.java);
		command.addAll(options);
		command.addAll(List.of("-cp", this.classPath, mainClass));
		return command;
	}

	private static boolean tasksetWorks() {
		try {
			Process process = new ProcessBuilder("taskset", "-c", "0", "true").redirectErrorStream(true).start();
			process.getInputStream().readAllBytes();
			return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** A running load server; closing it stops it. */
	static final class Server implements AutoCloseable {

		private final Process process;

		private final String url;

		Server(Process process, String url) {
			this.process = process;
			this.url = url;
		}

		String url() {
			return this.url;
		}

		@Override
		public void close() throws IOException {
			// The server stops when its standard input ends.
			this.process.getOutputStream().close();
			try {
				if (this.process.waitFor(10, TimeUnit.SECONDS)) {
					return;
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.process.destroyForcibly();
		}

	}

}
