package dev.wsclient.bridge.stream;

import dev.wsclient.core.WsMessage;

/**
 * An upstream message as the bridge passes it on.
 *
 * @param sequence the message's number among all messages the bridge received from the
 * client, starting at 1; a subscriber can tell from it whether it missed any (SSE
 * {@code id})
 * @param message the message
 */
public record StreamMessage(long sequence, WsMessage message) {

}
