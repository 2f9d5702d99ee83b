/**
 * Test peers for wsclient-core beyond those of {@code wsclient-test-server}
 * ({@code MockWsServer}, and the raw-TCP {@code ScriptedServer}, {@code TcpProxy} and
 * {@code HttpConnectProxy} of {@code dev.wsclient.test.server.raw}): a third-party
 * Node.js {@code ws} server ({@link dev.wsclient.core.testsupport.NodeWsServer}), the
 * routes of that server mapped onto a {@code MockWsServer}
 * ({@link dev.wsclient.core.testsupport.RoutesServer}, the second interoperability peer),
 * {@link dev.wsclient.core.testsupport.RestartableServer} (the fault-tolerance routes
 * over a {@code MockWsServer}) and a local NXDOMAIN DNS server
 * ({@link dev.wsclient.core.testsupport.LocalDnsServer}).
 * <p>
 * Every server binds {@code 127.0.0.1} on an ephemeral port, is {@link AutoCloseable},
 * and every wait is bounded.
 */
@NullMarked
package dev.wsclient.core.testsupport;

import org.jspecify.annotations.NullMarked;
