/**
 * The load server: a Netty WebSocket server on 127.0.0.1 that blasts, echoes or idles.
 */
@NullMarked
package dev.wsclient.benchmarks.server;

import org.jspecify.annotations.NullMarked;
