package dev.wsclient.core;

import dev.wsclient.core.testsupport.NodeWsServer;
import dev.wsclient.core.testsupport.ReactorNettyTestServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The two real servers that the tests of a class share: an in-process Reactor Netty
 * server and the Node {@code ws} package, started before the first test and stopped after
 * the last. Register it on a static field: <pre class="code">
 * &#64;RegisterExtension
 * static final InteropServers interop = new InteropServers();
 * </pre>
 */
final class InteropServers implements BeforeAllCallback, AfterAllCallback {

	private @Nullable ReactorNettyTestServer reactorNetty;

	private @Nullable NodeWsServer node;

	@Override
	public void beforeAll(ExtensionContext context) {
		this.reactorNetty = ReactorNettyTestServer.start();
		this.node = NodeWsServer.start();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		NodeWsServer node = this.node;
		ReactorNettyTestServer reactorNetty = this.reactorNetty;
		this.node = null;
		this.reactorNetty = null;
		try {
			if (node != null) {
				node.close();
			}
		}
		finally {
			if (reactorNetty != null) {
				reactorNetty.close();
			}
		}
	}

	/**
	 * Return the Reactor Netty server.
	 * @return the running server
	 * @throws IllegalStateException outside the tests of the class
	 */
	ReactorNettyTestServer reactorNetty() {
		ReactorNettyTestServer server = this.reactorNetty;
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
