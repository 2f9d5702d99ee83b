/**
 * Test peers below {@link dev.wsclient.test.server.MockWsServer}, at the level of bytes
 * on a socket, for protocol edge cases no WebSocket server library produces:
 * {@link dev.wsclient.test.server.raw.ScriptedServer} runs a script on each accepted TCP
 * connection (read the handshake, answer it rightly or wrongly, write and read
 * {@link dev.wsclient.test.server.raw.Frame frames} byte by byte);
 * {@link dev.wsclient.test.server.raw.TcpProxy} forwards connections to a server and can
 * freeze them (a half-open connection);
 * {@link dev.wsclient.test.server.raw.HttpConnectProxy} is an HTTP {@code CONNECT} proxy;
 * {@link dev.wsclient.test.server.raw.JdkWebSocketPeer} is the JDK's WebSocket client
 * recording what it receives, to check a test server independently of the client under
 * test.
 * <p>
 * Every server binds {@code 127.0.0.1} on an ephemeral port, is {@link AutoCloseable},
 * and every wait is bounded. Nothing here depends on wsclient-core.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.wsclient.test.server.raw;

import org.jspecify.annotations.NullMarked;
