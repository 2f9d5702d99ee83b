package dev.wsclient.test.server.raw;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

/**
 * An HTTP proxy on {@code 127.0.0.1} that tunnels {@code CONNECT} requests to loopback
 * targets only, optionally asking for Basic credentials. Records every {@code CONNECT}
 * target.
 */
public final class HttpConnectProxy implements AutoCloseable {

	private final @Nullable String expectedAuthorization;

	private final LoopbackListener listener;

	private final List<String> targets = new CopyOnWriteArrayList<>();

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private HttpConnectProxy(@Nullable String expectedAuthorization) {
		this.expectedAuthorization = expectedAuthorization;
		this.listener = LoopbackListener.bind("http-connect-proxy");
		this.listener.start(this::accepted);
	}

	/**
	 * Start a proxy that needs no credentials.
	 * @return the running proxy
	 */
	public static HttpConnectProxy start() {
		return start(null, null);
	}

	/**
	 * Start a proxy that needs the given Basic credentials, or none when {@code username}
	 * is {@code null}.
	 * @param username the user name
	 * @param password the password
	 * @return the running proxy
	 */
	public static HttpConnectProxy start(@Nullable String username, @Nullable String password) {
		String authorization = (username != null) ? "Basic "
				+ Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8))
				: null;
		return new HttpConnectProxy(authorization);
	}

	public int port() {
		return this.listener.port();
	}

	/**
	 * Return the {@code host:port} of every tunnel asked for, granted or not.
	 * @return the targets
	 */
	public List<String> targets() {
		return List.copyOf(this.targets);
	}

	@Override
	public void close() throws IOException {
		this.listener.close(() -> {
			for (Socket socket : this.sockets) {
				socket.close();
			}
		});
	}

	private void accepted(Socket client) {
		this.sockets.add(client);
		this.listener.startThread("http-connect-proxy-client", () -> serve(client));
	}

	private void serve(Socket client) {
		try {
			client.setSoTimeout(10_000);
			String head = readHead(client.getInputStream());
			String[] requestLine = head.split("\r\n", 2)[0].split(" ", -1);
			if (requestLine.length < 2 || !requestLine[0].equals("CONNECT")) {
				respond(client, "405 Method Not Allowed");
				return;
			}
			String target = requestLine[1];
			this.targets.add(target);
			if (this.expectedAuthorization != null
					&& !this.expectedAuthorization.equals(header(head, "proxy-authorization"))) {
				respond(client, "407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"");
				return;
			}
			int colon = target.lastIndexOf(':');
			Socket upstream = new Socket(InetAddress.getLoopbackAddress(),
					Integer.parseInt(target.substring(colon + 1)));
			this.sockets.add(upstream);
			client.setSoTimeout(0);
			client.getOutputStream()
				.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			this.listener.startThread("http-connect-proxy-back", () -> pipe(upstream, client));
			pipe(client, upstream);
		}
		catch (IOException | RuntimeException ex) {
			closeQuietly(client);
		}
	}

	private static void respond(Socket client, String status) throws IOException {
		client.getOutputStream()
			.write(("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
		client.close();
	}

	private static @Nullable String header(String head, String name) {
		for (String line : head.split("\r\n", -1)) {
			int colon = line.indexOf(':');
			if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
				return line.substring(colon + 1).trim();
			}
		}
		return null;
	}

	private static String readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		byte[] end = { '\r', '\n', '\r', '\n' };
		while (matched < end.length) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("client closed before the end of the request head");
			}
			head.write(b);
			matched = (b == end[matched]) ? matched + 1 : ((b == '\r') ? 1 : 0);
		}
		return head.toString(StandardCharsets.US_ASCII);
	}

	private static void pipe(Socket from, Socket to) {
		byte[] buffer = new byte[16 * 1024];
		try {
			InputStream in = from.getInputStream();
			OutputStream out = to.getOutputStream();
			int read;
			while ((read = in.read(buffer)) >= 0) {
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException ex) {
			// One side went away: end the tunnel.
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Closing anyway.
		}
	}

}
