package dev.wsclient.autoconfigure.endpoint;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.wsclient.autoconfigure.WsClientRedaction;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Hides the secrets of the WebSocket clients' configuration in the {@code env} and
 * {@code configprops} endpoints, whatever their {@code show-values}: every header value,
 * proxy passwords, the user info and credential-like query parameters of URLs, and the
 * values of the properties and environment variables that those settings take through
 * placeholders (such as {@code Authorization: Bearer ${FEED_TOKEN}}, and the chart's
 * {@code SECRET_HEADER_*} variables). Keys are recognised in every form Spring Boot
 * binds: {@code wsclient.clients.feed.headers.Authorization},
 * {@code wsclient.clients.feed.headers[X-Api-Key]} and
 * {@code WSCLIENT_CLIENTS_FEED_HEADERS_AUTHORIZATION}.
 *
 * @since 0.2.0
 */
public final class WsClientSanitizingFunction implements SanitizingFunction {

	private static final String CLIENT = "^wsclient\\.(defaults|clients\\..+)\\.";

	private static final Pattern SECRET_KEY = Pattern.compile(CLIENT + "(headers\\..+|proxy\\.password)$");

	private static final Pattern URL_KEY = Pattern.compile(CLIENT + "url$");

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)");

	private final ConfigurableEnvironment environment;

	private final WsClientRedaction redaction;

	private volatile @Nullable Set<String> referencedNames;

	/**
	 * Create a function for the settings of an environment.
	 * @param environment the environment whose {@code wsclient.*} settings may reference
	 * other properties
	 * @param redaction what to hide beyond the defaults
	 */
	public WsClientSanitizingFunction(ConfigurableEnvironment environment, WsClientRedactionProperties redaction) {
		this(environment, redaction.toRedaction());
	}

	/**
	 * Create a function for the settings of an environment.
	 * @param environment the environment whose {@code wsclient.*} settings may reference
	 * other properties
	 * @param redaction the redaction the starter shows URLs with
	 */
	public WsClientSanitizingFunction(ConfigurableEnvironment environment, WsClientRedaction redaction) {
		this.environment = environment;
		this.redaction = redaction;
	}

	@Override
	public SanitizableData apply(SanitizableData data) {
		Object value = data.getValue();
		if (value == null) {
			return data;
		}
		String key = normalized(data.getKey());
		if (SECRET_KEY.matcher(key).matches() || isReferenced(data.getKey())) {
			return data.withSanitizedValue();
		}
		if (URL_KEY.matcher(key).matches()) {
			return data.withValue(redact(value.toString()));
		}
		return data;
	}

	/**
	 * Redact a URL as configured: user info and credential-like parameters always, the
	 * configured parameters too, or the whole query. Text that is not a URI is hidden
	 * whole: it cannot be told apart.
	 * @param url the URL text, possibly with placeholders
	 * @return the text to show
	 */
	String redact(String url) {
		try {
			new URI(url.strip());
		}
		catch (URISyntaxException ex) {
			return SanitizableData.SANITIZED_VALUE;
		}
		return this.redaction.url(url);
	}

	private boolean isReferenced(String key) {
		Set<String> names = this.referencedNames;
		if (names == null) {
			names = referencedNames();
			this.referencedNames = names;
		}
		return names.contains(key) || names.contains(asVariable(key, false));
	}

	/**
	 * The names that secret settings take values from through placeholders, as written
	 * and as environment variables, read once: the configuration does not change after
	 * start-up.
	 */
	private Set<String> referencedNames() {
		Set<String> names = new HashSet<>();
		for (PropertySource<?> source : this.environment.getPropertySources()) {
			if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
				continue;
			}
			for (String name : enumerable.getPropertyNames()) {
				String normalized = normalized(name);
				if (SECRET_KEY.matcher(normalized).matches() || URL_KEY.matcher(normalized).matches()) {
					Object raw = enumerable.getProperty(name);
					Matcher placeholder = PLACEHOLDER.matcher(String.valueOf(raw));
					while (placeholder.find()) {
						String referenced = placeholder.group(1).strip();
						names.add(referenced);
						names.add(asVariable(referenced, false));
						names.add(asVariable(referenced, true));
					}
				}
			}
		}
		return Set.copyOf(names);
	}

	/**
	 * Return the environment variable Spring Boot reads a property from: upper case, dots
	 * as underscores, with or without its dashes.
	 */
	private static String asVariable(String name, boolean keepDashesAsUnderscores) {
		String variable = name.toUpperCase(Locale.ROOT).replace('.', '_');
		return keepDashesAsUnderscores ? variable.replace('-', '_') : variable.replace("-", "");
	}

	/**
	 * Return a key in one comparable form: lower case, elements separated by dots, no
	 * brackets; environment variables' underscores become dots.
	 */
	private static String normalized(String key) {
		return key.toLowerCase(Locale.ROOT).replace('_', '.').replace("[", ".").replace("]", "").replace("-", "");
	}

}
