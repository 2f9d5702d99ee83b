package dev.wsclient.core;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.wsclient.core.testsupport.RoutesServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static dev.wsclient.core.TestResources.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@code send} reports a message the client cannot accept as an error signal, for
 * reactive chains; {@code sendNow} throws it, for imperative code.
 */
class ReactiveSendTests {

	@RegisterExtension
	final TestResources resources = new TestResources();

	@Test
	void sendOnAClientThatIsNotOpenFailsOnSubscriptionAndThrowsNothingAtAssembly() {
		RoutesServer server = this.resources.track(RoutesServer.start());
		WsClient client = this.resources.client(WsClientOptions.defaults());
		client.connect(server.uri("/echo")).block(TIMEOUT);
		client.close().block(TIMEOUT);
		assertThat(client.state()).isEqualTo(WsState.CLOSED);

		// Assembling the chain throws nothing (before, send threw right here).
		Mono<String> chain = client.send("hello").thenReturn("sent");
		WsSendException thrown = catchSendNow(client, "hello");

		StepVerifier.create(chain).expectErrorSatisfies((ex) -> {
			assertThat(ex).isExactlyInstanceOf(WsSendException.class);
			assertThat(((WsSendException) ex).reason()).isEqualTo(WsSendException.Reason.NOT_OPEN);
			assertThat(ex.getMessage()).isEqualTo(thrown.getMessage()).contains("the client is CLOSED");
		}).verify(TIMEOUT);
		assertThat(server.requests()).hasSize(1);
	}

	@Test
	void everySendOverloadReportsNotOpenAsASignal() {
		WsClient client = this.resources.client(WsClientOptions.defaults());
		List<Mono<Void>> sends = List.of(client.send("text"), client.send(new byte[] { 1 }),
				client.send(ByteBuffer.wrap(new byte[] { 2 })), client.send(new byte[] { 'a' }, WsOpcode.TEXT),
				client.send(WsMessage.binary(new byte[] { 3 })));
		for (Mono<Void> send : sends) {
			StepVerifier.create(send)
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(WsSendException.class,
						(refused) -> assertThat(refused.reason()).isEqualTo(WsSendException.Reason.NOT_OPEN)))
				.verify(TIMEOUT);
		}
	}

	@Test
	void webFluxStyleHandlerGetsTheRefusalAsAnErrorAndTheReceiptOnceConnected() {
		RoutesServer server = this.resources.track(RoutesServer.start());
		WsClient client = this.resources.client(WsClientOptions.defaults());
		List<String> echoed = new CopyOnWriteArrayList<>();
		client.onReceive((ws, message) -> echoed.add(message.text()));

		// As a handler would: the body arrives, then is forwarded upstream.
		Mono<String> beforeConnect = Mono.just("order-1").flatMap((body) -> client.send(body).thenReturn("accepted"));
		StepVerifier.create(beforeConnect).expectError(WsSendException.class).verify(TIMEOUT);
		Mono<String> mapped = client.send("order-1")
			.thenReturn("accepted")
			.onErrorResume(WsSendException.class, (ex) -> Mono.just("unavailable: " + ex.reason()));
		StepVerifier.create(mapped).expectNext("unavailable: NOT_OPEN").expectComplete().verify(TIMEOUT);

		client.connect(server.uri("/echo")).block(TIMEOUT);
		Mono<String> afterConnect = Mono.just("order-2").flatMap((body) -> client.send(body).thenReturn("accepted"));
		StepVerifier.create(afterConnect).expectNext("accepted").expectComplete().verify(TIMEOUT);
		await().atMost(TIMEOUT).until(() -> echoed.contains("order-2"));
		assertThat(echoed).containsExactly("order-2");
	}

	@Test
	void tooLargeIsASignalForSendAndAThrowForSendNowAndTheConnectionStaysOpen() {
		RoutesServer server = this.resources.track(RoutesServer.start());
		WsClient client = this.resources.client(WsClientOptions.builder().maxOutboundMessageSize(10).build());
		client.connect(server.uri("/echo")).block(TIMEOUT);
		Mono<Void> send = client.send(new byte[11]);
		StepVerifier.create(send)
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(WsSendException.class,
					(refused) -> assertThat(refused.reason()).isEqualTo(WsSendException.Reason.TOO_LARGE)))
			.verify(TIMEOUT);
		assertThatExceptionOfType(WsSendException.class).isThrownBy(() -> client.sendNow(new byte[11]))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(WsSendException.Reason.TOO_LARGE));
		assertThat(client.state()).isEqualTo(WsState.OPEN);
	}

	@Test
	void sendGoesAheadWithoutSubscription() {
		RoutesServer server = this.resources.track(RoutesServer.start());
		WsClient client = this.resources.client(WsClientOptions.defaults());
		List<String> echoed = new CopyOnWriteArrayList<>();
		client.onReceive((ws, message) -> echoed.add(message.text()));
		client.connect(server.uri("/echo")).block(TIMEOUT);
		client.send("never subscribed");
		client.sendNow("nor this one");
		await().atMost(TIMEOUT).until(() -> echoed.size() == 2);
		assertThat(echoed).containsExactly("never subscribed", "nor this one");
	}

	private static WsSendException catchSendNow(WsClient client, String text) {
		try {
			client.sendNow(text);
		}
		catch (WsSendException ex) {
			return ex;
		}
		throw new AssertionError("sendNow did not throw on a client that is not open");
	}

}
