package dev.wsclient.autoconfigure.endpoint;

import java.util.ArrayList;
import java.util.List;

import dev.wsclient.autoconfigure.WsClientRedaction;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the starter hides of the WebSocket clients' URLs and headers beyond what it always
 * hides (URL user info, query parameters and headers named like credentials), wherever it
 * shows them: the {@code wsclients} endpoint, the health details, the state log lines,
 * the {@code env} and {@code configprops} endpoints (which hide every header value and
 * proxy password anyway), and the clients' own events, statistics, instrumentation and
 * debug log lines.
 *
 * @since 0.2.0
 */
@ConfigurationProperties(prefix = "wsclient.redaction", ignoreUnknownFields = false)
public class WsClientRedactionProperties {

	/**
	 * Names of further URL query parameters whose values are hidden, for example jwt,
	 * ticket, hmac or code. Compared ignoring case.
	 */
	private List<String> queryParameters = new ArrayList<>();

	/**
	 * Whether to hide the whole query of every client URL, whatever its parameters are
	 * named.
	 */
	private boolean wholeQuery;

	/**
	 * Names of further handshake headers whose values are hidden, for example
	 * X-Tenant-Id. Compared ignoring case. Headers whose names contain token, key,
	 * secret, password, passwd, pwd, auth, signature, sig, credential, session or cookie
	 * (Authorization, Set-Cookie, X-Api-Key) are always hidden.
	 */
	private List<String> headers = new ArrayList<>();

	public List<String> getQueryParameters() {
		return this.queryParameters;
	}

	public void setQueryParameters(List<String> queryParameters) {
		this.queryParameters = queryParameters;
	}

	public boolean isWholeQuery() {
		return this.wholeQuery;
	}

	public void setWholeQuery(boolean wholeQuery) {
		this.wholeQuery = wholeQuery;
	}

	public List<String> getHeaders() {
		return this.headers;
	}

	public void setHeaders(List<String> headers) {
		this.headers = headers;
	}

	/**
	 * Return the redaction these properties describe.
	 * @return the redaction
	 */
	public WsClientRedaction toRedaction() {
		return new WsClientRedaction(this.queryParameters, this.wholeQuery, this.headers);
	}

}
