/**
 * {@link dev.wsclient.test.server.MockWsServer}: an in-process WebSocket server for
 * tests, on Netty, bound to {@code 127.0.0.1}, that records what clients send and
 * misbehaves on purpose ({@link dev.wsclient.test.server.Misbehaviour}), with a
 * throw-away TLS identity ({@link dev.wsclient.test.server.SelfSignedTls}). It does not
 * depend on wsclient-core, so it tests any WebSocket client.
 */
@NullMarked
package dev.wsclient.test.server;

import org.jspecify.annotations.NullMarked;
