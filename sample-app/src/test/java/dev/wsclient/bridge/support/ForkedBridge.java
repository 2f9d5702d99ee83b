package dev.wsclient.bridge.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.wsclient.bridge.BridgeApplication;

import static org.awaitility.Awaitility.await;

/**
 * The bridge in a JVM of its own, with the memory limits a test sets: an attack that
 * exhausts its memory ends that JVM ({@code -XX:+ExitOnOutOfMemoryError}), not the
 * test's. Its output goes to a file under {@code target/forked-bridges}, read by
 * {@link #log()}.
 */
public final class ForkedBridge implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

	private final Process process;

	private final int port;

	private final Path log;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private ForkedBridge(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/**
	 * Start a bridge and wait until it answers its liveness probe.
	 * @param jvmOptions options of its JVM, such as {@code -Xmx128m}
	 * @param properties its application properties, as {@code key=value}
	 * @return the running bridge
	 */
	public static ForkedBridge start(List<String> jvmOptions, List<String> properties) {
		try {
			int port = freePort();
			// Kept after the test, for a look at what went wrong.
			Path log = Files.createDirectories(Path.of("target", "forked-bridges"))
				.resolve(System.currentTimeMillis() + "-" + port + ".log");
			List<String> command = new ArrayList<>();
			command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
			command.addAll(jvmOptions);
			command.add("-cp");
			command.add(System.getProperty("java.class.path"));
			command.add(BridgeApplication.class.getName());
			command.add("--server.port=" + port);
			properties.forEach((property) -> command.add("--" + property));
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			ForkedBridge bridge = new ForkedBridge(process, port, log);
			await().atMost(START_TIMEOUT)
				.pollInterval(Duration.ofMillis(200))
				.ignoreException(UncheckedIOException.class)
				.until(() -> {
					if (!process.isAlive()) {
						throw new IllegalStateException("The bridge exited at start-up:\n" + bridge.log());
					}
					return bridge.get("/actuator/health/liveness").statusCode() == 200;
				});
			return bridge;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return the bridge's HTTP port.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return whether the bridge's JVM is still running.
	 * @return whether it is alive
	 */
	public boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Send a GET request.
	 * @param path the path
	 * @param headers header names and values, alternating
	 * @return the response
	 * @throws UncheckedIOException when the request fails
	 */
	public HttpResponse<String> get(String path, String... headers) {
		// Generous: the machine may be busy with other builds, and a bridge under attack
		// may answer slowly without being down.
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(20));
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Return everything the bridge has written to its standard output and error.
	 * @return the log
	 */
	public String log() {
		try {
			return Files.readString(this.log, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
