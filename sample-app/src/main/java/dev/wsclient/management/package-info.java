/**
 * Configuration of the bridge's management server (a separate port for the actuator). A
 * package of its own, outside {@code dev.wsclient.bridge}: a management context
 * configuration must not be picked up by the application's component scan, or it would
 * apply to the main server too.
 */
@NullMarked
package dev.wsclient.management;

import org.jspecify.annotations.NullMarked;
