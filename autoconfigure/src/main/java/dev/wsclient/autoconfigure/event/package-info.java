/**
 * Spring application events published for every configured WebSocket client.
 */
@NullMarked
package dev.wsclient.autoconfigure.event;

import org.jspecify.annotations.NullMarked;
