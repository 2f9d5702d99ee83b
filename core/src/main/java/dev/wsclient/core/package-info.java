/**
 * An RFC 6455 WebSocket client on Reactor Netty: {@link dev.wsclient.core.WsClient} and
 * its options, messages, events and close statuses.
 */
@NullMarked
package dev.wsclient.core;

import org.jspecify.annotations.NullMarked;
