/**
 * The bridge's HTTP API: streams over Server-Sent Events and WebSocket, messages sent
 * upstream, errors as RFC 9457 problem details.
 */
@NullMarked
package dev.wsclient.bridge.web;

import org.jspecify.annotations.NullMarked;
