package dev.wsclient.autoconfigure;

import java.util.List;

import dev.wsclient.test.server.MockWsServer;
import dev.wsclient.test.server.ReceivedMessage;

/**
 * What a {@link MockWsServer} received and no test has taken, by kind, for tests that
 * wait until a list has grown.
 */
public final class ReceivedMessages {

	private ReceivedMessages() {
	}

	/**
	 * Return the text messages received and not taken, in order.
	 * @param server the server
	 * @return the texts
	 */
	public static List<String> texts(MockWsServer server) {
		return server.messages().stream().filter(ReceivedMessage::isText).map(ReceivedMessage::text).toList();
	}

	/**
	 * Return the binary messages received and not taken, in order.
	 * @param server the server
	 * @return the payloads
	 */
	public static List<byte[]> binaries(MockWsServer server) {
		return server.messages().stream().filter((message) -> !message.isText()).map(ReceivedMessage::bytes).toList();
	}

}
