package dev.wsclient.autoconfigure;

import java.util.List;

import dev.wsclient.autoconfigure.endpoint.WsClientsEndpoint;
import dev.wsclient.autoconfigure.event.WsClientClosedEvent;
import dev.wsclient.autoconfigure.event.WsClientEvent;
import dev.wsclient.autoconfigure.event.WsClientMessageEvent;
import dev.wsclient.autoconfigure.event.WsClientReconnectingEvent;
import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsCloseStatus;
import dev.wsclient.core.WsMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.annotation.ReflectiveRuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.ReflectionHintsPredicates;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime hints of the starter, as AOT processing registers them: from
 * {@code META-INF/spring/aot.factories}, and from the {@code @Reflective} operations of
 * the endpoint.
 */
class WsClientRuntimeHintsTests {

	private static final ReflectionHintsPredicates reflection = RuntimeHintsPredicates.reflection();

	private final RuntimeHints hints = new RuntimeHints();

	@BeforeEach
	void registerTheStartersHints() {
		List<RuntimeHintsRegistrar> registrars = SpringFactoriesLoader
			.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class)
			.stream()
			.filter((registrar) -> registrar.getClass().getName().startsWith("dev.wsclient."))
			.toList();
		assertThat(registrars).hasExactlyElementsOfTypes(WsClientRuntimeHints.class);
		registrars.forEach((registrar) -> registrar.registerHints(this.hints, getClass().getClassLoader()));
	}

	@Test
	void theClientPropertiesCanBeBoundAtRunTime() {
		assertThat(reflection.onType(WsClientProperties.Client.class)).accepts(this.hints);
		assertThat(reflection.onMethodInvocation(WsClientProperties.ClientSettings.class, "setConnectTimeout"))
			.accepts(this.hints);
		assertThat(reflection.onMethodInvocation(WsClientProperties.Client.class, "setUrl")).accepts(this.hints);
		assertThat(reflection.onMethodInvocation(WsClientProperties.Reconnect.class, "setMaxDelay"))
			.accepts(this.hints);
		assertThat(reflection.onMethodInvocation(WsClientProperties.Proxy.class, "setNonProxyHosts"))
			.accepts(this.hints);
		assertThat(reflection.onMethodInvocation(WsClientProperties.Deflate.class, "setClientMaxWindowBits"))
			.accepts(this.hints);
		assertThat(reflection.onMethodInvocation(WsClientProperties.Ssl.class, "setBundle")).accepts(this.hints);
	}

	@Test
	void eventsAndWhatTheyCarryCanBeReadInSpelConditions() throws NoSuchMethodException {
		assertThat(reflection.onMethodInvocation(WsClientEvent.class, "getClientName")).accepts(this.hints);
		assertThat(reflection.onMethodInvocation(WsClientMessageEvent.class, "getMessage")).accepts(this.hints);
		assertThat(reflection.onMethodInvocation(WsClientClosedEvent.class, "getStatus")).accepts(this.hints);
		assertThat(reflection.onMethodInvocation(WsClientReconnectingEvent.class, "getAttempt")).accepts(this.hints);
		assertThat(reflection.onMethodInvocation(WsMessage.class.getMethod("text"))).accepts(this.hints);
		assertThat(reflection.onMethodInvocation(WsCloseStatus.class, "isError")).accepts(this.hints);
	}

	@Test
	void clientBeansCanBeClosedByTheirDestroyMethod() throws NoSuchMethodException {
		WsClient client = WsClient.create();
		assertThat(client.getClass().getName()).isEqualTo(WsClientRuntimeHints.CLIENT_IMPLEMENTATION);
		assertThat(reflection.onMethodInvocation(client.getClass().getMethod("close"))).accepts(this.hints);
		assertThat(reflection.onMethodInvocation(WsClient.class.getMethod("close"))).accepts(this.hints);
		client.close();
	}

	@Test
	void theEndpointsJsonAndActionCanBeBound() {
		// Spring Boot registers what the operations return; the starter the action.
		new ReflectiveRuntimeHintsRegistrar().registerRuntimeHints(this.hints, WsClientsEndpoint.class);
		assertThat(reflection.onMethodInvocation(WsClientsEndpoint.class, "clients")).accepts(this.hints);
		assertThat(reflection.onMethodInvocation(WsClientsEndpoint.ClientsDescriptor.class, "clients"))
			.accepts(this.hints);
		assertThat(reflection.onMethodInvocation(WsClientsEndpoint.ClientDescriptor.class, "pingRttMillis"))
			.accepts(this.hints);
		assertThat(reflection.onMethodInvocation(WsClientsEndpoint.CloseDescriptor.class, "rfcCode"))
			.accepts(this.hints);
		assertThat(reflection.onType(WsClientsEndpoint.Action.class)).accepts(this.hints);
	}

}
