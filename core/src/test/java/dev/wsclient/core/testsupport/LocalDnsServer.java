package dev.wsclient.core.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * A UDP DNS server on {@code 127.0.0.1} and an ephemeral port that answers every query
 * with NXDOMAIN (RCODE 3), echoing the query's id, opcode, RD flag and question section,
 * so that a client's DNS lookup fails for real without leaving the machine. A query too
 * short or too malformed to have a question section is answered with FORMERR (RCODE 1).
 */
public final class LocalDnsServer implements AutoCloseable {

	/** Response code "name error": the queried name does not exist. */
	public static final int RCODE_NXDOMAIN = 3;

	/** Response code "format error". */
	public static final int RCODE_FORMERR = 1;

	private static final int HEADER_LENGTH = 12;

	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

	private final DatagramSocket socket;

	private final Thread thread;

	private final AtomicInteger queries = new AtomicInteger();

	private final List<String> names = new CopyOnWriteArrayList<>();

	private final List<Throwable> failures = new CopyOnWriteArrayList<>();

	private LocalDnsServer(DatagramSocket socket) {
		this.socket = socket;
		this.thread = new Thread(this::serve, "local-dns-" + socket.getLocalPort());
		this.thread.setDaemon(true);
	}

	/**
	 * Start a server on {@code 127.0.0.1} and an ephemeral UDP port.
	 * @return the running server
	 * @throws UncheckedIOException if the port cannot be bound
	 */
	public static LocalDnsServer start() {
		try {
			DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			LocalDnsServer server = new LocalDnsServer(socket);
			server.thread.start();
			return server;
		}
		catch (SocketException ex) {
			throw new UncheckedIOException("cannot bind a DNS server on 127.0.0.1", ex);
		}
	}

	/**
	 * Return the address to use as the only name server.
	 * @return {@code 127.0.0.1} and the server's port
	 */
	public InetSocketAddress address() {
		return new InetSocketAddress(this.socket.getLocalAddress(), this.socket.getLocalPort());
	}

	/**
	 * Return how many datagrams (queries) the server has received.
	 * @return the count
	 */
	public int queriesReceived() {
		return this.queries.get();
	}

	/**
	 * Return the names asked for, in order (one per question, without the trailing dot).
	 * @return a snapshot of the names
	 */
	public List<String> queriedNames() {
		return List.copyOf(this.names);
	}

	/**
	 * Return unexpected errors of the serving thread (none in normal operation).
	 * @return a snapshot of the errors
	 */
	public List<Throwable> failures() {
		return List.copyOf(this.failures);
	}

	private void serve() {
		byte[] buffer = new byte[65535];
		while (!this.socket.isClosed()) {
			DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
			try {
				this.socket.receive(packet);
				this.queries.incrementAndGet();
				byte[] query = Arrays.copyOfRange(packet.getData(), packet.getOffset(),
						packet.getOffset() + packet.getLength());
				byte[] response = respond(query);
				if (response != null) {
					this.socket.send(new DatagramPacket(response, response.length, packet.getSocketAddress()));
				}
			}
			catch (IOException ex) {
				if (!this.socket.isClosed()) {
					this.failures.add(ex);
				}
			}
		}
	}

	private byte @Nullable [] respond(byte[] query) {
		if (query.length < HEADER_LENGTH) {
			return null;
		}
		int questionCount = ((query[4] & 0xFF) << 8) | (query[5] & 0xFF);
		int position = HEADER_LENGTH;
		for (int i = 0; i < questionCount && position >= 0; i++) {
			StringBuilder name = new StringBuilder();
			position = skipName(query, position, name);
			if (position >= 0) {
				position = (position + 4 <= query.length) ? position + 4 : -1;
				this.names.add(name.toString());
			}
		}
		boolean wellFormed = position >= 0;
		byte[] response = Arrays.copyOf(query, wellFormed ? position : HEADER_LENGTH);
		// QR=1, opcode and RD echoed, AA=0, TC=0
		response[2] = (byte) (0x80 | (query[2] & 0x78) | (query[2] & 0x01));
		// RA=1, Z=0, RCODE
		response[3] = (byte) (0x80 | (wellFormed ? RCODE_NXDOMAIN : RCODE_FORMERR));
		if (!wellFormed) {
			response[4] = 0;
			response[5] = 0;
		}
		// no answer, authority or additional records
		Arrays.fill(response, 6, HEADER_LENGTH, (byte) 0);
		return response;
	}

	/**
	 * Skip a domain name, collecting its labels.
	 * @return the position after the name, or -1 if it is malformed
	 */
	private static int skipName(byte[] message, int start, StringBuilder name) {
		int position = start;
		while (position < message.length) {
			int length = message[position] & 0xFF;
			if (length == 0) {
				return position + 1;
			}
			if ((length & 0xC0) == 0xC0) {
				// a compression pointer ends the name; the labels it points to are not
				// collected
				return (position + 2 <= message.length) ? position + 2 : -1;
			}
			if ((length & 0xC0) != 0 || position + 1 + length > message.length) {
				return -1;
			}
			if (!name.isEmpty()) {
				name.append('.');
			}
			name.append(new String(message, position + 1, length, StandardCharsets.ISO_8859_1));
			position += 1 + length;
		}
		return -1;
	}

	/**
	 * Close the socket and wait (at most 5 seconds) for the serving thread to end.
	 */
	@Override
	public void close() {
		this.socket.close();
		try {
			this.thread.join(CLOSE_TIMEOUT.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
