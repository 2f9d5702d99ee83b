package dev.wsclient.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.wsclient.core.WsUrls;

/**
 * What the starter hides of a client's URL and headers wherever it shows them: the
 * {@code wsclients} endpoint, the health details, the state log lines and the {@code env}
 * and {@code configprops} endpoints. One instance, made from
 * {@code wsclient.redaction.*}, serves them all, so that they hide the same things.
 *
 * <p>
 * Always hidden: URL user info, the values of query parameters named like credentials (as
 * {@link WsUrls#redact(URI)} does) and the values of headers named like credentials
 * ({@code Authorization}, {@code Cookie}, names with token, key, secret, password, auth,
 * signature, credential or session in them). Hidden when configured: further query
 * parameters, the whole query, further headers.
 *
 * @since 0.2.0
 */
public final class WsClientRedaction {

	/** What a hidden value is shown as: as core's URL redaction writes it. */
	public static final String HIDDEN = "***";

	private static final Pattern SECRET_HEADER = Pattern
		.compile("(?i)(^cookie$|token|key|secret|password|passwd|pwd|auth|signature|credential|session)");

	private static final WsClientRedaction DEFAULTS = new WsClientRedaction(List.of(), false, List.of());

	private final Set<String> queryParameters;

	private final boolean wholeQuery;

	private final Set<String> headers;

	/**
	 * Create a redaction.
	 * @param queryParameters names of further query parameters whose values are hidden,
	 * compared ignoring case
	 * @param wholeQuery whether to hide the whole query of every URL
	 * @param headers names of further headers whose values are hidden, compared ignoring
	 * case
	 */
	public WsClientRedaction(Collection<String> queryParameters, boolean wholeQuery, Collection<String> headers) {
		this.queryParameters = lowerCase(queryParameters);
		this.wholeQuery = wholeQuery;
		this.headers = lowerCase(headers);
	}

	/**
	 * Return the redaction of an application that configures nothing.
	 * @return the default redaction
	 */
	public static WsClientRedaction defaults() {
		return DEFAULTS;
	}

	/**
	 * Return a URL as text without its secrets.
	 * @param url the URL
	 * @return the text to show
	 */
	public String url(URI url) {
		return url(WsUrls.redact(url));
	}

	/**
	 * Return URL text without its secrets. Text that core has redacted already may be
	 * passed: redacting it again hides what the configuration adds. Text that is not a
	 * URI is hidden whole, since its secrets cannot be told apart.
	 * @param url the URL text
	 * @return the text to show
	 */
	public String url(String url) {
		URI uri;
		try {
			uri = new URI(url.strip());
		}
		catch (URISyntaxException ex) {
			return HIDDEN;
		}
		String redacted = WsUrls.redact(uri);
		if (uri.getRawQuery() == null) {
			return redacted;
		}
		int start = redacted.indexOf('?');
		String base = redacted.substring(0, start + 1);
		if (this.wholeQuery) {
			return base + HIDDEN;
		}
		if (this.queryParameters.isEmpty()) {
			return redacted;
		}
		StringBuilder text = new StringBuilder(base);
		String separator = "";
		for (String parameter : redacted.substring(start + 1).split("&", -1)) {
			text.append(separator);
			separator = "&";
			int equals = parameter.indexOf('=');
			String name = (equals >= 0) ? parameter.substring(0, equals) : parameter;
			text.append((equals >= 0 && isConfiguredParameter(name)) ? name + "=" + HIDDEN : parameter);
		}
		return text.toString();
	}

	/**
	 * Return whether the value of a header is hidden.
	 * @param name the header name
	 * @return {@code true} for a header named like a credential or configured as
	 * sensitive
	 */
	public boolean isSensitiveHeader(String name) {
		return SECRET_HEADER.matcher(name).find() || this.headers.contains(name.toLowerCase(Locale.ROOT));
	}

	/**
	 * Return the value of a header as it may be shown.
	 * @param name the header name
	 * @param value its value
	 * @return the value, or {@link #HIDDEN} for a sensitive header
	 */
	public String headerValue(String name, String value) {
		return isSensitiveHeader(name) ? HIDDEN : value;
	}

	private boolean isConfiguredParameter(String rawName) {
		try {
			return this.queryParameters
				.contains(URLDecoder.decode(rawName, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			// A name that does not decode is hidden rather than guessed at, as core does.
			return true;
		}
	}

	private static Set<String> lowerCase(Collection<String> names) {
		return names.stream()
			.map((name) -> name.strip().toLowerCase(Locale.ROOT))
			.collect(Collectors.toUnmodifiableSet());
	}

	@Override
	public String toString() {
		return "WsClientRedaction[queryParameters=" + this.queryParameters + ", wholeQuery=" + this.wholeQuery
				+ ", headers=" + this.headers + "]";
	}

}
