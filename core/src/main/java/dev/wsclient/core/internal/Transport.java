package dev.wsclient.core.internal;

import java.util.List;

import dev.wsclient.core.WsClientOptions;
import dev.wsclient.core.WsProxy;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.ssl.SslContext;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * The Reactor Netty configuration every connection of one client shares, built from its
 * options once rather than per connection, so that an idle connection holds nothing but
 * its own state. What differs per connection reaches it through the subscriber context: a
 * {@link Connection} under its class as key, called before the handshake request is sent.
 */
final class Transport {

	private final WsClientOptions options;

	private final WebsocketClientSpec websocketSpec;

	private volatile @Nullable HttpClient plain;

	private volatile @Nullable HttpClient secure;

	Transport(WsClientOptions options) {
		this.options = options;
		this.websocketSpec = websocketSpec(options);
	}

	WebsocketClientSpec websocketSpec() {
		return this.websocketSpec;
	}

	/**
	 * Return the HTTP client for {@code ws} or {@code wss} URLs.
	 * @param tls whether the URL is {@code wss}
	 * @return the client
	 * @throws IllegalArgumentException when a configured header is not valid
	 */
	HttpClient httpClient(boolean tls) {
		HttpClient client = tls ? this.secure : this.plain;
		if (client == null) {
			// Built at most a few times when connections race; any of them will do.
			client = build(tls);
			if (tls) {
				this.secure = client;
			}
			else {
				this.plain = client;
			}
		}
		return client;
	}

	private HttpClient build(boolean tls) {
		HttpHeaders headers = DefaultHttpHeadersFactory.headersFactory().newHeaders();
		this.options.headers().forEach((name, values) -> values.forEach((value) -> headers.add(name, value)));
		int connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, this.options.connectTimeout().toMillis());
		HttpClient client = HttpClient.newConnection()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.max(1, connectTimeoutMillis))
			.headers((request) -> request.add(headers))
			.doOnRequest((request, connection) -> request.currentContextView()
				.<Connection>getOrEmpty(Connection.class)
				.ifPresent((owner) -> owner.beforeHandshake(request, connection.channel())));
		WsProxy proxy = this.options.proxy();
		if (proxy != null) {
			client = client.proxy((spec) -> ProxySettings.apply(proxy, spec));
		}
		if (this.options.resolver() != null) {
			client = client.resolver(this.options.resolver());
		}
		if (tls) {
			SslContext sslContext = this.options.sslContext();
			client = (sslContext != null) ? client.secure((spec) -> spec.sslContext(sslContext)) : client.secure();
		}
		return client;
	}

	private static WebsocketClientSpec websocketSpec(WsClientOptions options) {
		List<String> subprotocols = options.subprotocols();
		WebsocketClientSpec.Builder spec = WebsocketClientSpec.builder()
			.maxFramePayloadLength(options.maxMessageSize())
			// Netty's decoders are replaced by the FrameHandler; these only offer
			// permessage-deflate in the handshake and keep Reactor Netty from answering
			// pings itself.
			.handlePing(true)
			.compress(options.compression());
		if (!subprotocols.isEmpty()) {
			spec.protocols(String.join(",", subprotocols));
		}
		return spec.build();
	}

}
