package dev.wsclient.test.server.raw;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on {@code 127.0.0.1} and an ephemeral port that forwards every connection
 * to a target port on {@code 127.0.0.1}, two threads per connection. {@link #freeze()}
 * makes the open connections half-open, as a dead NAT entry or a pulled cable would:
 * nothing is forwarded any more in either direction, yet neither side sees a FIN or a
 * reset. Connections accepted later are forwarded normally.
 */
public final class TcpProxy implements AutoCloseable {

	private final int targetPort;

	private final LoopbackListener listener;

	private final List<Link> links = new CopyOnWriteArrayList<>();

	private final AtomicInteger accepted = new AtomicInteger();

	private TcpProxy(int targetPort) {
		this.targetPort = targetPort;
		this.listener = LoopbackListener.bind("tcp-proxy");
		this.listener.start(this::forward);
	}

	/**
	 * Start a proxy to {@code 127.0.0.1:targetPort}.
	 * @param targetPort the port to forward to
	 * @return the running proxy
	 */
	public static TcpProxy start(int targetPort) {
		return new TcpProxy(targetPort);
	}

	/**
	 * Return the port the proxy listens on.
	 * @return the port
	 */
	public int port() {
		return this.listener.port();
	}

	/**
	 * Return a {@code ws://127.0.0.1:<proxy port>} URI.
	 * @param pathAndQuery path and query, for example {@code "/echo"}
	 * @return the URI
	 */
	public URI uri(String pathAndQuery) {
		return this.listener.uri(pathAndQuery);
	}

	/**
	 * Return how many connections the proxy accepted so far.
	 * @return the count
	 */
	public int acceptedConnections() {
		return this.accepted.get();
	}

	/**
	 * Stop forwarding on every connection open now, in both directions, without closing
	 * anything: bytes stay in the socket buffers and later ones are not read.
	 */
	public void freeze() {
		this.links.forEach(Link::freeze);
	}

	/** Resume forwarding on every frozen connection. */
	public void thaw() {
		this.links.forEach(Link::thaw);
	}

	/**
	 * Stop accepting and close every connection (both sides) at once.
	 */
	@Override
	public void close() {
		this.listener.close(() -> this.links.forEach(Link::close));
	}

	/**
	 * Connect to the target on the accept thread, then pump each direction on a thread of
	 * its own.
	 */
	private void forward(Socket client) {
		int index = this.accepted.getAndIncrement();
		Socket target = new Socket();
		try {
			client.setTcpNoDelay(true);
			target.setTcpNoDelay(true);
			target.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.targetPort), 5000);
		}
		catch (IOException ex) {
			closeQuietly(client);
			closeQuietly(target);
			return;
		}
		Link link = new Link(client, target);
		this.links.add(link);
		if (this.listener.isClosing()) {
			link.close();
			return;
		}
		this.listener.startThread("tcp-proxy-" + port() + "-" + index + "-up", () -> link.pump(client, target));
		this.listener.startThread("tcp-proxy-" + port() + "-" + index + "-down", () -> link.pump(target, client));
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// nothing to do
		}
	}

	/** One proxied connection: the client's socket and the one to the target. */
	private final class Link {

		private final Socket client;

		private final Socket target;

		private final Object monitor = new Object();

		private boolean frozen;

		private boolean closed;

		Link(Socket client, Socket target) {
			this.client = client;
			this.target = target;
		}

		void freeze() {
			synchronized (this.monitor) {
				this.frozen = true;
			}
		}

		void thaw() {
			synchronized (this.monitor) {
				this.frozen = false;
				this.monitor.notifyAll();
			}
		}

		void close() {
			synchronized (this.monitor) {
				this.closed = true;
				this.monitor.notifyAll();
			}
			closeQuietly(this.client);
			closeQuietly(this.target);
		}

		void pump(Socket from, Socket to) {
			byte[] buffer = new byte[16 * 1024];
			try {
				InputStream input = from.getInputStream();
				OutputStream output = to.getOutputStream();
				while (true) {
					int read = input.read(buffer);
					if (!awaitForwarding()) {
						return;
					}
					if (read < 0) {
						to.shutdownOutput();
						return;
					}
					output.write(buffer, 0, read);
					output.flush();
				}
			}
			catch (IOException ex) {
				// One side is gone: end the other one too, as a proxy would.
				close();
			}
		}

		/**
		 * Hold what was read while frozen.
		 * @return whether to go on, {@code false} once closed
		 */
		private boolean awaitForwarding() {
			synchronized (this.monitor) {
				while (this.frozen && !this.closed && !TcpProxy.this.listener.isClosing()) {
					try {
						this.monitor.wait(100);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return false;
					}
				}
				return !this.closed && !TcpProxy.this.listener.isClosing();
			}
		}

	}

}
