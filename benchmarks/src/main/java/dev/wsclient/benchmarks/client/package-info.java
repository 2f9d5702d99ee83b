/**
 * The client side of a benchmark run: the workloads and one adapter per WebSocket client
 * under test, each driven through its own natural API.
 */
@NullMarked
package dev.wsclient.benchmarks.client;

import org.jspecify.annotations.NullMarked;
