/**
 * Testing code that uses a wsclient {@link dev.wsclient.core.WsClient}:
 * {@link dev.wsclient.test.WsClientCapture} records what a client receives from its first
 * connect and waits for it with a timeout, and
 * {@link dev.wsclient.test.MockWsServerExtension} starts a
 * {@link dev.wsclient.test.server.MockWsServer} for each JUnit 5 test.
 */
@NullMarked
package dev.wsclient.test;

import org.jspecify.annotations.NullMarked;
