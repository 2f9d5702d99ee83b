/**
 * The benchmark driver: starts the load server and one JVM per client and scenario run,
 * and writes the results.
 */
@NullMarked
package dev.wsclient.benchmarks;

import org.jspecify.annotations.NullMarked;
