package dev.wsclient.autoconfigure;

import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import dev.wsclient.core.WsRedaction;

/**
 * What the starter hides of a client's URL and headers wherever it shows them: the
 * {@code wsclients} endpoint, the health details, the state log lines, the {@code env}
 * and {@code configprops} endpoints, and, since the starter gives it to every client it
 * creates ({@link dev.wsclient.core.WsClientOptions.Builder#redaction(WsRedaction)}), the
 * clients' own debug log lines, events, statistics and instrumentation. One instance,
 * made from {@code wsclient.redaction.*}, serves them all, so that they hide the same
 * things.
 *
 * <p>
 * A thin adapter over core's {@link WsRedaction}, which keeps the one list of names that
 * are always hidden: URL user info, and the values of query parameters and headers whose
 * names contain one of {@link WsRedaction#secretWords()} ({@code Authorization},
 * {@code Cookie}, {@code X-Api-Key}, {@code access_token}, ...). Hidden when configured:
 * further query parameters, the whole query, further headers.
 *
 * @since 0.2.0
 */
public final class WsClientRedaction {

	/** What a hidden value is shown as: as core's redaction writes it. */
	public static final String HIDDEN = WsRedaction.HIDDEN;

	private static final WsClientRedaction DEFAULTS = new WsClientRedaction(WsRedaction.defaults());

	private final WsRedaction redaction;

	/**
	 * Create a redaction.
	 * @param queryParameters names of further query parameters whose values are hidden,
	 * compared ignoring case; blank names are ignored
	 * @param wholeQuery whether to hide the whole query of every URL
	 * @param headers names of further headers whose values are hidden, compared ignoring
	 * case; blank names are ignored
	 */
	public WsClientRedaction(Collection<String> queryParameters, boolean wholeQuery, Collection<String> headers) {
		this(WsRedaction.defaults()
			.withQueryParameters(nonBlank(queryParameters))
			.withWholeQuery(wholeQuery)
			.withHeaders(nonBlank(headers)));
	}

	/**
	 * Create a redaction from core's.
	 * @param redaction the redaction
	 */
	public WsClientRedaction(WsRedaction redaction) {
		this.redaction = Objects.requireNonNull(redaction, "redaction must not be null");
	}

	/**
	 * Return the redaction of an application that configures nothing.
	 * @return the default redaction
	 */
	public static WsClientRedaction defaults() {
		return DEFAULTS;
	}

	/**
	 * Return core's redaction that this one adapts, as the starter gives it to the
	 * clients it creates.
	 * @return the redaction
	 */
	public WsRedaction wsRedaction() {
		return this.redaction;
	}

	/**
	 * Return a URL as text without its secrets.
	 * @param url the URL
	 * @return the text to show
	 */
	public String url(URI url) {
		return this.redaction.redact(url);
	}

	/**
	 * Return URL text without its secrets. Text that has been redacted already may be
	 * passed. Text that is not a URI is hidden whole, since its secrets cannot be told
	 * apart.
	 * @param url the URL text
	 * @return the text to show
	 */
	public String url(String url) {
		return this.redaction.redact(url);
	}

	/**
	 * Return whether the value of a header is hidden.
	 * @param name the header name
	 * @return {@code true} for a header named like a credential or configured as
	 * sensitive
	 */
	public boolean isSensitiveHeader(String name) {
		return this.redaction.isSensitiveHeader(name);
	}

	/**
	 * Return the value of a header as it may be shown.
	 * @param name the header name
	 * @param value its value
	 * @return the value, or {@link #HIDDEN} for a sensitive header
	 */
	public String headerValue(String name, String value) {
		return this.redaction.headerValue(name, value);
	}

	private static List<String> nonBlank(Collection<String> names) {
		return Objects.requireNonNull(names, "names must not be null")
			.stream()
			.filter((name) -> name != null && !name.isBlank())
			.toList();
	}

	@Override
	public String toString() {
		return "WsClientRedaction[queryParameters=" + this.redaction.queryParameters() + ", wholeQuery="
				+ this.redaction.wholeQuery() + ", headers=" + this.redaction.headers() + "]";
	}

}
