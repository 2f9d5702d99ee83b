package dev.wsclient.autoconfigure.listener;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.wsclient.autoconfigure.WsClients.OnConversionFailure;
import dev.wsclient.autoconfigure.WsClients;
import dev.wsclient.autoconfigure.WsMessageConversionException;
import dev.wsclient.core.WsMessage;
import dev.wsclient.core.WsSendException;
import dev.wsclient.test.MockWsServerExtension;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.core.ParameterizedTypeReference;

import static dev.wsclient.autoconfigure.ReceivedMessages.texts;
import static dev.wsclient.autoconfigure.ReceivedMessages.binaries;
import static dev.wsclient.autoconfigure.listener.ListenerTestSupport.TIMEOUT;
import static dev.wsclient.autoconfigure.listener.ListenerTestSupport.awaitOpen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The typed reactive API of {@link WsClients}: messages converted with the application's
 * mapper, with the backpressure of {@code messages()}; payloads that do not convert
 * skipped and counted, or ending the stream when asked; values sent as JSON.
 */
class TypedMessagesTests {

	private static final String TICK = "{\"symbol\":\"EURUSD\",\"bid\":1.1,\"ask\":1.2,\"seq\":1}";

	@RegisterExtension
	final MockWsServerExtension mock = new MockWsServerExtension();

	@Test
	void messagesAreReadAsTheTypeAndThoseThatDoNotConvertAreSkippedAndCounted() {
		ListenerTestSupport.runner(this.mock.server()).run((context) -> {
			WsClients clients = awaitOpen(context, "prices");
			StepVerifier.create(clients.messages("prices", Tick.class).take(2)).then(() -> {
				this.mock.server().push(TICK);
				this.mock.server().push("not json");
				this.mock.server().push("{\"symbol\":\"GBPUSD\",\"bid\":\"high\"}");
				this.mock.server().push(TICK.replace("EURUSD", "USDJPY"));
			})
				.expectNext(new Tick("EURUSD", 1.1, 1.2, 1), new Tick("USDJPY", 1.1, 1.2, 1))
				.expectComplete()
				.verify(TIMEOUT);
			assertThat(clients.unconvertedMessages("prices")).isEqualTo(2);
			assertThat(context.getBean(MeterRegistry.class)
				.get("wsclient.messages.unconverted")
				.tag("client", "prices")
				.functionCounter()
				.count()).isEqualTo(2);
		});
	}

	@Test
	void onConversionFailureErrorEndsTheStreamAndLeavesTheClientAlone() {
		ListenerTestSupport.runner(this.mock.server()).run((context) -> {
			WsClients clients = awaitOpen(context, "prices");
			StepVerifier.create(clients.messages("prices", Tick.class, OnConversionFailure.ERROR)).then(() -> {
				this.mock.server().push(TICK);
				this.mock.server().push("not json");
			})
				.expectNext(new Tick("EURUSD", 1.1, 1.2, 1))
				.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(WsMessageConversionException.class)
					.hasMessageStartingWith("Cannot read a text message of 8 bytes as ")
					.hasMessageNotContaining("not json"))
				.verify(TIMEOUT);
			StepVerifier.create(clients.messages("prices").map(WsMessage::text).take(1))
				.then(() -> this.mock.server().push("still open"))
				.expectNext("still open")
				.expectComplete()
				.verify(TIMEOUT);
		});
	}

	@Test
	void genericTypesAndSubtypesOfAPolymorphicType() {
		ListenerTestSupport.runner(this.mock.server()).run((context) -> {
			WsClients clients = awaitOpen(context, "prices");
			StepVerifier.create(clients.messages("prices", new ParameterizedTypeReference<List<Tick>>() {
			}).take(1))
				.then(() -> this.mock.server().push("[" + TICK + "," + TICK + "]"))
				.expectNext(List.of(new Tick("EURUSD", 1.1, 1.2, 1), new Tick("EURUSD", 1.1, 1.2, 1)))
				.expectComplete()
				.verify(TIMEOUT);
			StepVerifier.create(clients.messages("prices", Quote.class).take(1)).then(() -> {
				this.mock.server().push("{\"type\":\"heartbeat\"}");
				this.mock.server().push("{\"type\":\"quote\",\"symbol\":\"EURUSD\"}");
			}).expectNext(new Quote("EURUSD")).expectComplete().verify(TIMEOUT);
			// Another subtype is left out, not counted as a failure.
			assertThat(clients.unconvertedMessages("prices")).isZero();
		});
	}

	@Test
	void valuesAreSentAsJsonTextAndRawTypesAsTheyAre() {
		ListenerTestSupport.runner(this.mock.server()).run((context) -> {
			WsClients clients = awaitOpen(context, "prices");
			clients.send("prices", new Tick("EURUSD", 1.1, 1.2, 1)).block(TIMEOUT);
			clients.send("prices", "plain text").block(TIMEOUT);
			clients.send("prices", new byte[] { 7 }).block(TIMEOUT);
			await().atMost(TIMEOUT).until(() -> texts(this.mock.server()).size() == 2);
			assertThat(texts(this.mock.server())).containsExactly(TICK, "plain text");
			await().atMost(TIMEOUT).until(() -> binaries(this.mock.server()).size() == 1);
			assertThat(binaries(this.mock.server()).get(0)).containsExactly(7);
		});
	}

	@Test
	void sendingOnAClosedClientFailsAsASignal() {
		ListenerTestSupport.runner(this.mock.server())
			.withPropertyValues("wsclient.clients.prices.auto-connect=false")
			.run((context) -> {
				WsClients clients = context.getBean(WsClients.class);
				Mono<Void> send = clients.send("prices", new Tick("EURUSD", 1.1, 1.2, 1));
				assertThatExceptionOfType(WsSendException.class).isThrownBy(() -> send.block(TIMEOUT))
					.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(WsSendException.Reason.NOT_OPEN));
			});
	}

	record Tick(String symbol, double bid, double ask, long seq) {
	}

	@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
	sealed interface FeedMessage permits Quote, Heartbeat {

	}

	@JsonTypeName("quote")
	record Quote(String symbol) implements FeedMessage {
	}

	@JsonTypeName("heartbeat")
	record Heartbeat() implements FeedMessage {
	}

}
