/**
 * The {@code wsclients} Actuator endpoint.
 */
@NullMarked
package dev.wsclient.autoconfigure.endpoint;

import org.jspecify.annotations.NullMarked;
