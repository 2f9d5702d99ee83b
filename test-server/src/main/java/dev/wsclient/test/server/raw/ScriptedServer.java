package dev.wsclient.test.server.raw;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A raw-TCP "WebSocket server" on {@code 127.0.0.1} that runs a script on every accepted
 * connection, one thread per connection, for cases a real server never produces: wrong
 * accept keys, HTTP errors, masked or reserved frames, broken fragmentation, silence,
 * resets. <pre class="code">
 * try (ScriptedServer server = ScriptedServer.start((c) -&gt; {
 *     RawHandshakeRequest request = c.readHandshake();
 *     c.acceptHandshake(request);
 *     c.sendFrame(Frame.text("hello").toBuilder().rsv(0b100).build());
 *     c.awaitClientClose(Duration.ofSeconds(5));
 * })) {
 *     // connect a client to server.uri("/"), assert on what it reports
 *     server.assertNoScriptFailures();
 * }
 * </pre>
 * <p>
 * When a script returns without closing its connection, the connection is closed
 * gracefully ({@link ScriptedConnection#closeGracefully()}). Exceptions thrown by scripts
 * are recorded ({@link #scriptFailures()}); I/O errors caused by {@link #close()} itself
 * are not.
 */
public final class ScriptedServer implements AutoCloseable {

	private final Script script;

	private final LoopbackListener listener;

	private final Set<ScriptedConnection> connections = ConcurrentHashMap.newKeySet();

	private final List<Throwable> failures = new CopyOnWriteArrayList<>();

	private final Object monitor = new Object();

	private int accepted;

	private int finished;

	private ScriptedServer(Script script) {
		this.script = script;
		this.listener = LoopbackListener.bind("scripted-server");
		this.listener.start(this::runScriptOn, this.failures::add);
	}

	/**
	 * Start a server on {@code 127.0.0.1} and an ephemeral port that runs {@code script}
	 * on every connection it accepts.
	 * @param script what to do with each connection
	 * @return the running server
	 * @throws UncheckedIOException if the port cannot be bound
	 */
	public static ScriptedServer start(Script script) {
		return new ScriptedServer(script);
	}

	/**
	 * Return the port the server listens on.
	 * @return the port
	 */
	public int port() {
		return this.listener.port();
	}

	/**
	 * Return a {@code ws://127.0.0.1:<port>} URI.
	 * @param pathAndQuery path (and query) starting with {@code /}
	 * @return the URI
	 */
	public URI uri(String pathAndQuery) {
		return this.listener.uri(pathAndQuery);
	}

	/**
	 * Return how many connections the server has accepted.
	 * @return the count
	 */
	public int acceptedConnections() {
		synchronized (this.monitor) {
			return this.accepted;
		}
	}

	/**
	 * Return how many scripts have finished (normally or not).
	 * @return the count
	 */
	public int finishedScripts() {
		synchronized (this.monitor) {
			return this.finished;
		}
	}

	/**
	 * Wait until every accepted connection's script has finished.
	 * @param timeout how long to wait at most
	 * @return {@code true} if all scripts finished in time
	 * @throws InterruptedException if interrupted while waiting
	 */
	public boolean awaitScriptsFinished(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.monitor) {
			while (this.finished < this.accepted) {
				long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
				if (remainingMillis <= 0) {
					return false;
				}
				this.monitor.wait(remainingMillis);
			}
			return true;
		}
	}

	/**
	 * Return the exceptions thrown by scripts (and by accepting connections), in order.
	 * @return a snapshot of the failures
	 */
	public List<Throwable> scriptFailures() {
		return List.copyOf(this.failures);
	}

	/**
	 * Fail if any script threw.
	 * @throws AssertionError carrying every failure as a suppressed exception
	 */
	public void assertNoScriptFailures() {
		List<Throwable> failures = scriptFailures();
		if (!failures.isEmpty()) {
			AssertionError error = new AssertionError(
					failures.size() + " scripted connection(s) failed, first: " + failures.get(0));
			failures.forEach(error::addSuppressed);
			throw error;
		}
	}

	private void runScriptOn(Socket socket) {
		int index;
		synchronized (this.monitor) {
			index = this.accepted++;
		}
		this.listener.startThread("scripted-server-" + port() + "-connection-" + index, () -> runScript(index, socket));
	}

	private void runScript(int index, Socket socket) {
		ScriptedConnection connection = null;
		try {
			socket.setTcpNoDelay(true);
			connection = new ScriptedConnection(index, socket);
			this.connections.add(connection);
			if (this.listener.isClosing()) {
				return;
			}
			this.script.run(connection);
		}
		catch (Throwable ex) {
			if (!this.listener.isClosing() || !(ex instanceof IOException)) {
				this.failures.add(new ScriptFailure(index, ex));
			}
		}
		finally {
			try {
				if (connection != null) {
					connection.closeGracefully();
				}
				else {
					socket.close();
				}
			}
			catch (IOException ex) {
				// the connection is gone either way
			}
			if (connection != null) {
				this.connections.remove(connection);
			}
			synchronized (this.monitor) {
				this.finished++;
				this.monitor.notifyAll();
			}
		}
	}

	/**
	 * Stop accepting, close every open connection and wait (at most 5 seconds) for the
	 * threads to end.
	 */
	@Override
	public void close() {
		this.listener.close(() -> {
			for (ScriptedConnection connection : this.connections) {
				try {
					connection.close();
				}
				catch (IOException ex) {
					// closing anyway
				}
			}
		});
	}

	/**
	 * What a {@link ScriptedServer} does with one accepted connection.
	 */
	@FunctionalInterface
	public interface Script {

		/**
		 * Drive the connection; anything thrown is recorded as a script failure.
		 * @param connection the accepted connection
		 * @throws Exception on failure
		 */
		void run(ScriptedConnection connection) throws Exception;

	}

	/**
	 * An exception thrown by the script of one connection.
	 */
	public static final class ScriptFailure extends Exception {

		private static final long serialVersionUID = 1L;

		private final int connectionIndex;

		ScriptFailure(int connectionIndex, Throwable cause) {
			super("script of connection " + connectionIndex + " failed: " + cause, cause);
			this.connectionIndex = connectionIndex;
		}

		/**
		 * Return the index of the connection whose script failed.
		 * @return the connection index
		 */
		public int connectionIndex() {
			return this.connectionIndex;
		}

	}

}
