package dev.wsclient.core;

import java.time.Duration;
import java.util.List;

import dev.wsclient.core.testsupport.RoutesServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class WsClientSmokeTests {

	private RoutesServer server;

	private WsClient client;

	@BeforeEach
	void start() {
		this.server = RoutesServer.start();
		this.client = WsClient.create();
	}

	@AfterEach
	void stop() {
		this.client.close().block(Duration.ofSeconds(10));
		this.server.close();
	}

	@Test
	void echoesTextAndBinary() {
		StepVerifier.create(this.client.events().take(4)).then(() -> {
			this.client.connect(this.server.uri("/echo")).block(Duration.ofSeconds(5));
			this.client.send("hello").block(Duration.ofSeconds(5));
			this.client.send(new byte[] { 1, 2, 3 }).block(Duration.ofSeconds(5));
			this.client.close().block(Duration.ofSeconds(5));
		})
			.assertNext((event) -> assertThat(event).isInstanceOf(WsEvent.Connected.class))
			.assertNext((event) -> assertThat(((WsEvent.Received) event).message()).isEqualTo(WsMessage.text("hello")))
			.assertNext((event) -> assertThat(((WsEvent.Received) event).message())
				.isEqualTo(WsMessage.binary(new byte[] { 1, 2, 3 })))
			.assertNext((event) -> assertThat(((WsEvent.Closed) event).status().code()).isZero())
			.expectComplete()
			.verify(Duration.ofSeconds(10));
		assertThat(List.of(this.client.state())).containsExactly(WsState.CLOSED);
	}

}
