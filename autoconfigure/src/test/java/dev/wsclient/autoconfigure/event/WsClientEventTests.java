package dev.wsclient.autoconfigure.event;

import java.io.IOException;
import java.time.Duration;

import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsCloseStatus;
import dev.wsclient.core.WsMessage;
import dev.wsclient.core.WsStatusCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Tests for the {@link WsClientEvent} types: what {@code toString()} shows and hides.
 */
class WsClientEventTests {

	private final WsClient client = mock(WsClient.class);

	@Test
	void connectedShowsTheRedactedUrlAndSubprotocol() {
		assertThat(new WsClientConnectedEvent(this.client, "prices", "wss://***@feed.example.com/?token=***", "v1"))
			.hasToString(
					"WsClientConnectedEvent[client=prices, url=wss://***@feed.example.com/?token=***, subprotocol=v1]");
	}

	@Test
	void messageShowsNeitherPayloadNorText() {
		WsClientMessageEvent event = new WsClientMessageEvent(this.client, "prices", WsMessage.text("password=s3cret"));
		assertThat(event).hasToString("WsClientMessageEvent[client=prices, message=WsMessage[TEXT, 15 bytes]]");
		assertThat(event.getMessage().text()).isEqualTo("password=s3cret");
	}

	@Test
	void closedShowsTheStatusButNotTheCause() {
		WsCloseStatus status = WsCloseStatus.failure(WsStatusCode.CONNECTION_REFUSED, null,
				new IOException("Connection refused"));
		WsClientClosedEvent event = new WsClientClosedEvent(this.client, "prices", status);
		assertThat(event).hasToString(
				"WsClientClosedEvent[client=prices, status=WsCloseStatus[-111 CONNECTION_REFUSED, reason=connection refused: Connection refused]]");
		assertThat(event.getClient()).isSameAs(this.client);
		assertThat(event.getClientName()).isEqualTo("prices");
	}

	@Test
	void reconnectingShowsAttemptAndDelay() {
		assertThat(new WsClientReconnectingEvent(this.client, "prices", 2, Duration.ofMillis(1500)))
			.hasToString("WsClientReconnectingEvent[client=prices, attempt=2, delay=1500ms]");
	}

}
