package dev.wsclient.test.spring;

import dev.wsclient.autoconfigure.WsClients;
import dev.wsclient.test.WsClientCapture;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code @SpringBootTest} without {@link WithMockWsServer} (a real upstream, a
 * container) still gets a capture on every client.
 */
@SpringBootTest(properties = { "wsclient.clients.elsewhere.url=ws://127.0.0.1:9/",
		"wsclient.clients.elsewhere.auto-connect=false" })
class CaptureWithoutMockWsServerTests {

	@Autowired
	private WsClients clients;

	@Test
	void everyClientHasACapture() {
		assertThat(WsClientCapture.of(this.clients.get("elsewhere")).messages()).isEmpty();
	}

}
