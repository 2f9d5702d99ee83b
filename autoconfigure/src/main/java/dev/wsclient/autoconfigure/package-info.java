/**
 * Auto-configuration for wsclient: named {@link dev.wsclient.core.WsClient} beans from
 * {@code wsclient.*} properties, the {@link dev.wsclient.autoconfigure.WsClients}
 * registry, and their lifecycle.
 */
@NullMarked
package dev.wsclient.autoconfigure;

import org.jspecify.annotations.NullMarked;
