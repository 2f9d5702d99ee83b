package dev.wsclient.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.util.ClassUtils;
import org.springframework.util.StreamUtils;

/**
 * Strict binding of {@code wsclient.*}: a key that no setting takes stops start-up,
 * naming the key, where it was set and the closest valid key, instead of being dropped
 * silently. Header names are free (a map). The valid keys come from the configuration
 * metadata on the class path, so that keys other modules document under {@code wsclient}
 * are known too.
 */
final class StrictBinding {

	static final String ROOT = "wsclient";

	/**
	 * Keys directly under {@code wsclient} known without any metadata: the
	 * auto-configuration's own, should the metadata have been lost (a shaded jar).
	 */
	private static final Set<String> BUILT_IN_ROOTS = Set.of("defaults", "clients", "listener");

	private static final String METADATA = "META-INF/spring-configuration-metadata.json";

	private static final Pattern METADATA_NAME = Pattern.compile("\"name\"\\s*:\\s*\"(wsclient\\.[^\"]+)\"");

	/**
	 * Kubernetes sets variables such as {@code WSCLIENT_BRIDGE_SERVICE_HOST} for every
	 * Service of the namespace ("service links"); relaxed binding would read one whose
	 * name starts with "wsclient" as a {@code wsclient.*} key.
	 */
	private static final Pattern SERVICE_LINK = Pattern.compile(
			"[A-Z0-9_]+_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT(_\\d+_(TCP|UDP|SCTP)(_PROTO|_PORT|_ADDR)?)?)");

	private static @Nullable List<String> metadataNames;

	private StrictBinding() {
	}

	/**
	 * Bind a group of {@code wsclient} keys, failing on any key below the prefix that the
	 * target does not take.
	 * @param binder the binder
	 * @param prefix the group's name, for example {@code wsclient.clients.prices}
	 * @param target what to bind to
	 * @param handler the handler to call for each bound property
	 * @param validKeys the keys the group takes, relative to the prefix, for the
	 * suggestion
	 * @throws InvalidWsClientPropertyException naming the first unknown key
	 */
	static void bind(Binder binder, ConfigurationPropertyName prefix, Bindable<?> target, BindHandler handler,
			Collection<String> validKeys) {
		try {
			binder.bind(prefix, target, new NoUnboundElementsBindHandler(handler));
		}
		catch (BindException ex) {
			if (ex.getCause() instanceof UnboundConfigurationPropertiesException unbound) {
				throw unknown(prefix, unbound.getUnboundProperties(), validKeys);
			}
			throw ex;
		}
	}

	/**
	 * Check the keys directly under {@code wsclient}: each must be a group some module
	 * documents in its configuration metadata. JVM system properties and Kubernetes
	 * service links are left out.
	 * @param sources the configuration property sources of the environment
	 * @throws InvalidWsClientPropertyException naming the first unknown key
	 */
	static void checkRoot(Iterable<ConfigurationPropertySource> sources) {
		ConfigurationPropertyName root = ConfigurationPropertyName.of(ROOT);
		Set<ConfigurationProperty> unknown = new TreeSet<>();
		Set<String> roots = null;
		for (ConfigurationPropertySource source : sources) {
			if (!(source instanceof IterableConfigurationPropertySource iterable) || isSystemProperties(source)) {
				continue;
			}
			for (ConfigurationPropertyName name : iterable.stream().filter(root::isAncestorOf).toList()) {
				String child = name.getElement(1, Form.DASHED);
				if (BUILT_IN_ROOTS.contains(child)) {
					continue;
				}
				roots = (roots != null) ? roots : roots();
				ConfigurationProperty property = source.getConfigurationProperty(name);
				if (!roots.contains(child) && property != null && !isServiceLink(property.getOrigin())) {
					unknown.add(property);
				}
			}
		}
		if (!unknown.isEmpty()) {
			throw unknown(root, unknown, (roots != null) ? roots : roots());
		}
	}

	/**
	 * Return the keys of a client's settings, relative to {@code wsclient.defaults}, as
	 * the configuration metadata documents them.
	 * @return the keys, such as {@code ping-interval} and {@code reconnect.max-delay}
	 */
	static Set<String> clientSettingKeys() {
		String prefix = ClientDefinition.DEFAULTS_PREFIX + ".";
		return metadataNames().stream()
			.filter((name) -> name.startsWith(prefix))
			.map((name) -> name.substring(prefix.length()))
			.collect(Collectors.toCollection(TreeSet::new));
	}

	private static Set<String> roots() {
		Set<String> roots = new TreeSet<>(BUILT_IN_ROOTS);
		for (String name : metadataNames()) {
			String[] elements = name.split("\\.", 3);
			if (elements.length > 1) {
				roots.add(elements[1]);
			}
		}
		return roots;
	}

	/**
	 * JVM system properties are shared with tools: build plugins pass their own
	 * {@code -Dwsclient.*} flags (this project's {@code -Dwsclient.npm.skip}) to every
	 * test JVM. Keys below {@code defaults} and {@code clients} are still checked there.
	 */
	private static boolean isSystemProperties(ConfigurationPropertySource source) {
		return source.getUnderlyingSource() instanceof PropertySource<?> propertySource
				&& StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME.equals(propertySource.getName());
	}

	private static boolean isServiceLink(@Nullable Origin origin) {
		// Boot wraps the variable's origin in the origin of its property source.
		Origin variable = (origin instanceof PropertySourceOrigin wrapper) ? wrapper.getOrigin() : origin;
		return variable instanceof SystemEnvironmentOrigin environment
				&& SERVICE_LINK.matcher(environment.getProperty()).matches();
	}

	private static InvalidWsClientPropertyException unknown(ConfigurationPropertyName prefix,
			Set<ConfigurationProperty> unbound, Collection<String> validKeys) {
		ConfigurationProperty first = unbound.iterator().next();
		String key = first.getName().toString();
		String relative = key.substring(prefix.toString().length() + 1);
		StringBuilder reason = new StringBuilder("is not a known key");
		Origin origin = first.getOrigin();
		if (origin != null) {
			reason.append(" (set in ").append(origin).append(')');
		}
		if (unbound.size() > 1) {
			reason.append("; nor are ")
				.append(unbound.stream()
					.skip(1)
					.map((property) -> "'" + property.getName() + "'")
					.collect(Collectors.joining(", ")));
		}
		String closest = closest(relative, validKeys);
		if (closest != null) {
			reason.append("; did you mean '").append(prefix).append('.').append(closest).append("'?");
		}
		else if (validKeys.size() <= 10) {
			reason.append("; valid keys are ").append(String.join(", ", validKeys));
		}
		else {
			reason.append("; see the configuration reference for the valid keys");
		}
		return new InvalidWsClientPropertyException(key, reason.toString());
	}

	/**
	 * Return the valid key closest to a misspelt one, if it is close enough to be what
	 * was meant. Each valid key is compared with as many elements of the misspelt one as
	 * it has (so {@code client.feed.url} is close to the group {@code clients}), without
	 * dashes (environment variables have none); on a tie the longer key wins.
	 * @param key the unknown key, relative to its group
	 * @param validKeys the group's valid keys
	 * @return the suggestion, or {@code null} when none is close
	 */
	private static @Nullable String closest(String key, Collection<String> validKeys) {
		String[] elements = withoutDashes(key).split("\\.");
		return validKeys.stream().map((valid) -> {
			String[] validElements = withoutDashes(valid).split("\\.");
			String compared = String.join(".",
					Arrays.copyOf(elements, Math.min(elements.length, validElements.length)));
			return new Candidate(valid, validElements.length, distance(compared, String.join(".", validElements)));
		})
			// A group the key lies inside is no suggestion: the slip is further down.
			.filter((candidate) -> candidate.elements() >= elements.length || candidate.distance() > 0)
			.filter((candidate) -> candidate.distance() <= Math.max(2, key.length() / 4))
			.min(Comparator.comparingInt(Candidate::distance)
				.thenComparing(Comparator.comparingInt(Candidate::elements).reversed()))
			.map(Candidate::key)
			.orElse(null);
	}

	private static String withoutDashes(String key) {
		return key.replace("-", "").toLowerCase(Locale.ROOT);
	}

	/** Levenshtein distance: insertions, deletions and substitutions. */
	private static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

	/**
	 * Every property and group name under {@code wsclient} in the configuration metadata
	 * of the class path, read once, and only when a check needs it.
	 */
	private static synchronized List<String> metadataNames() {
		List<String> names = metadataNames;
		if (names == null) {
			names = readMetadataNames();
			metadataNames = names;
		}
		return names;
	}

	private static List<String> readMetadataNames() {
		ClassLoader classLoader = ClassUtils.getDefaultClassLoader();
		Set<String> names = new TreeSet<>();
		try {
			Enumeration<URL> resources = (classLoader != null) ? classLoader.getResources(METADATA)
					: ClassLoader.getSystemResources(METADATA);
			while (resources.hasMoreElements()) {
				try (InputStream in = resources.nextElement().openStream()) {
					Matcher matcher = METADATA_NAME
						.matcher(withoutHints(StreamUtils.copyToString(in, StandardCharsets.UTF_8)));
					while (matcher.find()) {
						names.add(matcher.group(1));
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the configuration metadata " + METADATA, ex);
		}
		return List.copyOf(names);
	}

	/**
	 * Return the metadata without its hints, which name no key of their own but a key's
	 * values or map keys ({@code wsclient.defaults.headers.keys}). The annotation
	 * processor writes them last.
	 */
	private static String withoutHints(String metadata) {
		int hints = metadata.indexOf("\"hints\"");
		return (hints >= 0) ? metadata.substring(0, hints) : metadata;
	}

	private record Candidate(String key, int elements, int distance) {
	}

}
