package dev.wsclient.test.spring;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.wsclient.test.server.MockWsServer;

/**
 * The {@link MockWsServer}s of a test context, by client name; a bean of every context
 * whose test class has {@link WithMockWsServer @WithMockWsServer}. Closing the context
 * closes them.
 *
 * @since 0.1.0
 */
public final class MockWsServers implements AutoCloseable {

	private final Map<String, MockWsServer> servers;

	MockWsServers(Map<String, MockWsServer> servers) {
		this.servers = Collections.unmodifiableMap(new LinkedHashMap<>(servers));
	}

	/**
	 * Return the server a client is pointed at.
	 * @param client the client's key in {@code wsclient.clients}
	 * @return the server
	 * @throws IllegalArgumentException if no {@code @WithMockWsServer} names the client
	 */
	public MockWsServer get(String client) {
		MockWsServer server = this.servers.get(client);
		if (server == null) {
			throw new IllegalArgumentException("no @WithMockWsServer(client = \"" + client + "\") on the test class; "
					+ "servers exist for " + this.servers.keySet());
		}
		return server;
	}

	/**
	 * Return the names of the clients that have a server.
	 * @return the client names, in declaration order
	 */
	public Set<String> clients() {
		return this.servers.keySet();
	}

	@Override
	public void close() {
		this.servers.values().forEach(MockWsServer::close);
	}

}
