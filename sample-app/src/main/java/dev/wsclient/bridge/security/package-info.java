/**
 * Who may read the streams and write upstream: JWTs and API keys, single-use stream
 * tickets for browsers, an origin allow-list, and the security headers of every response.
 */
@NullMarked
package dev.wsclient.bridge.security;

import org.jspecify.annotations.NullMarked;
