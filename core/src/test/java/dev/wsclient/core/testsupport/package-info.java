/**
 * Test peers for wsclient-core: a third-party Node.js {@code ws} server
 * ({@link dev.wsclient.core.testsupport.NodeWsServer}), an in-process Reactor Netty
 * server ({@link dev.wsclient.core.testsupport.ReactorNettyTestServer}), a raw-TCP
 * scripted server for misbehaving-server cases
 * ({@link dev.wsclient.core.testsupport.ScriptedServer}) and a local NXDOMAIN DNS server
 * ({@link dev.wsclient.core.testsupport.LocalDnsServer}). The self-signed TLS identity
 * lives in {@code wsclient-test-server}.
 * <p>
 * Every server binds {@code 127.0.0.1} on an ephemeral port, is {@link AutoCloseable},
 * and every wait is bounded.
 */
@NullMarked
package dev.wsclient.core.testsupport;

import org.jspecify.annotations.NullMarked;
