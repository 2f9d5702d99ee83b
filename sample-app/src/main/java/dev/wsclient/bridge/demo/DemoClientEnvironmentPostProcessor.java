package dev.wsclient.bridge.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Configures the client {@code demo} of the embedded demo feed as an ordinary
 * {@code wsclient.clients} entry, so that it is connected, reconnected, checked and
 * measured like any upstream: {@code wsclient.clients.demo.url} is the feed's URL on this
 * application's own port, and {@code bridge.security.anonymous-read} lets anyone read its
 * stream. Any of these keys the application sets itself wins. Nothing is added when
 * {@code bridge.demo.enabled} is {@code false}.
 *
 * <p>
 * The clients are bound before the web server starts, so the URL has to name the port
 * before it is bound. With a fixed {@code server.port} (8080 by default) that is the
 * port. With {@code server.port=0} (a random port, as in tests) a free port is chosen
 * here and becomes {@code server.port}: the demo client's URL is then exact everywhere
 * (health, the {@code wsclients} endpoint, its connect and reconnect operations), at the
 * price of a short window in which another process could take the port, which would fail
 * the start-up with "port already in use" rather than anything subtler.
 */
class DemoClientEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String CLIENT = "demo";

	private static final String CLIENT_SOURCE = "bridgeDemoClient";

	private static final String PORT_SOURCE = "bridgeDemoServerPort";

	private static final int DEFAULT_PORT = 8080;

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Binder binder = Binder.get(environment);
		if (!binder.bind("bridge.demo.enabled", Boolean.class).orElse(true)) {
			return;
		}
		int port = binder.bind("server.port", Integer.class).orElse(DEFAULT_PORT);
		if (port < 0) {
			// No web server, no feed to connect to.
			return;
		}
		InetAddress address = binder.bind("server.address", InetAddress.class).orElse(null);
		if (port == 0) {
			port = freePort(address);
			environment.getPropertySources().addFirst(new MapPropertySource(PORT_SOURCE, Map.of("server.port", port)));
		}
		String basePath = binder.bind("spring.webflux.base-path", String.class).orElse("");
		String url = "ws://" + host(address) + ":" + port + basePath + DemoFeedHandler.PATH;
		environment.getPropertySources()
			.addLast(new MapPropertySource(CLIENT_SOURCE,
					Map.of("wsclient.clients." + CLIENT + ".url", url, "bridge.security.anonymous-read", CLIENT)));
	}

	private static String host(@Nullable InetAddress address) {
		if (address == null || address.isAnyLocalAddress()) {
			return "127.0.0.1";
		}
		String host = address.getHostAddress();
		return host.contains(":") ? "[" + host + "]" : host;
	}

	private static int freePort(@Nullable InetAddress address) {
		try (ServerSocket socket = new ServerSocket(0, 1, address)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free port for server.port=0", ex);
		}
	}

}
