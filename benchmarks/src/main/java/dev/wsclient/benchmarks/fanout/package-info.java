/**
 * The fan-out benchmark: one upstream feed fanned out over Server-Sent Events by the
 * bridge and by a minimal WebFlux floor, each in a JVM of its own, measured from the
 * driver JVM that holds both the feed and the subscribers.
 */
@NullMarked
package dev.wsclient.benchmarks.fanout;

import org.jspecify.annotations.NullMarked;
