/**
 * What every connection to the bridge is held to, whoever the peer is: a bounded number
 * of connections, deadlines for the request headers, the request body and idle keep-alive
 * connections, reading paused while writing cannot keep up, and strict WebSocket framing
 * from subscribers.
 */
@NullMarked
package dev.wsclient.bridge.server;

import org.jspecify.annotations.NullMarked;
