package dev.wsclient.core;

import dev.wsclient.core.testsupport.NodeWsServer;
import dev.wsclient.core.testsupport.RoutesServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The two real servers that the tests of a class share: an in-process Netty server
 * ({@link RoutesServer} over {@code MockWsServer}) and the Node {@code ws} package,
 * started before the first test and stopped after the last. Register it on a static
 * field: <pre class="code">
 * &#64;RegisterExtension
 * static final InteropServers interop = new InteropServers();
 * </pre>
 */
final class InteropServers implements BeforeAllCallback, AfterAllCallback {

	private @Nullable RoutesServer netty;

	private @Nullable NodeWsServer node;

	@Override
	public void beforeAll(ExtensionContext context) {
		this.netty = RoutesServer.start();
		this.node = NodeWsServer.start();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		NodeWsServer node = this.node;
		RoutesServer netty = this.netty;
		this.node = null;
		this.netty = null;
		try {
			if (node != null) {
				node.close();
			}
		}
		finally {
			if (netty != null) {
				netty.close();
			}
		}
	}

	/**
	 * Return the in-process Netty server.
	 * @return the running server
	 * @throws IllegalStateException outside the tests of the class
	 */
	RoutesServer netty() {
		RoutesServer server = this.netty;
		if (server == null) {
			throw new IllegalStateException("the servers run only during the tests of the class");
		}
		return server;
	}

	/**
	 * Return the Node {@code ws} server.
	 * @return the running server
	 * @throws IllegalStateException outside the tests of the class
	 */
	NodeWsServer node() {
		NodeWsServer server = this.node;
		if (server == null) {
			throw new IllegalStateException("the servers run only during the tests of the class");
		}
		return server;
	}

}
