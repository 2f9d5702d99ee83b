package dev.wsclient.core;

import java.time.Duration;

import dev.wsclient.core.testsupport.NodeWsServer;
import dev.wsclient.core.testsupport.ReactorNettyTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * permessage-deflate on request: compressed frames arrive with RSV1 set, which the client
 * accepts only because the extension was negotiated.
 */
class CompressionTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String LARGE_TEXT = "wsclient compresses well. ".repeat(4000);

	private static ReactorNettyTestServer reactorNetty;

	private static NodeWsServer node;

	@BeforeAll
	static void startServers() {
		reactorNetty = ReactorNettyTestServer.start();
		node = NodeWsServer.start();
	}

	@AfterAll
	static void stopServers() {
		node.close();
		reactorNetty.close();
	}

	@Test
	void compressedEchoFromNodeArrivesIntact() {
		WsClient client = WsClient.create(WsClientOptions.builder().compression(true).build());
		try {
			client.connect(node.uri("/echo?deflate=true")).block(TIMEOUT);
			StepVerifier.create(client.messages().map(WsMessage::text).take(2))
				.then(() -> client.send(LARGE_TEXT))
				.then(() -> client.send("small"))
				.expectNext(LARGE_TEXT, "small")
				.expectComplete()
				.verify(TIMEOUT);
			assertThat(client.stats().bytesReceived()).isEqualTo(LARGE_TEXT.length() + "small".length());
		}
		finally {
			client.close().block(TIMEOUT);
		}
	}

	@Test
	void compressionIsOfferedToReactorNettyAndTheEchoArrivesIntact() {
		WsClient client = WsClient.create(WsClientOptions.builder().compression(true).build());
		try {
			client.connect(reactorNetty.uri("/echo?deflate=true")).block(TIMEOUT);
			StepVerifier.create(client.messages().map(WsMessage::text).take(1))
				.then(() -> client.send(LARGE_TEXT))
				.expectNext(LARGE_TEXT)
				.expectComplete()
				.verify(TIMEOUT);
			assertThat(reactorNetty.requests()).last()
				.satisfies((request) -> assertThat(request.header("sec-websocket-extensions"))
					.contains("permessage-deflate"));
		}
		finally {
			client.close().block(TIMEOUT);
		}
	}

	@Test
	void compressionIsNotOfferedByDefault() {
		WsClient client = WsClient.create();
		try {
			client.connect(reactorNetty.uri("/echo")).block(TIMEOUT);
			assertThat(reactorNetty.requests()).last()
				.satisfies((request) -> assertThat(request.header("sec-websocket-extensions")).isNull());
		}
		finally {
			client.close().block(TIMEOUT);
		}
	}

}
