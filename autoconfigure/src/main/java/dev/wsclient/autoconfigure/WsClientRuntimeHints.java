package dev.wsclient.autoconfigure;

import java.util.List;

import dev.wsclient.autoconfigure.endpoint.WsClientsEndpoint;
import dev.wsclient.autoconfigure.event.WsClientClosedEvent;
import dev.wsclient.autoconfigure.event.WsClientConnectedEvent;
import dev.wsclient.autoconfigure.event.WsClientEvent;
import dev.wsclient.autoconfigure.event.WsClientMessageEvent;
import dev.wsclient.autoconfigure.event.WsClientReconnectingEvent;
import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsCloseStatus;
import dev.wsclient.core.WsMessage;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.boot.context.properties.bind.BindableRuntimeHintsRegistrar;
import org.springframework.util.ClassUtils;

/**
 * What the starter reaches by reflection, for AOT-processed applications and native
 * images, where Spring cannot infer it from the bean definitions; registered in
 * {@code META-INF/spring/aot.factories}.
 *
 * <ul>
 * <li>{@code wsclient.defaults} and {@code wsclient.clients.*} are bound by hand, at run
 * time, into {@link WsClientProperties} (not a bean, so Boot's own processing of
 * configuration properties does not see it).
 * <li>The application events and what they carry are read by SpEL in listener conditions
 * ({@code #event.clientName == 'prices'}, {@code #message.text()}).
 * <li>Each client bean is closed by its {@code close} destroy method, found by name.
 * <li>The endpoint's write operation reads its {@code action} into an enum.
 * </ul>
 *
 * Listener methods, their payload and reply types are registered by
 * {@code ListenerReflectiveProcessor} for every bean that has them; the endpoint's
 * responses by Spring Boot from its operation methods.
 */
final class WsClientRuntimeHints implements RuntimeHintsRegistrar {

	/** The class of the clients {@link WsClient#create} makes, not public. */
	static final String CLIENT_IMPLEMENTATION = "dev.wsclient.core.ReactorNettyWsClient";

	private static final String ENDPOINT_ANNOTATION = "org.springframework.boot.actuate.endpoint.annotation.Endpoint";

	private static final List<Class<?>> SPEL_ROOTS = List.of(WsClientEvent.class, WsClientConnectedEvent.class,
			WsClientMessageEvent.class, WsClientClosedEvent.class, WsClientReconnectingEvent.class, WsMessage.class,
			WsCloseStatus.class);

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		BindableRuntimeHintsRegistrar.forTypes(WsClientProperties.class).registerHints(hints);
		for (Class<?> type : SPEL_ROOTS) {
			hints.reflection().registerType(type, MemberCategory.INVOKE_PUBLIC_METHODS);
		}
		hints.reflection().registerType(WsClient.class, MemberCategory.INVOKE_PUBLIC_METHODS);
		hints.reflection().registerType(TypeReference.of(CLIENT_IMPLEMENTATION), MemberCategory.INVOKE_PUBLIC_METHODS);
		if (ClassUtils.isPresent(ENDPOINT_ANNOTATION, classLoader)) {
			new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(),
					WsClientsEndpoint.Action.class);
		}
	}

}
