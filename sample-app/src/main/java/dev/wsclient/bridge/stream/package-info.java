/**
 * Fan-out of every upstream client's messages to its downstream subscribers: a ring of
 * each client's latest messages, encoded once per transport and shared by every
 * subscriber, within a direct memory budget.
 */
@NullMarked
package dev.wsclient.bridge.stream;

import org.jspecify.annotations.NullMarked;
