package dev.wsclient.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

/**
 * What a client hides of its URL and headers wherever it shows them: its debug log lines,
 * the {@link WsEvent.Connected} event, {@link WsClientStats#url()}, the URL given to a
 * {@link WsClientInstrumentation} and the reasons of the close statuses it reports for an
 * unusable URL. Set it with {@link WsClientOptions.Builder#redaction(WsRedaction)};
 * instances are immutable and may be shared.
 *
 * <p>
 * Always hidden (shown as {@value #HIDDEN}):
 * <ul>
 * <li>the user info of a URL;</li>
 * <li>the values of query parameters and headers whose names contain one of the
 * {@linkplain #secretWords() secret words} ({@code token}, {@code key}, {@code secret},
 * {@code password}, {@code passwd}, {@code pwd}, {@code auth}, {@code signature},
 * {@code sig}, {@code credential}, {@code session}, {@code cookie}), ignoring case, so
 * that {@code access_token}, {@code X-Api-Key}, {@code Authorization} and
 * {@code Set-Cookie} are hidden. Query parameter names are compared as servers read them,
 * decoded ({@code %74oken} is {@code token}); a name that does not decode is hidden.</li>
 * </ul>
 * Hidden when configured: further query parameters and headers, by exact name ignoring
 * case ({@link #withQueryParameters(Collection)}, {@link #withHeaders(Collection)}), and
 * the whole query of every URL ({@link #withWholeQuery(boolean)}).
 *
 * <p>
 * The path of a URL is always shown; a credential in the path cannot be told apart from
 * the rest of it.
 *
 * @since 0.2.0
 */
public final class WsRedaction {

	/** What a hidden value is shown as. */
	public static final String HIDDEN = "***";

	// The one list of names that look like credentials, for query parameters and headers
	// alike.
	private static final List<String> SECRET_WORDS = List.of("token", "key", "secret", "password", "passwd", "pwd",
			"auth", "signature", "sig", "credential", "session", "cookie");

	private static final WsRedaction DEFAULTS = new WsRedaction(Set.of(), false, Set.of());

	private final Set<String> queryParameters;

	private final boolean wholeQuery;

	private final Set<String> headers;

	private WsRedaction(Set<String> queryParameters, boolean wholeQuery, Set<String> headers) {
		this.queryParameters = queryParameters;
		this.wholeQuery = wholeQuery;
		this.headers = headers;
	}

	/**
	 * Return the redaction that hides only what is always hidden.
	 * @return the default redaction
	 */
	public static WsRedaction defaults() {
		return DEFAULTS;
	}

	/**
	 * Return the words that make a query parameter or header secret when its name
	 * contains one of them, ignoring case.
	 * @return the words, in lower case
	 */
	public static List<String> secretWords() {
		return SECRET_WORDS;
	}

	/**
	 * Return a copy that also hides the values of the given query parameters.
	 * @param names the parameter names, compared ignoring case; added to those already
	 * configured
	 * @return the redaction
	 */
	public WsRedaction withQueryParameters(Collection<String> names) {
		return new WsRedaction(union(this.queryParameters, names, "queryParameters"), this.wholeQuery, this.headers);
	}

	/**
	 * Return a copy that also hides the values of the given query parameters.
	 * @param names the parameter names, compared ignoring case
	 * @return the redaction
	 */
	public WsRedaction withQueryParameters(String... names) {
		return withQueryParameters(Arrays.asList(WsArguments.requireNonNull(names, "queryParameters")));
	}

	/**
	 * Return a copy that hides, or does not hide, the whole query of every URL.
	 * @param wholeQuery whether to hide the whole query
	 * @return the redaction
	 */
	public WsRedaction withWholeQuery(boolean wholeQuery) {
		return new WsRedaction(this.queryParameters, wholeQuery, this.headers);
	}

	/**
	 * Return a copy that also hides the values of the given headers.
	 * @param names the header names, compared ignoring case; added to those already
	 * configured
	 * @return the redaction
	 */
	public WsRedaction withHeaders(Collection<String> names) {
		return new WsRedaction(this.queryParameters, this.wholeQuery, union(this.headers, names, "headers"));
	}

	/**
	 * Return a copy that also hides the values of the given headers.
	 * @param names the header names, compared ignoring case
	 * @return the redaction
	 */
	public WsRedaction withHeaders(String... names) {
		return withHeaders(Arrays.asList(WsArguments.requireNonNull(names, "headers")));
	}

	/**
	 * Return the further query parameters whose values are hidden.
	 * @return the names, in lower case, sorted
	 */
	public Set<String> queryParameters() {
		return this.queryParameters;
	}

	/**
	 * Return whether the whole query of every URL is hidden.
	 * @return whether the whole query is hidden
	 */
	public boolean wholeQuery() {
		return this.wholeQuery;
	}

	/**
	 * Return the further headers whose values are hidden.
	 * @return the names, in lower case, sorted
	 */
	public Set<String> headers() {
		return this.headers;
	}

	/**
	 * Return a URL as text without its secrets: its user info, and the values of secret
	 * query parameters or its whole query, replaced by {@value #HIDDEN}. Its fragment is
	 * left out.
	 * @param url the URL
	 * @return the text to show
	 */
	public String redact(URI url) {
		WsArguments.requireNonNull(url, "url");
		StringBuilder text = new StringBuilder();
		if (url.getScheme() != null) {
			text.append(url.getScheme()).append(':');
		}
		if (url.getRawAuthority() != null) {
			text.append("//");
			if (url.getRawUserInfo() != null) {
				text.append(HIDDEN).append('@');
			}
			String host = url.getHost();
			if (host != null) {
				text.append(host);
				if (url.getPort() != -1) {
					text.append(':').append(url.getPort());
				}
			}
			else {
				String authority = url.getRawAuthority();
				int at = authority.lastIndexOf('@');
				text.append((at >= 0) ? authority.substring(at + 1) : authority);
			}
		}
		if (url.getRawPath() != null) {
			text.append(url.getRawPath());
		}
		if (url.getRawQuery() != null) {
			text.append('?');
			if (this.wholeQuery) {
				text.append(HIDDEN);
			}
			else {
				appendQuery(text, url.getRawQuery());
			}
		}
		return text.toString();
	}

	/**
	 * Return URL text without its secrets, as {@link #redact(URI)} does. Text that has
	 * been redacted already may be passed again. Text that is not a URI is hidden whole,
	 * since its secrets cannot be told apart.
	 * @param url the URL text
	 * @return the text to show
	 */
	public String redact(String url) {
		WsArguments.requireNonNull(url, "url");
		try {
			return redact(new URI(url.strip()));
		}
		catch (URISyntaxException ex) {
			return HIDDEN;
		}
	}

	/**
	 * Return whether the value of a query parameter is hidden.
	 * @param name the parameter name as sent (percent-encoded); a name that does not
	 * decode is hidden
	 * @return {@code true} for a name containing a secret word or configured as secret
	 */
	public boolean isSensitiveQueryParameter(String name) {
		WsArguments.requireNonNull(name, "name");
		String decoded;
		try {
			decoded = URLDecoder.decode(name, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
		}
		catch (IllegalArgumentException ex) {
			return true;
		}
		return containsSecretWord(decoded) || this.queryParameters.contains(decoded);
	}

	/**
	 * Return whether the value of a header is hidden.
	 * @param name the header name
	 * @return {@code true} for a name containing a secret word or configured as secret
	 */
	public boolean isSensitiveHeader(String name) {
		String lowerCase = WsArguments.requireNonNull(name, "name").toLowerCase(Locale.ROOT);
		return containsSecretWord(lowerCase) || this.headers.contains(lowerCase);
	}

	/**
	 * Return the value of a header as it may be shown.
	 * @param name the header name
	 * @param value its value
	 * @return the value, or {@value #HIDDEN} for a sensitive header
	 */
	public String headerValue(String name, String value) {
		return isSensitiveHeader(name) ? HIDDEN : value;
	}

	private void appendQuery(StringBuilder text, String query) {
		int start = 0;
		while (true) {
			int end = query.indexOf('&', start);
			String parameter = query.substring(start, (end >= 0) ? end : query.length());
			int equals = parameter.indexOf('=');
			if (equals >= 0 && isSensitiveQueryParameter(parameter.substring(0, equals))) {
				text.append(parameter, 0, equals + 1).append(HIDDEN);
			}
			else {
				text.append(parameter);
			}
			if (end < 0) {
				return;
			}
			text.append('&');
			start = end + 1;
		}
	}

	private static boolean containsSecretWord(String lowerCaseName) {
		for (String word : SECRET_WORDS) {
			if (lowerCaseName.contains(word)) {
				return true;
			}
		}
		return false;
	}

	private static Set<String> union(Set<String> current, Collection<String> added, String argument) {
		WsArguments.requireNonNull(added, argument);
		Set<String> names = new TreeSet<>(current);
		int index = 0;
		for (String name : added) {
			if (name == null || name.isBlank()) {
				throw new IllegalArgumentException(argument + "[" + index + "] must not be empty");
			}
			names.add(name.strip().toLowerCase(Locale.ROOT));
			index++;
		}
		return Collections.unmodifiableSet(names);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof WsRedaction that) && this.wholeQuery == that.wholeQuery
				&& this.queryParameters.equals(that.queryParameters) && this.headers.equals(that.headers);
	}

	@Override
	public int hashCode() {
		return 31 * (31 * this.queryParameters.hashCode() + Boolean.hashCode(this.wholeQuery))
				+ this.headers.hashCode();
	}

	@Override
	public String toString() {
		return "WsRedaction[queryParameters=" + this.queryParameters + ", wholeQuery=" + this.wholeQuery + ", headers="
				+ this.headers + "]";
	}

}
