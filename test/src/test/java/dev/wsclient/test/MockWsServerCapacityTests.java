package dev.wsclient.test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsClientOptions;
import dev.wsclient.core.WsMessage;
import dev.wsclient.test.server.MockWsServer;
import dev.wsclient.test.server.ReceivedMessage;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static dev.wsclient.test.WsClientCapture.awaitMessages;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mock server with many clients and large messages, with real wsclient clients;
 * bounded in count and size so that they stay quick.
 */
@MockWsServerTest
class MockWsServerCapacityTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final int CLIENTS = 1000;

	@Test
	void serves1000ConcurrentClients(MockWsServer server) {
		server.sendOnConnect("welcome").echo();
		List<WsClient> clients = IntStream.range(0, CLIENTS).mapToObj((i) -> WsClient.create()).toList();
		clients.forEach(WsClientCapture::attach);
		try {
			Flux.fromIterable(clients)
				.flatMap((client) -> client.connect(server.uri("/load")), CLIENTS)
				.then()
				.block(TIMEOUT);
			assertThat(server.awaitConnections(CLIENTS, TIMEOUT)).hasSize(CLIENTS);
			assertThat(server.openConnections()).isEqualTo(CLIENTS);
			for (int i = 0; i < CLIENTS; i++) {
				clients.get(i).send("client " + i);
			}
			assertThat(server.push("to all")).isEqualTo(CLIENTS);
			for (int i = 0; i < CLIENTS; i++) {
				assertThat(awaitMessages(clients.get(i), 3, TIMEOUT)).extracting(WsMessage::text)
					.containsExactlyInAnyOrder("welcome", "client " + i, "to all");
			}
			assertThat(IntStream.range(0, CLIENTS).mapToObj((i) -> server.takeMessage(TIMEOUT).text())).hasSize(CLIENTS)
				.doesNotHaveDuplicates();
			assertThat(server.connections()).allSatisfy((connection) -> {
				assertThat(connection.messagesReceived()).isOne();
				assertThat(connection.messagesSent()).isEqualTo(3);
			});
		}
		finally {
			Flux.fromIterable(clients).flatMap(WsClient::close, CLIENTS).then().block(TIMEOUT);
		}
	}

	@Test
	void carries16MebibyteMessagesBothWays(MockWsServer server) {
		int size = 16 * 1024 * 1024;
		WsClient client = WsClient.create(WsClientOptions.builder()
			.maxMessageSize(size)
			.maxOutboundMessageSize(size)
			.sendBufferLimit(2L * size)
			.build());
		WsClientCapture.attach(client);
		try {
			server.echo();
			client.connect(server.uri("/large")).block(TIMEOUT);
			byte[] payload = new byte[size];
			Arrays.fill(payload, (byte) 7);
			payload[size - 1] = 42;
			client.send(payload).block(TIMEOUT);
			ReceivedMessage received = server.takeMessage(TIMEOUT);
			assertThat(received.size()).isEqualTo(size);
			assertThat(received.bytes()[size - 1]).isEqualTo((byte) 42);
			WsMessage echoed = awaitMessages(client, 1, TIMEOUT).get(0);
			assertThat(echoed.size()).isEqualTo(size);
			// AssertJ would compare 16 Mi elements one boxed byte at a time.
			assertThat(Arrays.mismatch(echoed.bytes(), payload)).as("first differing byte").isEqualTo(-1);
		}
		finally {
			client.close().onErrorComplete().then(Mono.empty()).block(TIMEOUT);
		}
	}

}
