/**
 * A small application that uses the starter, for the AOT integration test.
 */
@NullMarked
package dev.wsclient.aot;

import org.jspecify.annotations.NullMarked;
