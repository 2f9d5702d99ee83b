/**
 * Listener methods of the configured WebSocket clients:
 * {@link dev.wsclient.autoconfigure.listener.WsClientListener @WsClientListener} for
 * messages, with payloads converted from JSON and replies sent back, and
 * {@link dev.wsclient.autoconfigure.listener.WsClientConnected @WsClientConnected},
 * {@link dev.wsclient.autoconfigure.listener.WsClientClosed @WsClientClosed} and
 * {@link dev.wsclient.autoconfigure.listener.WsClientReconnecting @WsClientReconnecting}
 * for the connection's lifecycle.
 */
@NullMarked
package dev.wsclient.autoconfigure.listener;

import org.jspecify.annotations.NullMarked;
