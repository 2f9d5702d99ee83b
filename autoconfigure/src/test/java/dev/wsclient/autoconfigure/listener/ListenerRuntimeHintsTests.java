package dev.wsclient.autoconfigure.listener;

import java.util.List;

import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsCloseStatus;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.annotation.ReflectiveRuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.ReflectionHintsPredicates;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime hints of listener methods, registered as Spring's AOT processing does for
 * every bean class: through the {@code @Reflective} listener annotations.
 */
class ListenerRuntimeHintsTests {

	private static final ReflectionHintsPredicates reflection = RuntimeHintsPredicates.reflection();

	private final RuntimeHints hints = new RuntimeHints();

	ListenerRuntimeHintsTests() {
		new ReflectiveRuntimeHintsRegistrar().registerRuntimeHints(this.hints, Listeners.class);
	}

	@Test
	void listenerMethodsCanBeInvoked() {
		assertThat(reflection.onMethodInvocation(Listeners.class, "onTick")).accepts(this.hints);
		assertThat(reflection.onMethodInvocation(Listeners.class, "onFills")).accepts(this.hints);
		assertThat(reflection.onMethodInvocation(Listeners.class, "subscribe")).accepts(this.hints);
		assertThat(reflection.onMethodInvocation(Listeners.class, "closed")).accepts(this.hints);
		assertThat(reflection.onMethodInvocation(Listeners.class, "reconnecting")).accepts(this.hints);
	}

	@Test
	void payloadTypesCanBeReadFromJson() {
		assertThat(reflection.onMethodInvocation(Tick.class, "symbol")).accepts(this.hints);
		assertThat(reflection.onConstructorInvocation(Tick.class.getDeclaredConstructors()[0])).accepts(this.hints);
		// An element of a generic payload type.
		assertThat(reflection.onMethodInvocation(Fill.class, "id")).accepts(this.hints);
	}

	@Test
	void repliesCanBeWrittenAsJsonWhetherReturnedOrPublished() {
		assertThat(reflection.onMethodInvocation(Ack.class, "id")).accepts(this.hints);
		assertThat(reflection.onMethodInvocation(Subscribe.class, "channel")).accepts(this.hints);
		assertThat(reflection.onType(Mono.class)).rejects(this.hints);
	}

	@Test
	void parametersTheListenerResolvesItselfAreNotBound() {
		assertThat(reflection.onType(WsMessageMetadata.class)).rejects(this.hints);
		assertThat(reflection.onType(WsClient.class)).rejects(this.hints);
		assertThat(reflection.onType(WsCloseStatus.class)).rejects(this.hints);
	}

	static class Listeners {

		@WsClientListener("prices")
		Ack onTick(Tick tick, WsMessageMetadata metadata, WsClient client) {
			return new Ack(tick.symbol());
		}

		@WsClientListener("fills")
		Mono<Ack> onFills(List<Fill> fills) {
			return Mono.just(new Ack(fills.get(0).id()));
		}

		@WsClientConnected("prices")
		Subscribe subscribe() {
			return new Subscribe("ticks");
		}

		@WsClientClosed("prices")
		void closed(WsCloseStatus status) {
		}

		@WsClientReconnecting("prices")
		void reconnecting() {
		}

	}

	record Tick(String symbol, double bid) {
	}

	record Fill(String id) {
	}

	record Ack(String id) {
	}

	record Subscribe(String channel) {
	}

}
