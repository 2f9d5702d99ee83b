package dev.wsclient.autoconfigure;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.wsclient.autoconfigure.endpoint.WsClientRedactionProperties;
import dev.wsclient.core.WsRedaction;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.Environment;

/**
 * Every entry of {@code wsclient.clients}, bound and checked, in the order of the
 * configuration.
 */
final class ClientDefinitions {

	private final Map<String, ClientDefinition> definitions;

	private ClientDefinitions(Map<String, ClientDefinition> definitions) {
		this.definitions = Collections.unmodifiableMap(definitions);
	}

	/**
	 * Bind the clients configured in the environment, failing on any key under
	 * {@code wsclient} that nothing takes.
	 * @param environment the environment
	 * @return the definitions
	 * @throws InvalidWsClientPropertyException naming the first invalid property
	 */
	static ClientDefinitions bind(Environment environment) {
		StrictBinding.checkRoot(ConfigurationPropertySources.get(environment));
		return bind(Binder.get(environment));
	}

	/**
	 * Bind the clients configured for a binder.
	 * @param binder the binder
	 * @return the definitions
	 * @throws InvalidWsClientPropertyException naming the first invalid property
	 */
	static ClientDefinitions bind(Binder binder) {
		// Bound once as a plain map only to learn the names, in configuration order.
		Set<String> names = binder
			.bind(ClientDefinition.CLIENTS_PREFIX, Bindable.mapOf(String.class, WsClientProperties.Client.class))
			.map(Map::keySet)
			.orElseGet(Set::of);
		if (names.isEmpty()) {
			// Checked even when no client uses them yet.
			ClientDefinition.bindDefaults(binder);
		}
		// A configured URL that is reported invalid is shown as the clients show it.
		WsRedaction redaction = binder.bind("wsclient.redaction", Bindable.of(WsClientRedactionProperties.class))
			.map((properties) -> properties.toRedaction().wsRedaction())
			.orElseGet(WsRedaction::defaults);
		Map<String, ClientDefinition> definitions = new LinkedHashMap<>();
		for (String name : names) {
			definitions.put(name, ClientDefinition.bind(binder, name, redaction));
		}
		return new ClientDefinitions(definitions);
	}

	Set<String> names() {
		return this.definitions.keySet();
	}

	Collection<ClientDefinition> all() {
		return this.definitions.values();
	}

	@Nullable ClientDefinition get(String name) {
		return this.definitions.get(name);
	}

}
