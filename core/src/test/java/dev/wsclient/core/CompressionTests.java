package dev.wsclient.core;

import java.time.Duration;

import dev.wsclient.core.testsupport.RoutesServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * permessage-deflate on request: compressed frames arrive with RSV1 set, which the client
 * accepts only because the extension was negotiated.
 */
class CompressionTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String LARGE_TEXT = "wsclient compresses well. ".repeat(4000);

	@RegisterExtension
	static final InteropServers interop = new InteropServers();

	@RegisterExtension
	final TestResources resources = new TestResources();

	@Test
	void compressedEchoFromNodeArrivesIntact() {
		WsClient client = this.resources.client(WsClientOptions.builder().compression(true).build());
		client.connect(interop.node().uri("/echo?deflate=true")).block(TIMEOUT);
		StepVerifier.create(client.messages().map(WsMessage::text).take(2))
			.then(() -> client.send(LARGE_TEXT))
			.then(() -> client.send("small"))
			.expectNext(LARGE_TEXT, "small")
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(client.stats().bytesReceived()).isEqualTo(LARGE_TEXT.length() + "small".length());
	}

	@Test
	void compressionIsOfferedToTheNettyServerAndTheEchoArrivesIntact() {
		RoutesServer netty = interop.netty();
		WsClient client = this.resources.client(WsClientOptions.builder().compression(true).build());
		client.connect(netty.uri("/echo?deflate=true")).block(TIMEOUT);
		StepVerifier.create(client.messages().map(WsMessage::text).take(1))
			.then(() -> client.send(LARGE_TEXT))
			.expectNext(LARGE_TEXT)
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(netty.requests()).last()
			.satisfies(
					(request) -> assertThat(request.header("sec-websocket-extensions")).contains("permessage-deflate"));
	}

	@Test
	void compressionIsNotOfferedByDefault() {
		RoutesServer netty = interop.netty();
		WsClient client = this.resources.client(WsClientOptions.defaults());
		client.connect(netty.uri("/echo")).block(TIMEOUT);
		assertThat(netty.requests()).last()
			.satisfies((request) -> assertThat(request.header("sec-websocket-extensions")).isNull());
	}

}
