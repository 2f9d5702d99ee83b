/**
 * Implementation of the client on Reactor Netty. Not an API: these types may change in
 * any release.
 */
@NullMarked
package dev.wsclient.core.internal;

import org.jspecify.annotations.NullMarked;
