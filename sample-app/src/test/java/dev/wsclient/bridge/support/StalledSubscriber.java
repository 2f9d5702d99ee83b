package dev.wsclient.bridge.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import dev.wsclient.test.server.raw.Frame;

/**
 * A downstream subscriber that stops reading right after its request: a plain socket with
 * a small receive buffer, so that TCP pushes back on the bridge after a few kilobytes. It
 * reads again, everything up to the end of the connection, only when asked to.
 */
public final class StalledSubscriber implements AutoCloseable {

	private static final int RECEIVE_BUFFER = 4096;

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

	private final Socket socket;

	private final byte[] head;

	private StalledSubscriber(Socket socket, byte[] head) {
		this.socket = socket;
		this.head = head;
	}

	/**
	 * Open a WebSocket to {@code /streams/{client}}, read the handshake response and
	 * stop.
	 * @param port the bridge's port
	 * @param client the client name
	 * @return the subscriber
	 * @throws IOException on a connection failure
	 */
	public static StalledSubscriber webSocket(int port, String client) throws IOException {
		byte[] nonce = new byte[16];
		ThreadLocalRandom.current().nextBytes(nonce);
		return open(port, "GET /streams/" + client + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
				+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
				+ Base64.getEncoder().encodeToString(nonce) + "\r\n\r\n");
	}

	/**
	 * Request {@code GET /streams/{client}} as Server-Sent Events, read the response
	 * headers and stop.
	 * @param port the bridge's port
	 * @param client the client name
	 * @return the subscriber
	 * @throws IOException on a connection failure
	 */
	public static StalledSubscriber serverSentEvents(int port, String client) throws IOException {
		return open(port, "GET /streams/" + client + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
				+ "\r\nAccept: text/event-stream\r\n\r\n");
	}

	private static StalledSubscriber open(int port, String request) throws IOException {
		Socket socket = new Socket();
		// Before connecting, so that the window TCP advertises stays small.
		socket.setReceiveBufferSize(RECEIVE_BUFFER);
		socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
		socket.connect(new InetSocketAddress(InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 }), port),
				(int) READ_TIMEOUT.toMillis());
		OutputStream out = socket.getOutputStream();
		out.write(request.getBytes(StandardCharsets.US_ASCII));
		out.flush();
		return new StalledSubscriber(socket, readHead(socket.getInputStream()));
	}

	/**
	 * Return the status line and headers of the response.
	 * @return the response head
	 */
	public String head() {
		return new String(this.head, StandardCharsets.US_ASCII);
	}

	/**
	 * Read everything the bridge sends until it closes the connection.
	 * @return the bytes after the response head
	 * @throws IOException when the connection does not end within 20 seconds
	 */
	public byte[] readToEnd() throws IOException {
		InputStream in = this.socket.getInputStream();
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		byte[] buffer = new byte[64 * 1024];
		try {
			int read;
			while ((read = in.read(buffer)) != -1) {
				body.write(buffer, 0, read);
			}
		}
		catch (SocketTimeoutException ex) {
			throw new IOException(
					"The connection did not end within " + READ_TIMEOUT + "; read " + body.size() + " bytes", ex);
		}
		return body.toByteArray();
	}

	/**
	 * Split what a WebSocket connection received into frames.
	 * @param bytes the bytes after the handshake response
	 * @return the frames, in order; an incomplete last frame is left out
	 */
	public static List<Frame> frames(byte[] bytes) {
		List<Frame> frames = new ArrayList<>();
		int offset = 0;
		Frame.Decoded decoded;
		while ((decoded = Frame.decode(bytes, offset, bytes.length - offset)) != null) {
			frames.add(decoded.frame());
			offset += decoded.wireLength();
		}
		return frames;
	}

	/**
	 * Split a chunked Server-Sent Events body into events, each as its lines.
	 * @param bytes the bytes after the response head
	 * @return the events (comment-only ones included), in order
	 */
	public static List<List<String>> events(byte[] bytes) {
		String text = new String(dechunk(bytes), StandardCharsets.UTF_8);
		List<List<String>> events = new ArrayList<>();
		for (String block : text.split("\n\n", -1)) {
			if (!block.isBlank()) {
				events.add(List.of(block.split("\n", -1)));
			}
		}
		return events;
	}

	private static byte[] dechunk(byte[] bytes) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		int offset = 0;
		while (offset < bytes.length) {
			int lineEnd = indexOf(bytes, offset);
			if (lineEnd < 0) {
				break;
			}
			int size = Integer.parseInt(new String(bytes, offset, lineEnd - offset, StandardCharsets.US_ASCII).trim(),
					16);
			offset = lineEnd + 2;
			if (size == 0 || offset + size > bytes.length) {
				break;
			}
			body.write(bytes, offset, size);
			offset += size + 2;
		}
		return body.toByteArray();
	}

	private static int indexOf(byte[] bytes, int from) {
		for (int i = from; i + 1 < bytes.length; i++) {
			if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
				return i;
			}
		}
		return -1;
	}

	private static byte[] readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		byte[] end = { '\r', '\n', '\r', '\n' };
		while (matched < end.length) {
			int b = in.read();
			if (b == -1) {
				throw new IOException("The connection ended inside the response head: " + head);
			}
			head.write(b);
			matched = (b == end[matched]) ? matched + 1 : ((b == '\r') ? 1 : 0);
		}
		return head.toByteArray();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
