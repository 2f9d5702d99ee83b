package dev.wsclient.bridge.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A plain TCP connection to the bridge, for requests no HTTP client would send: headers
 * that trickle in, bodies that never end, frames before or after the rules. Reads wait at
 * most a given time; the end of the connection is told apart from silence.
 */
public final class RawConnection implements AutoCloseable {

	private final Socket socket;

	private final ByteArrayOutputStream received = new ByteArrayOutputStream();

	private boolean ended;

	private RawConnection(Socket socket) {
		this.socket = socket;
	}

	/**
	 * Connect to the bridge.
	 * @param port its port
	 * @return the connection
	 */
	public static RawConnection open(int port) {
		try {
			Socket socket = new Socket();
			socket.setReceiveBufferSize(4096);
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
			return new RawConnection(socket);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Send text as ASCII.
	 * @param text what to send
	 * @return whether it was written; {@code false} when the bridge had closed the
	 * connection
	 */
	public boolean send(String text) {
		return send(text.getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * Send bytes.
	 * @param bytes what to send
	 * @return whether they were written; {@code false} when the bridge had closed the
	 * connection
	 */
	public boolean send(byte[] bytes) {
		try {
			this.socket.getOutputStream().write(bytes);
			this.socket.getOutputStream().flush();
			return true;
		}
		catch (SocketException ex) {
			return false;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Read until the bridge ends the connection or the time runs out.
	 * @param timeout the longest wait
	 * @return whether the connection ended (closed or reset) within the time
	 */
	public boolean awaitEnd(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		try {
			InputStream in = this.socket.getInputStream();
			byte[] buffer = new byte[8192];
			while (!this.ended) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				this.socket.setSoTimeout((int) Math.max(1, Duration.ofNanos(left).toMillis()));
				int read = in.read(buffer);
				if (read < 0) {
					this.ended = true;
				}
				else {
					this.received.write(buffer, 0, read);
				}
			}
			return true;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (SocketException ex) {
			// Reset by the bridge.
			this.ended = true;
			return true;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Read until a whole response head has arrived, the connection ended or the time ran
	 * out.
	 * @param timeout the longest wait
	 * @return everything received so far, as ISO-8859-1 text
	 */
	public String awaitResponse(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!received().contains("\r\n\r\n") && !this.ended && System.nanoTime() < deadline) {
			readSome(Duration.ofMillis(100));
		}
		return received();
	}

	/**
	 * Read until what was received contains a text a number of times, the connection
	 * ended or the time ran out.
	 * @param text what to look for
	 * @param times how many times
	 * @param timeout the longest wait
	 * @return everything received so far, as ISO-8859-1 text
	 */
	public String awaitReceived(String text, int times, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (count(received(), text) < times && !this.ended && System.nanoTime() < deadline) {
			readSome(Duration.ofMillis(100));
		}
		return received();
	}

	private static int count(String received, String text) {
		int count = 0;
		for (int at = received.indexOf(text); at >= 0; at = received.indexOf(text, at + text.length())) {
			count++;
		}
		return count;
	}

	/**
	 * Forget the response head received so far (such as a handshake response), keeping
	 * what came after it.
	 */
	public void dropResponseHead() {
		String all = received();
		int head = all.indexOf("\r\n\r\n");
		byte[] bytes = this.received.toByteArray();
		this.received.reset();
		if (head >= 0) {
			this.received.write(bytes, head + 4, bytes.length - head - 4);
		}
	}

	/**
	 * Return everything received so far.
	 * @return the bytes as ISO-8859-1 text
	 */
	public String received() {
		return this.received.toString(StandardCharsets.ISO_8859_1);
	}

	/**
	 * Return the bytes received so far.
	 * @return the bytes
	 */
	public byte[] receivedBytes() {
		return this.received.toByteArray();
	}

	/**
	 * Return whether the bridge has ended the connection, as far as read so far.
	 * @return whether the end was read
	 */
	public boolean hasEnded() {
		return this.ended;
	}

	private void readSome(Duration wait) {
		try {
			this.socket.setSoTimeout((int) wait.toMillis());
			byte[] buffer = new byte[8192];
			int read = this.socket.getInputStream().read(buffer);
			if (read < 0) {
				this.ended = true;
			}
			else {
				this.received.write(buffer, 0, read);
			}
		}
		catch (SocketTimeoutException ex) {
			// Nothing yet.
		}
		catch (SocketException ex) {
			this.ended = true;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
