package dev.wsclient.autoconfigure.event;

import dev.wsclient.core.WsClient;
import org.jspecify.annotations.Nullable;

/**
 * Published when a client's connection opens, the first time and after every
 * reconnection. The messages of {@code on-connect-messages} were sent just before.
 */
public class WsClientConnectedEvent extends WsClientEvent {

	private static final long serialVersionUID = 1L;

	private final String url;

	private final @Nullable String subprotocol;

	/**
	 * Create an event.
	 * @param client the client
	 * @param clientName the client's name
	 * @param url the URL, with secrets redacted
	 * @param subprotocol the subprotocol the server selected, or {@code null}
	 */
	public WsClientConnectedEvent(WsClient client, String clientName, String url, @Nullable String subprotocol) {
		super(client, clientName);
		this.url = url;
		this.subprotocol = subprotocol;
	}

	/**
	 * Return the URL connected to, with secrets redacted.
	 * @return the URL
	 */
	public String getUrl() {
		return this.url;
	}

	/**
	 * Return the subprotocol the server selected.
	 * @return the subprotocol, or {@code null} when none was
	 */
	public @Nullable String getSubprotocol() {
		return this.subprotocol;
	}

	@Override
	protected String describe() {
		return ", url=" + this.url + ((this.subprotocol != null) ? ", subprotocol=" + this.subprotocol : "");
	}

}
