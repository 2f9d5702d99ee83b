package dev.wsclient.autoconfigure.endpoint;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the {@code env} and {@code configprops} endpoints hide of the WebSocket clients'
 * configuration beyond header values, proxy passwords, URL user info and query parameters
 * named like credentials, which they always hide.
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

}
