/**
 * Micrometer meters of the configured WebSocket clients.
 */
@NullMarked
package dev.wsclient.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
