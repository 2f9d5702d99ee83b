package dev.wsclient.test.server.raw;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One accepted TCP connection of a {@link ScriptedServer}, driven by its script. The
 * script reads the client's handshake and frames and writes whatever it likes: a correct
 * or broken handshake response, well-formed or malformed frames, or nothing at all.
 * <p>
 * Every read takes a timeout. Bytes are buffered, so a read that times out half-way
 * through a frame loses nothing. Frames the client sent are unmasked and recorded in
 * {@link #framesRead()}.
 */
public final class ScriptedConnection implements AutoCloseable {

	/** Timeout of {@link #readHandshake()}. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration GRACEFUL_CLOSE_TIMEOUT = Duration.ofSeconds(5);

	private static final int MAX_HANDSHAKE_BYTES = 64 * 1024;

	private final int index;

	private final Socket socket;

	private final InputStream input;

	private final OutputStream output;

	private final List<Frame> framesRead = new CopyOnWriteArrayList<>();

	private byte[] buffer = new byte[16 * 1024];

	private int start;

	private int end;

	private volatile boolean clientClosed;

	ScriptedConnection(int index, Socket socket) throws IOException {
		this.index = index;
		this.socket = socket;
		this.input = socket.getInputStream();
		this.output = socket.getOutputStream();
	}

	/**
	 * Return the number of this connection, counting from 0 in the order the server
	 * accepted them, so that one script can behave differently on a reconnect.
	 * @return the index
	 */
	public int index() {
		return this.index;
	}

	/**
	 * Return the underlying socket, for anything this class does not offer.
	 * @return the socket
	 */
	public Socket socket() {
		return this.socket;
	}

	/**
	 * Read and parse the client's HTTP upgrade request, waiting at most
	 * {@link #DEFAULT_TIMEOUT}.
	 * @return the request
	 * @throws IOException if the client closed the connection, or sent no complete
	 * request in time ({@link SocketTimeoutException})
	 */
	public RawHandshakeRequest readHandshake() throws IOException {
		return readHandshake(DEFAULT_TIMEOUT);
	}

	/**
	 * Read and parse the client's HTTP upgrade request. Bytes after the blank line stay
	 * buffered for {@link #readFrame(Duration)}.
	 * @param timeout how long to wait for the complete request head
	 * @return the request
	 * @throws IOException if the client closed the connection, or sent no complete
	 * request in time ({@link SocketTimeoutException})
	 */
	public RawHandshakeRequest readHandshake(Duration timeout) throws IOException {
		long deadline = deadline(timeout);
		while (true) {
			for (int i = this.start; i + 3 < this.end; i++) {
				if (this.buffer[i] == '\r' && this.buffer[i + 1] == '\n' && this.buffer[i + 2] == '\r'
						&& this.buffer[i + 3] == '\n') {
					String head = new String(this.buffer, this.start, i - this.start, StandardCharsets.UTF_8);
					this.start = i + 4;
					return RawHandshakeRequest.parse(head);
				}
			}
			if (this.end - this.start > MAX_HANDSHAKE_BYTES) {
				throw new IOException("no end of the request head within " + MAX_HANDSHAKE_BYTES + " bytes");
			}
			fill(deadline, "a complete handshake request");
		}
	}

	/**
	 * Answer the handshake with a correct {@code 101 Switching Protocols} response.
	 * @param request the client's request
	 * @throws IOException if writing fails
	 */
	public void acceptHandshake(RawHandshakeRequest request) throws IOException {
		acceptHandshake(request, new String[0]);
	}

	/**
	 * Answer the handshake with a correct {@code 101 Switching Protocols} response plus
	 * extra header lines, for example {@code "Sec-WebSocket-Protocol: v1.json"}.
	 * @param request the client's request
	 * @param extraHeaderLines complete header lines without line ending
	 * @throws IOException if writing fails
	 */
	public void acceptHandshake(RawHandshakeRequest request, String... extraHeaderLines) throws IOException {
		StringBuilder response = new StringBuilder();
		response.append("HTTP/1.1 101 Switching Protocols\r\n");
		response.append("Upgrade: websocket\r\n");
		response.append("Connection: Upgrade\r\n");
		response.append("Sec-WebSocket-Accept: ").append(request.expectedAccept()).append("\r\n");
		for (String line : extraHeaderLines) {
			response.append(line).append("\r\n");
		}
		response.append("\r\n");
		writeRaw(response.toString());
	}

	/**
	 * Write text as UTF-8, exactly as given (a broken handshake response, an HTTP error,
	 * garbage).
	 * @param text the text
	 * @throws IOException if writing fails
	 */
	public void writeRaw(String text) throws IOException {
		writeRaw(text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Write bytes exactly as given.
	 * @param bytes the bytes
	 * @throws IOException if writing fails
	 */
	public void writeRaw(byte[] bytes) throws IOException {
		this.output.write(bytes);
		this.output.flush();
	}

	/**
	 * Encode and write one frame.
	 * @param frame the frame
	 * @throws IOException if writing fails
	 */
	public void sendFrame(Frame frame) throws IOException {
		writeRaw(frame.encode());
	}

	/**
	 * Encode frames and write them with a single write, so they are likely to arrive in
	 * one TCP segment.
	 * @param frames the frames
	 * @throws IOException if writing fails
	 */
	public void sendFrames(Frame... frames) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		for (Frame frame : frames) {
			bytes.writeBytes(frame.encode());
		}
		writeRaw(bytes.toByteArray());
	}

	/**
	 * Encode frames and write them one byte per write, with Nagle's algorithm off, so
	 * that the client receives them in many small TCP segments: headers, extended lengths
	 * and payloads cut at every point.
	 * @param frames the frames
	 * @throws IOException if writing fails
	 */
	public void sendFramesByteByByte(Frame... frames) throws IOException {
		this.socket.setTcpNoDelay(true);
		for (Frame frame : frames) {
			for (byte value : frame.encode()) {
				this.output.write(value);
				this.output.flush();
			}
		}
	}

	/**
	 * Read one frame from the client, unmasking it (whether it was masked is kept in
	 * {@link Frame#masked()}).
	 * @param timeout how long to wait for the complete frame
	 * @return the frame
	 * @throws IOException if the client closed the connection ({@link EOFException}),
	 * sent no complete frame in time ({@link SocketTimeoutException}) or declared an
	 * impossible length
	 */
	public Frame readFrame(Duration timeout) throws IOException {
		long deadline = deadline(timeout);
		while (true) {
			Frame.Decoded decoded;
			try {
				decoded = Frame.decode(this.buffer, this.start, this.end - this.start);
			}
			catch (IllegalArgumentException ex) {
				throw new IOException("undecodable frame from the client", ex);
			}
			if (decoded != null) {
				this.start += decoded.wireLength();
				this.framesRead.add(decoded.frame());
				return decoded.frame();
			}
			fill(deadline, "a complete frame");
		}
	}

	/**
	 * Read frames until a close frame arrives (frames before it are recorded in
	 * {@link #framesRead()}).
	 * @param timeout how long to wait for the close frame in total
	 * @return the close frame; see {@link Frame#closeCode()} and
	 * {@link Frame#closeReason()}
	 * @throws IOException if the client closed the connection or sent no close frame in
	 * time
	 */
	public Frame expectClose(Duration timeout) throws IOException {
		long deadline = deadline(timeout);
		while (true) {
			Frame frame = readFrame(remaining(deadline));
			if (frame.opcode() == Frame.CLOSE) {
				return frame;
			}
		}
	}

	/**
	 * Stay silent: answer nothing (no pongs, no close frame) and read and record whatever
	 * the client sends until it closes the TCP connection or the time is up.
	 * @param max how long to stay silent at most
	 * @return {@code true} if the client closed the TCP connection, {@code false} if the
	 * time ran out first
	 * @throws IOException if reading fails otherwise
	 */
	public boolean silence(Duration max) throws IOException {
		return awaitClientClose(max);
	}

	/**
	 * Read and record whatever the client sends, answering nothing, until the client
	 * closes the TCP connection (end of stream or reset) or the time is up.
	 * @param timeout how long to wait at most
	 * @return {@code true} if the client closed the TCP connection, {@code false} on
	 * timeout
	 * @throws IOException if reading fails otherwise
	 */
	public boolean awaitClientClose(Duration timeout) throws IOException {
		long deadline = deadline(timeout);
		while (!this.clientClosed) {
			decodeBufferedFrames();
			try {
				fill(deadline, "the client to close the connection");
			}
			catch (EOFException ex) {
				return true;
			}
			catch (SocketTimeoutException ex) {
				return false;
			}
			catch (SocketException ex) {
				if (this.socket.isClosed()) {
					throw ex;
				}
				this.clientClosed = true;
			}
		}
		decodeBufferedFrames();
		return true;
	}

	private void decodeBufferedFrames() {
		while (true) {
			Frame.Decoded decoded;
			try {
				decoded = Frame.decode(this.buffer, this.start, this.end - this.start);
			}
			catch (IllegalArgumentException ex) {
				this.start = this.end;
				return;
			}
			if (decoded == null) {
				return;
			}
			this.start += decoded.wireLength();
			this.framesRead.add(decoded.frame());
		}
	}

	/**
	 * Close the connection with a TCP reset (SO_LINGER 0), as a crashed server or a
	 * middlebox would.
	 * @throws IOException if closing fails
	 */
	public void closeAbruptly() throws IOException {
		if (!this.socket.isClosed()) {
			this.socket.setSoLinger(true, 0);
			this.socket.close();
		}
	}

	/**
	 * Close the connection gracefully: send FIN, read (and record) what the client still
	 * sends until it closes its side or 5 seconds pass, then close the socket.
	 * @throws IOException if closing fails
	 */
	public void closeGracefully() throws IOException {
		if (this.socket.isClosed()) {
			return;
		}
		try {
			if (!this.socket.isOutputShutdown()) {
				this.socket.shutdownOutput();
			}
			awaitClientClose(GRACEFUL_CLOSE_TIMEOUT);
		}
		catch (SocketException ex) {
			// the peer is already gone
		}
		finally {
			this.socket.close();
		}
	}

	/**
	 * Return whether the client has closed its side of the TCP connection (as seen by a
	 * read so far).
	 * @return whether end of stream or a reset was seen
	 */
	public boolean clientClosed() {
		return this.clientClosed;
	}

	/**
	 * Return whether this side has closed the socket.
	 * @return whether the socket is closed
	 */
	public boolean isClosed() {
		return this.socket.isClosed();
	}

	/**
	 * Return every frame read from the client so far, in order.
	 * @return a snapshot of the frames
	 */
	public List<Frame> framesRead() {
		return List.copyOf(this.framesRead);
	}

	/**
	 * Close the socket at once (FIN, or a reset if unread bytes are pending).
	 * @throws IOException if closing fails
	 */
	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	private void fill(long deadline, String waitingFor) throws IOException {
		if (this.start > 0 && this.start == this.end) {
			this.start = 0;
			this.end = 0;
		}
		if (this.end == this.buffer.length) {
			int unread = this.end - this.start;
			if (this.start > this.buffer.length / 2) {
				System.arraycopy(this.buffer, this.start, this.buffer, 0, unread);
			}
			else {
				byte[] bigger = new byte[this.buffer.length * 2];
				System.arraycopy(this.buffer, this.start, bigger, 0, unread);
				this.buffer = bigger;
			}
			this.start = 0;
			this.end = unread;
		}
		long remainingMillis = remaining(deadline).toMillis();
		if (remainingMillis <= 0) {
			throw new SocketTimeoutException("timed out waiting for " + waitingFor + context());
		}
		this.socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remainingMillis));
		int read;
		try {
			read = this.input.read(this.buffer, this.end, this.buffer.length - this.end);
		}
		catch (SocketTimeoutException ex) {
			throw new SocketTimeoutException("timed out waiting for " + waitingFor + context());
		}
		catch (SocketException ex) {
			if (this.socket.isClosed()) {
				throw ex;
			}
			this.clientClosed = true;
			SocketException reset = new SocketException("the client reset the connection (" + ex.getMessage()
					+ ") while waiting for " + waitingFor + context());
			reset.initCause(ex);
			throw reset;
		}
		if (read < 0) {
			this.clientClosed = true;
			throw new EOFException("the client closed the connection while waiting for " + waitingFor + context());
		}
		this.end += read;
	}

	private String context() {
		StringBuilder context = new StringBuilder();
		List<Frame> frames = this.framesRead;
		if (!frames.isEmpty()) {
			context.append("; frames read so far: ").append(frames.size());
			context.append(", last: ").append(frames.get(frames.size() - 1));
		}
		context.append(unreadDescription());
		return context.toString();
	}

	private String unreadDescription() {
		if (this.end == this.start) {
			return "";
		}
		byte[] unread = Arrays.copyOfRange(this.buffer, this.start, Math.min(this.end, this.start + 64));
		return "; " + (this.end - this.start) + " unread bytes: "
				+ new String(unread, StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", ".");
	}

	private static long deadline(Duration timeout) {
		return System.nanoTime() + timeout.toNanos();
	}

	private static Duration remaining(long deadline) {
		return Duration.ofNanos(deadline - System.nanoTime());
	}

}
