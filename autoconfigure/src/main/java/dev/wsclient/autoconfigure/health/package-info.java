/**
 * Actuator health of the configured WebSocket clients.
 */
@NullMarked
package dev.wsclient.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
