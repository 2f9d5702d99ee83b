/**
 * The wsclient bridge service.
 */
@NullMarked
package dev.wsclient.bridge;

import org.jspecify.annotations.NullMarked;
