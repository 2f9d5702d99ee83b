package dev.wsclient.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.wsclient.core.testsupport.NodeWsServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The size limit holds for what a compressed frame inflates to, not only for its size on
 * the wire.
 */
class CompressedMessageSizeTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Test
	void compressedMessageInflatingBeyondTheLimitIsMinusEight() {
		try (NodeWsServer server = NodeWsServer.start()) {
			WsClient client = WsClient
				.create(WsClientOptions.builder().compression(true).maxMessageSize(64 * 1024).build());
			List<WsCloseStatus> closes = new CopyOnWriteArrayList<>();
			List<WsMessage> received = new CopyOnWriteArrayList<>();
			client.onClose((ws, status) -> closes.add(status));
			client.onReceive((ws, message) -> received.add(message));
			try {
				// 2 MB of one repeated character compresses to a few kilobytes.
				client.connect(server.uri("/count?n=1&size=2000000&deflate=true")).block(TIMEOUT);
				await().atMost(TIMEOUT).until(() -> !closes.isEmpty());
				assertThat(closes.get(0).code()).isEqualTo(-8);
				assertThat(closes.get(0).rfcCode()).isEqualTo(1009);
				// The inflater itself stopped at the limit, rather than inflating the
				// whole message for a size check after it.
				assertThat(closes.get(0).reason()).contains("inflates beyond " + 64 * 1024 + " bytes");
				assertThat(received).isEmpty();
			}
			finally {
				client.close().block(TIMEOUT);
			}
		}
	}

}
