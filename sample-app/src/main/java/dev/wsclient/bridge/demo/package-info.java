/**
 * An embedded demo feed, so the bridge has an upstream to connect to on a fresh machine.
 */
@NullMarked
package dev.wsclient.bridge.demo;

import org.jspecify.annotations.NullMarked;
