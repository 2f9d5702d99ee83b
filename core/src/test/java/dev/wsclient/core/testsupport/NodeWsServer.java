package dev.wsclient.core.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A third-party WebSocket peer: the Node.js {@code ws} package running
 * {@code src/test/node/ws-server.js} on {@code 127.0.0.1} and an ephemeral port. Node.js
 * is a hard requirement of this project's tests; {@code npm ci} in that folder is run by
 * the Maven build (phase {@code generate-test-resources}).
 * <p>
 * Routes: {@code /echo}, {@code /count?n=&size=&type=text|binary},
 * {@code /fragments?parts=}, {@code /close?code=&reason=}, {@code /ping?payload=},
 * {@code /headers}, {@code /protocol}; any other path answers HTTP 404. See
 * {@code ws-server.js} for the details.
 * <p>
 * The server exits when its stdin closes, so it never outlives the JVM that started it.
 */
public final class NodeWsServer implements AutoCloseable {

	/** System property naming the folder holding {@code ws-server.js}. */
	public static final String DIRECTORY_PROPERTY = "wsclient.test.node.dir";

	private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

	private static final int MAX_STDERR_CHARS = 64 * 1024;

	private final Process process;

	private final int port;

	private final StderrCapture stderr;

	private NodeWsServer(Process process, int port, StderrCapture stderr) {
		this.process = process;
		this.port = port;
		this.stderr = stderr;
	}

	/**
	 * Start {@code node ws-server.js} and wait (at most 20 seconds) until it listens.
	 * @return the running server
	 * @throws IllegalStateException if {@code node} is not on the PATH, the {@code ws}
	 * package is not installed, or the server does not report its port in time
	 */
	public static NodeWsServer start() {
		Path directory = directory();
		Path script = directory.resolve("ws-server.js");
		if (!Files.isRegularFile(script)) {
			throw new IllegalStateException("Node.js test peer not found: " + script.toAbsolutePath() + " (set -D"
					+ DIRECTORY_PROPERTY + " to the folder holding ws-server.js)");
		}
		if (!Files.isDirectory(directory.resolve("node_modules").resolve("ws"))) {
			throw new IllegalStateException("The 'ws' package is not installed in " + directory.toAbsolutePath()
					+ ": run the Maven build (it runs 'npm ci' at generate-test-resources) or 'npm ci' there");
		}
		Process process;
		try {
			process = new ProcessBuilder("node", "ws-server.js").directory(directory.toFile()).start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Node.js is required to run the wsclient-core tests, but 'node' "
					+ "could not be started (is it installed and on the PATH?): " + ex.getMessage(), ex);
		}
		StderrCapture stderr = new StderrCapture();
		CompletableFuture<Integer> port = new CompletableFuture<>();
		daemon("node-ws-server-stdout", () -> readStdout(process.getInputStream(), port));
		daemon("node-ws-server-stderr", () -> readStderr(process.getErrorStream(), stderr));
		try {
			return new NodeWsServer(process, port.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), stderr);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			destroy(process);
			throw new IllegalStateException("interrupted while starting the Node.js ws server", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			destroy(process);
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			String reason = (ex instanceof TimeoutException) ? "did not report its port within " + START_TIMEOUT
					: String.valueOf(cause.getMessage());
			throw new IllegalStateException("The Node.js ws server " + reason + "; stderr:\n" + stderr, ex);
		}
	}

	private static Path directory() {
		String configured = System.getProperty(DIRECTORY_PROPERTY);
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured);
		}
		String basedir = System.getProperty("basedir");
		if (basedir != null && !basedir.isBlank()) {
			return Path.of(basedir, "src", "test", "node");
		}
		return Path.of("src", "test", "node");
	}

	private static void readStdout(InputStream stdout, CompletableFuture<Integer> port) {
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				if (!port.isDone()) {
					if (line.startsWith("PORT ")) {
						port.complete(Integer.parseInt(line.substring(5).trim()));
					}
					else {
						port.completeExceptionally(new IllegalStateException("unexpected first line '" + line + "'"));
					}
				}
			}
			port.completeExceptionally(new IllegalStateException("exited before reporting its port"));
		}
		catch (IOException | RuntimeException ex) {
			port.completeExceptionally(ex);
		}
	}

	private static void readStderr(InputStream stderr, StderrCapture sink) {
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				sink.append(line);
			}
		}
		catch (IOException ex) {
			// the process is gone
		}
	}

	private static void daemon(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.start();
	}

	/**
	 * Return the port the server listens on.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return a {@code ws://127.0.0.1:<port>} URI.
	 * @param pathAndQuery path and query, for example {@code "/count?n=3"}
	 * @return the URI
	 */
	public URI uri(String pathAndQuery) {
		return URI.create("ws://127.0.0.1:" + this.port + pathAndQuery);
	}

	/**
	 * Return what the server wrote on stderr so far (errors of the {@code ws} peer).
	 * @return the captured stderr, at most 64 KiB
	 */
	public String stderr() {
		return this.stderr.toString();
	}

	/**
	 * Return whether the Node.js process is still running.
	 * @return whether it is alive
	 */
	public boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Close the server's stdin and destroy the process (SIGTERM, then SIGKILL if it is
	 * still running after 5 seconds); waits at most 10 seconds in total.
	 */
	@Override
	public void close() {
		destroy(this.process);
	}

	private static void destroy(Process process) {
		try {
			process.getOutputStream().close();
		}
		catch (IOException ex) {
			// destroyed below anyway
		}
		process.destroy();
		try {
			if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	private static final class StderrCapture {

		private final StringBuilder text = new StringBuilder();

		synchronized void append(String line) {
			if (this.text.length() < MAX_STDERR_CHARS) {
				this.text.append(line).append('\n');
			}
		}

		@Override
		public synchronized String toString() {
			return this.text.toString();
		}

	}

}
