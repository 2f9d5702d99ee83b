package dev.wsclient.test.server.raw;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The listening part of the raw-TCP test peers ({@link ScriptedServer}, {@link TcpProxy},
 * {@link HttpConnectProxy}): a server socket on {@code 127.0.0.1} and an ephemeral port,
 * an accept loop on a daemon thread that hands every accepted socket to its owner, the
 * daemon threads the owner starts for its connections, and a close that waits a bounded
 * time for all of those threads.
 */
final class LoopbackListener {

	private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);

	private final ServerSocket serverSocket;

	private final String name;

	private final List<Thread> threads = new CopyOnWriteArrayList<>();

	private volatile boolean closing;

	private LoopbackListener(ServerSocket serverSocket, String name) {
		this.serverSocket = serverSocket;
		this.name = name;
	}

	/**
	 * Bind {@code 127.0.0.1} and an ephemeral port; nothing is accepted before
	 * {@link #start(Consumer, Consumer)}.
	 * @param name the name of the peer, the prefix of its thread names
	 * @return the bound listener
	 * @throws UncheckedIOException if the port cannot be bound
	 */
	static LoopbackListener bind(String name) {
		try {
			ServerSocket serverSocket = new ServerSocket();
			serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
			return new LoopbackListener(serverSocket, name);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot bind " + name + " on 127.0.0.1", ex);
		}
	}

	/**
	 * Start accepting on a daemon thread until {@link #close(Closer)}; accept failures
	 * end the loop.
	 * @param onAccept called on the accept thread with every accepted socket
	 */
	void start(Consumer<Socket> onAccept) {
		start(onAccept, (ex) -> {
		});
	}

	/**
	 * Start accepting on a daemon thread until {@link #close(Closer)}.
	 * @param onAccept called on the accept thread with every accepted socket
	 * @param onAcceptFailure called with the failure that ended the loop, unless it was
	 * caused by {@link #close(Closer)}
	 */
	void start(Consumer<Socket> onAccept, Consumer<IOException> onAcceptFailure) {
		startThread(this.name + "-" + port() + "-accept", () -> {
			while (!this.closing) {
				Socket socket;
				try {
					socket = this.serverSocket.accept();
				}
				catch (IOException ex) {
					if (!this.closing) {
						onAcceptFailure.accept(ex);
					}
					return;
				}
				onAccept.accept(socket);
			}
		});
	}

	/**
	 * Start a daemon thread that {@link #close(Closer)} waits for.
	 * @param threadName the name of the thread
	 * @param task what it runs
	 */
	void startThread(String threadName, Runnable task) {
		Thread thread = new Thread(task, threadName);
		thread.setDaemon(true);
		this.threads.add(thread);
		thread.start();
	}

	/**
	 * Return the port the listener is bound to.
	 * @return the port
	 */
	int port() {
		return this.serverSocket.getLocalPort();
	}

	/**
	 * Return a {@code ws://127.0.0.1:<port>} URI.
	 * @param pathAndQuery path and query, for example {@code "/echo"}
	 * @return the URI
	 */
	URI uri(String pathAndQuery) {
		return uri("ws", port(), pathAndQuery);
	}

	/**
	 * Return a URI of a server on {@code 127.0.0.1}.
	 * @param scheme {@code ws} or {@code wss}
	 * @param port the port of the server
	 * @param pathAndQuery path and query; a missing leading {@code /} is added
	 * @return the URI
	 */
	static URI uri(String scheme, int port, String pathAndQuery) {
		return URI.create(scheme + "://127.0.0.1:" + port + (pathAndQuery.startsWith("/") ? "" : "/") + pathAndQuery);
	}

	/**
	 * Return whether {@link #close(Closer)} has begun.
	 * @return whether closing
	 */
	boolean isClosing() {
		return this.closing;
	}

	/**
	 * Stop accepting, close the owner's connections and wait (at most 5 seconds in all)
	 * for the accept thread and every thread started with
	 * {@link #startThread(String, Runnable)}, even when closing the connections fails.
	 * @param closeConnections closes the connections of the owner
	 * @param <E> what closing the connections may throw
	 * @throws E if closing the connections fails
	 */
	<E extends Exception> void close(Closer<E> closeConnections) throws E {
		this.closing = true;
		try {
			this.serverSocket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
		try {
			closeConnections.close();
		}
		finally {
			awaitThreads();
		}
	}

	private void awaitThreads() {
		long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
		try {
			for (Thread thread : this.threads) {
				long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
				if (remainingMillis > 0) {
					thread.join(remainingMillis);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Closes the connections of a listener's owner.
	 *
	 * @param <E> what closing may throw
	 */
	@FunctionalInterface
	interface Closer<E extends Exception> {

		/**
		 * Close the connections.
		 * @throws E if closing fails
		 */
		void close() throws E;

	}

}
