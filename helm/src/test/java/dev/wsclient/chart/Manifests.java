package dev.wsclient.chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The output of {@code helm template}, parsed into fabric8 Kubernetes model objects.
 * Known kinds become their typed classes (a Deployment is a {@link Deployment}), other
 * kinds (the ServiceMonitor) a {@link GenericKubernetesResource}.
 */
final class Manifests {

	private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

	private static final Pattern COMMENT_OR_BLANK_LINE = Pattern.compile("(?m)^\\s*(#.*)?$\\n?");

	private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

	private static final YAMLMapper YAML = new YAMLMapper();

	private final String text;

	private final List<HasMetadata> resources;

	private Manifests(String text, List<HasMetadata> resources) {
		this.text = text;
		this.resources = List.copyOf(resources);
	}

	static Manifests parse(String text) {
		List<HasMetadata> resources = DOCUMENT_SEPARATOR.splitAsStream(text)
			.filter((document) -> !COMMENT_OR_BLANK_LINE.matcher(document).replaceAll("").isEmpty())
			.map((document) -> SERIALIZATION.unmarshal(document, HasMetadata.class))
			.collect(Collectors.toList());
		return new Manifests(text, resources);
	}

	/**
	 * The raw text Helm produced.
	 * @return the rendered YAML
	 */
	String text() {
		return this.text;
	}

	List<HasMetadata> resources() {
		return this.resources;
	}

	/**
	 * The kinds rendered, in order.
	 * @return each resource's kind
	 */
	List<String> kinds() {
		return this.resources.stream().map(HasMetadata::getKind).collect(Collectors.toList());
	}

	<T extends HasMetadata> List<T> all(Class<T> type) {
		return this.resources.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
	}

	/**
	 * The only resource of a type; fails the test unless there is exactly one.
	 * @param <T> the resource type
	 * @param type the resource class
	 * @return the resource
	 */
	<T extends HasMetadata> T single(Class<T> type) {
		List<T> found = all(type);
		assertThat(found).as("rendered %s resources", type.getSimpleName()).hasSize(1);
		return found.get(0);
	}

	/**
	 * The only resource of a kind the fabric8 model does not know, such as a
	 * ServiceMonitor.
	 * @param apiVersion the expected apiVersion
	 * @param kind the kind
	 * @return the resource
	 */
	GenericKubernetesResource singleGeneric(String apiVersion, String kind) {
		List<GenericKubernetesResource> found = all(GenericKubernetesResource.class).stream()
			.filter((resource) -> kind.equals(resource.getKind()))
			.collect(Collectors.toList());
		assertThat(found).as("rendered %s resources", kind).hasSize(1);
		assertThat(found.get(0).getApiVersion()).isEqualTo(apiVersion);
		return found.get(0);
	}

	Deployment deployment() {
		return single(Deployment.class);
	}

	Container bridgeContainer() {
		List<Container> containers = deployment().getSpec().getTemplate().getSpec().getContainers();
		assertThat(containers).extracting(Container::getName).containsExactly("bridge");
		return containers.get(0);
	}

	Service service() {
		return single(Service.class);
	}

	NetworkPolicy networkPolicy() {
		return single(NetworkPolicy.class);
	}

	/**
	 * A port of the bridge container.
	 * @param name the port name
	 * @return its number
	 */
	int containerPort(String name) {
		List<ContainerPort> ports = bridgeContainer().getPorts()
			.stream()
			.filter((port) -> name.equals(port.getName()))
			.collect(Collectors.toList());
		assertThat(ports).as("container port %s", name).hasSize(1);
		return ports.get(0).getContainerPort();
	}

	/**
	 * A port of the Service.
	 * @param name the port name
	 * @return the port
	 */
	ServicePort servicePort(String name) {
		List<ServicePort> ports = service().getSpec()
			.getPorts()
			.stream()
			.filter((port) -> name.equals(port.getName()))
			.collect(Collectors.toList());
		assertThat(ports).as("Service port %s", name).hasSize(1);
		return ports.get(0);
	}

	/**
	 * The ConfigMap holding the bridge's configuration; fails the test unless there is
	 * exactly one (the Grafana dashboard's is another ConfigMap).
	 * @return the ConfigMap
	 */
	ConfigMap configMap() {
		List<ConfigMap> found = all(ConfigMap.class).stream()
			.filter((configMap) -> configMap.getData() != null && configMap.getData().containsKey("application.yml"))
			.collect(Collectors.toList());
		assertThat(found).as("rendered ConfigMaps holding application.yml").hasSize(1);
		return found.get(0);
	}

	/**
	 * The bridge's {@code application.yml} from the ConfigMap, as text.
	 * @return the file content
	 */
	String applicationYaml() {
		String yaml = configMap().getData().getOrDefault("application.yml", "");
		assertThat(yaml).as("application.yml in the ConfigMap").isNotBlank();
		return yaml;
	}

	/**
	 * The bridge's {@code application.yml} flattened the way Spring Boot sees it: nested
	 * keys joined by dots, list elements as {@code key[index]}.
	 * @return property name to value
	 */
	Map<String, Object> applicationProperties() {
		try {
			Map<String, Object> tree = YAML.readValue(applicationYaml(), new TypeReference<Map<String, Object>>() {
			});
			Map<String, Object> properties = new LinkedHashMap<>();
			flatten("", tree, properties);
			return properties;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void flatten(String prefix, @Nullable Object value, Map<String, Object> properties) {
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, child) -> flatten(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, child,
					properties));
		}
		else if (value instanceof List<?> list) {
			for (int i = 0; i < list.size(); i++) {
				flatten(prefix + "[" + i + "]", list.get(i), properties);
			}
		}
		else if (value != null) {
			properties.put(prefix, value);
		}
	}

	/**
	 * Fields that the Kubernetes model did not recognise, in every typed resource (a
	 * misspelt {@code readinesProbe} parses, but lands in {@code additionalProperties}).
	 * @return the path and names of each unknown field, empty when there is none
	 */
	List<String> unknownFields() {
		List<String> unknown = new ArrayList<>();
		this.resources.stream()
			.filter((resource) -> !(resource instanceof GenericKubernetesResource))
			.forEach((resource) -> collectUnknownFields(resource, resource.getKind(), unknown));
		return unknown;
	}

	private static void collectUnknownFields(@Nullable Object node, String path, List<String> unknown) {
		if (node instanceof Collection<?> elements) {
			int index = 0;
			for (Object element : elements) {
				collectUnknownFields(element, path + "[" + index++ + "]", unknown);
			}
			return;
		}
		if (node instanceof Map<?, ?> map) {
			map.forEach((key, value) -> collectUnknownFields(value, path + "." + key, unknown));
			return;
		}
		if (node == null || !node.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
			return;
		}
		for (Method getter : node.getClass().getMethods()) {
			if (isModelGetter(getter)) {
				Object value = invoke(getter, node);
				if (getter.getName().equals("getAdditionalProperties")) {
					if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
						unknown.add(path + " " + extra.keySet());
					}
				}
				else {
					collectUnknownFields(value, path + "." + getter.getName().substring(3), unknown);
				}
			}
		}
	}

	private static boolean isModelGetter(Method method) {
		return method.getName().startsWith("get") && method.getParameterCount() == 0
				&& !Modifier.isStatic(method.getModifiers()) && method.getDeclaringClass() != Object.class;
	}

	private static @Nullable Object invoke(Method getter, Object target) {
		try {
			return getter.invoke(target);
		}
		catch (IllegalAccessException | InvocationTargetException ex) {
			throw new IllegalStateException("Cannot read " + getter, ex);
		}
	}

}
