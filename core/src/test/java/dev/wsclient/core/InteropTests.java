package dev.wsclient.core;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The seed module's features against two real servers: an in-process Netty server
 * ({@code MockWsServer}, behind {@link dev.wsclient.core.testsupport.RoutesServer}) and
 * the Node {@code ws} package.
 */
class InteropTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@RegisterExtension
	static final InteropServers interop = new InteropServers();

	@RegisterExtension
	final TestResources resources = new TestResources();

	static Stream<Arguments> servers() {
		return Stream.of(Arguments.of(Named.of("mock-ws-server", (Function<String, URI>) interop.netty()::uri)),
				Arguments.of(Named.of("node-ws", (Function<String, URI>) interop.node()::uri)));
	}

	@ParameterizedTest
	@MethodSource("servers")
	void echoesTextAndBinaryWithTheirOpcodes(Function<String, URI> server) {
		WsClient client = client(WsClientOptions.defaults());
		List<WsMessage> received = new CopyOnWriteArrayList<>();
		client.onReceive((ws, message) -> received.add(message));
		client.connect(server.apply("/echo")).block(TIMEOUT);
		client.send("héllo wörld").block(TIMEOUT);
		client.send(new byte[] { 0, 1, 2, (byte) 0xff }).block(TIMEOUT);
		client.send("{\"op\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8), WsOpcode.TEXT).block(TIMEOUT);
		await().atMost(TIMEOUT).until(() -> received.size() == 3);
		assertThat(received.get(0).opcode().code()).isEqualTo(1);
		assertThat(received.get(0).text()).isEqualTo("héllo wörld");
		assertThat(received.get(1).opcode().code()).isEqualTo(2);
		assertThat(received.get(1).bytes()).containsExactly(0, 1, 2, 0xff);
		assertThat(received.get(2)).isEqualTo(WsMessage.text("{\"op\":1}"));
		assertThat(client.stats().messagesSent()).isEqualTo(3);
		assertThat(client.stats().messagesReceived()).isEqualTo(3);
	}

	@ParameterizedTest
	@MethodSource("servers")
	void receivesAThousandMessagesInOrder(Function<String, URI> server) {
		WsClient client = client(WsClientOptions.defaults());
		StepVerifier.create(client.messages().map(WsMessage::text).take(1000))
			.then(() -> client.connect(server.apply("/count?n=1000")))
			.expectNextSequence(IntStream.range(0, 1000).mapToObj(String::valueOf).toList())
			.expectComplete()
			.verify(TIMEOUT);
	}

	@ParameterizedTest
	@MethodSource("servers")
	void sendsAThousandMessagesThatComeBackInOrder(Function<String, URI> server) {
		WsClient client = client(WsClientOptions.defaults());
		client.connect(server.apply("/echo")).block(TIMEOUT);
		StepVerifier.create(client.messages().map(WsMessage::text).take(1000))
			.then(() -> IntStream.range(0, 1000).forEach((i) -> client.send("m" + i)))
			.expectNextSequence(IntStream.range(0, 1000).mapToObj((i) -> "m" + i).toList())
			.expectComplete()
			.verify(TIMEOUT);
	}

	@ParameterizedTest
	@MethodSource("servers")
	void reassemblesFragmentedMessages(Function<String, URI> server) {
		WsClient client = client(WsClientOptions.defaults());
		StepVerifier.create(client.messages().map(WsMessage::text).take(2))
			.then(() -> client.connect(server.apply("/fragments?parts=5")))
			.expectNext("part0part1part2part3part4", "done")
			.expectComplete()
			.verify(TIMEOUT);
	}

	@ParameterizedTest
	@MethodSource("servers")
	void answersThePingsOfTheServerWithTheSamePayload(Function<String, URI> server) {
		WsClient client = client(WsClientOptions.defaults());
		StepVerifier.create(client.messages().map(WsMessage::text).take(1))
			.then(() -> client.connect(server.apply("/ping?payload=are-you-there")))
			.expectNext("pong:are-you-there")
			.expectComplete()
			.verify(TIMEOUT);
	}

	@ParameterizedTest
	@MethodSource("servers")
	void reportsTheServersCloseCodeAndReason(Function<String, URI> server) {
		WsClient client = client(WsClientOptions.defaults());
		StepVerifier.create(client.events().ofType(WsEvent.Closed.class).take(1))
			.then(() -> client.connect(server.apply("/close?code=4002&reason=bye")))
			.assertNext((closed) -> {
				assertThat(closed.status().code()).isEqualTo(-6);
				assertThat(closed.status().rfcCode()).isEqualTo(4002);
				assertThat(closed.status().reason()).isEqualTo("bye");
			})
			.expectComplete()
			.verify(TIMEOUT);
	}

	@ParameterizedTest
	@MethodSource("servers")
	void sendsStaticAndSuppliedHeadersOnEveryHandshake(Function<String, URI> server) {
		WsClient client = client(WsClientOptions.builder()
			.header("User-Agent", "wsclient-test")
			.headersSupplier(() -> java.util.Map.of("X-Token", "rotating-1"))
			.build());
		StepVerifier.create(client.messages().map(WsMessage::text).take(1))
			.then(() -> client.connect(server.apply("/headers")))
			.assertNext((json) -> assertThat(json).contains("wsclient-test").contains("rotating-1"))
			.expectComplete()
			.verify(TIMEOUT);
	}

	@ParameterizedTest
	@MethodSource("servers")
	void negotiatesASubprotocol(Function<String, URI> server) {
		WsClient client = client(WsClientOptions.builder().subprotocols("v2.json", "v1.json").build());
		StepVerifier.create(client.events().take(2))
			.then(() -> client.connect(server.apply("/protocol")))
			.assertNext((event) -> assertThat(((WsEvent.Connected) event).subprotocol()).isNotNull())
			.assertNext((event) -> assertThat(((WsEvent.Received) event).message().text()).startsWith("v"))
			.expectComplete()
			.verify(TIMEOUT);
	}

	private WsClient client(WsClientOptions options) {
		return this.resources.client(options);
	}

}
