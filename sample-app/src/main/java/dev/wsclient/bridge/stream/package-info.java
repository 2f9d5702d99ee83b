/**
 * Fan-out of every upstream client's messages to its downstream subscribers, each with a
 * bounded buffer of its own.
 */
@NullMarked
package dev.wsclient.bridge.stream;

import org.jspecify.annotations.NullMarked;
