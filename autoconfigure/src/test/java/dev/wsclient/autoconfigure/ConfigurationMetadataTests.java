package dev.wsclient.autoconfigure;

import java.beans.BeanInfo;
import java.beans.IntrospectionException;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import dev.wsclient.core.WsProxy;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The configuration metadata, as the annotation processor generates it and the build puts
 * it on the class path, documents every key that the strict binder takes under a client,
 * and only those: the two cannot diverge. IDEs complete {@code wsclient.clients.<name>.*}
 * from the map's value type and {@code wsclient.defaults.*} from the properties.
 */
class ConfigurationMetadataTests {

	private static final String CLIENTS_TYPE = "java.util.Map<java.lang.String,"
			+ WsClientProperties.Client.class.getName() + ">";

	private final Map<String, JsonNode> properties = new HashMap<>();

	private final Map<String, JsonNode> hints = new HashMap<>();

	ConfigurationMetadataTests() throws IOException {
		Enumeration<URL> resources = getClass().getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json");
		while (resources.hasMoreElements()) {
			try (InputStream in = resources.nextElement().openStream()) {
				JsonNode metadata = JsonMapper.shared().readTree(in);
				metadata.path("properties").forEach((property) -> this.properties.put(name(property), property));
				metadata.path("hints").forEach((hint) -> this.hints.put(name(hint), hint));
			}
		}
	}

	@Test
	void everyKeyTheBinderTakesUnderAClientIsDocumentedWithADescription() throws IntrospectionException {
		Set<String> keys = clientKeys(WsClientProperties.Client.class, "");
		assertThat(keys).contains("url", "ping-interval", "reconnect.max-delay", "proxy.password", "headers");
		for (String key : keys) {
			if (key.equals("url")) {
				continue;
			}
			assertThat(description(property("wsclient.defaults." + key))).as("description of wsclient.defaults.%s", key)
				.isNotBlank();
		}
		JsonNode clients = property("wsclient.clients");
		assertThat(clients.path("type").asString()).isEqualTo(CLIENTS_TYPE);
		assertThat(description(clients)).contains("url", "wsclient.defaults");
	}

	@Test
	void everyDocumentedClientKeyIsTakenByTheStrictBinderAndNoOther() throws IntrospectionException {
		Set<String> documented = new TreeSet<>();
		this.properties.keySet()
			.stream()
			.filter((name) -> name.startsWith("wsclient.defaults."))
			.forEach((name) -> documented.add(name.substring("wsclient.defaults.".length())));
		Set<String> bound = clientKeys(WsClientProperties.Client.class, "");
		bound.remove("url");
		assertThat(documented).isEqualTo(bound);
		for (String key : documented) {
			String type = property("wsclient.defaults." + key).path("type").asString();
			assertThatNoException().as("binding wsclient.clients.feed.%s (%s)", key, type)
				.isThrownBy(() -> bindClient(Map.of(sampleKey(key, type), sample(type))));
		}
		// The keys the strict binder suggests from are the same.
		Set<String> suggested = new TreeSet<>(StrictBinding.clientSettingKeys());
		suggested.removeIf((key) -> suggested.stream().anyMatch((other) -> other.startsWith(key + ".")));
		assertThat(suggested).isEqualTo(bound);
		assertThatExceptionOfType(InvalidWsClientPropertyException.class)
			.isThrownBy(() -> bindClient(Map.of("ping-intervall", "5s")))
			.withMessageContaining("ping-interval");
	}

	@Test
	void enumsAndHeaderNamesHaveValueHints() {
		assertThat(this.hints).containsKey("wsclient.defaults.proxy.type");
		JsonNode proxyType = Objects.requireNonNull(this.hints.get("wsclient.defaults.proxy.type"));
		List<String> values = new ArrayList<>();
		proxyType.path("values").forEach((value) -> values.add(value.path("value").asString()));
		assertThat(values).containsExactlyElementsOf(
				Arrays.stream(WsProxy.Type.values()).map((type) -> type.name().toLowerCase(Locale.ROOT)).toList());
		proxyType.path("values").forEach((value) -> assertThat(description(value)).isNotBlank());
		assertThat(this.hints).containsKey("wsclient.defaults.headers.keys");
		assertThat(property("wsclient.defaults.ping-interval").path("defaultValue").asString()).isEqualTo("30s");
	}

	private JsonNode property(String name) {
		assertThat(this.properties).as("metadata of %s", name).containsKey(name);
		return Objects.requireNonNull(this.properties.get(name));
	}

	private static void bindClient(Map<String, String> keys) {
		Map<String, String> source = new HashMap<>();
		keys.forEach((key, value) -> source.put("wsclient.clients.feed." + key, value));
		Binder binder = new Binder(new MapConfigurationPropertySource(source));
		StrictBinding.bind(binder, ConfigurationPropertyName.of("wsclient.clients.feed"),
				Bindable.ofInstance(new WsClientProperties.Client()), BindHandler.DEFAULT,
				StrictBinding.clientSettingKeys());
	}

	private static String sampleKey(String key, String type) {
		return type.startsWith("java.util.Map") ? key + ".X-Test" : key;
	}

	private static String sample(String type) {
		if (type.endsWith("Boolean")) {
			return "true";
		}
		if (type.endsWith("Integer") || type.endsWith("Long")) {
			return "9";
		}
		if (type.endsWith("Double")) {
			return "0.5";
		}
		if (type.endsWith("Duration")) {
			return "2s";
		}
		if (type.endsWith("DataSize")) {
			return "2KB";
		}
		if (type.endsWith("WsProxy$Type")) {
			return "socks5";
		}
		return "sample";
	}

	/**
	 * Return the keys that binding takes under a client, the way Spring Boot's JavaBean
	 * binding finds them: a property with a setter is a key (maps and lists included), a
	 * nested settings class with a getter only is a group of keys.
	 */
	private static Set<String> clientKeys(Class<?> type, String prefix) throws IntrospectionException {
		Set<String> keys = new TreeSet<>();
		BeanInfo info = Introspector.getBeanInfo(type, Object.class);
		for (PropertyDescriptor property : info.getPropertyDescriptors()) {
			String key = prefix + dashed(property.getName());
			Class<?> propertyType = property.getPropertyType();
			if (property.getWriteMethod() != null) {
				keys.add(key);
			}
			else if (property.getReadMethod() != null && propertyType.getEnclosingClass() == WsClientProperties.class
					&& !Collection.class.isAssignableFrom(propertyType)) {
				keys.addAll(clientKeys(propertyType, key + "."));
			}
		}
		return keys;
	}

	private static String dashed(String name) {
		return name.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
	}

	private static String name(JsonNode node) {
		return node.path("name").asString();
	}

	private static String description(JsonNode node) {
		return node.path("description").asString("");
	}

}
