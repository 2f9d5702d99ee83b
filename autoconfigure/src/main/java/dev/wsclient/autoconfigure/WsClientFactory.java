package dev.wsclient.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import javax.net.ssl.SSLException;

import dev.wsclient.core.ReconnectPolicy;
import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsClientOptions;
import dev.wsclient.core.WsCompression;
import dev.wsclient.core.WsMessage;
import dev.wsclient.core.WsTransports;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;

/**
 * Creates the client of a {@link ClientDefinition}: options from its settings, TLS from
 * its SSL bundle, its proxy, the starter's {@link WsClientRedaction}, rotating headers
 * from the {@link WsClientHeadersProvider} beans, then the {@link WsClientCustomizer}
 * beans.
 */
final class WsClientFactory {

	private final ObjectProvider<SslBundles> sslBundles;

	private final ObjectProvider<WsClientHeadersProvider> headersProviders;

	private final ObjectProvider<WsClientCustomizer> customizers;

	private final ApplicationEventBridge eventBridge;

	private final WsTransports transports;

	private final WsClientRedaction redaction;

	WsClientFactory(ObjectProvider<SslBundles> sslBundles, ObjectProvider<WsClientHeadersProvider> headersProviders,
			ObjectProvider<WsClientCustomizer> customizers, ApplicationEventBridge eventBridge, WsTransports transports,
			WsClientRedaction redaction) {
		this.sslBundles = sslBundles;
		this.headersProviders = headersProviders;
		this.customizers = customizers;
		this.eventBridge = eventBridge;
		this.transports = transports;
		this.redaction = redaction;
	}

	/**
	 * Create a client, already attached to the application event bridge so that no event
	 * can be missed whoever connects it first.
	 * @param definition the definition
	 * @return a new client, not connected
	 */
	WsClient create(ClientDefinition definition) {
		WsClient client = WsClient.create(options(definition));
		this.eventBridge.attach(definition.name(), client, definition.settings().isPublishMessageEvents());
		return client;
	}

	WsClientOptions options(ClientDefinition definition) {
		WsClientProperties.Client settings = definition.settings();
		WsClientOptions.Builder builder = WsClientOptions.builder()
			.headers(settings.getHeaders())
			.subprotocols(settings.getSubprotocols())
			.onConnectMessages(settings.getOnConnectMessages().stream().map(WsMessage::text).toList())
			.connectTimeout(settings.getConnectTimeout())
			.pingInterval(settings.getPingInterval())
			.maxMissedPings(settings.getMaxMissedPings())
			.closeTimeout(settings.getCloseTimeout())
			.maxMessageSize(Math.toIntExact(settings.getMaxMessageSize().toBytes()))
			.maxOutboundMessageSize(Math.toIntExact(settings.getMaxOutboundMessageSize().toBytes()))
			.sendBufferLimit(settings.getSendBufferLimit().toBytes())
			.receiveBufferSize(settings.getReceiveBufferSize())
			.compression(settings.isCompression() ? compressionOffer(settings.getDeflate()) : null)
			.reconnect(reconnectPolicy(settings.getReconnect()))
			.headersSupplier(headersSupplier(definition.name()))
			.proxy(definition.proxy())
			.transports(this.transports)
			.redaction(this.redaction.wsRedaction());
		String bundle = settings.getSsl().getBundle();
		if (bundle != null) {
			builder.sslContext(sslContext(definition, bundle));
		}
		this.customizers.orderedStream().forEach((customizer) -> customizer.customize(definition.name(), builder));
		return builder.build();
	}

	private static WsCompression compressionOffer(WsClientProperties.Deflate deflate) {
		return new WsCompression(deflate.isClientNoContextTakeover(), deflate.isServerNoContextTakeover(),
				deflate.getClientMaxWindowBits(), deflate.getServerMaxWindowBits());
	}

	private static ReconnectPolicy reconnectPolicy(WsClientProperties.Reconnect reconnect) {
		Long maxRetries = reconnect.getMaxRetries();
		return new ReconnectPolicy(reconnect.isEnabled(), reconnect.getInitialDelay(), reconnect.getMaxDelay(),
				reconnect.getJitter(), (maxRetries != null) ? maxRetries : Long.MAX_VALUE, reconnect.getResetAfter());
	}

	private @Nullable Supplier<Map<String, String>> headersSupplier(String clientName) {
		List<WsClientHeadersProvider> providers = this.headersProviders.orderedStream().toList();
		if (providers.isEmpty()) {
			return null;
		}
		return () -> {
			Map<String, String> headers = new LinkedHashMap<>();
			for (WsClientHeadersProvider provider : providers) {
				headers.putAll(provider.headers(clientName));
			}
			return headers;
		};
	}

	private SslContext sslContext(ClientDefinition definition, String bundleName) {
		String property = definition.property("ssl.bundle");
		SslBundles bundles = this.sslBundles.getIfAvailable();
		if (bundles == null) {
			throw new InvalidWsClientPropertyException(property, "SSL bundles are not available in this application");
		}
		SslBundle bundle;
		try {
			bundle = bundles.getBundle(bundleName);
		}
		catch (NoSuchSslBundleException ex) {
			throw new InvalidWsClientPropertyException(property,
					"there is no SSL bundle named '" + bundleName + "'; configure one under spring.ssl.bundle", ex);
		}
		SslOptions options = bundle.getOptions();
		SslContextBuilder builder = SslContextBuilder.forClient()
			.keyManager(bundle.getManagers().getKeyManagerFactory())
			.trustManager(bundle.getManagers().getTrustManagerFactory());
		String[] protocols = options.getEnabledProtocols();
		if (protocols != null) {
			builder.protocols(protocols);
		}
		String[] ciphers = options.getCiphers();
		if (ciphers != null) {
			builder.ciphers(List.of(ciphers));
		}
		try {
			return builder.build();
		}
		catch (SSLException ex) {
			throw new InvalidWsClientPropertyException(property,
					"SSL bundle '" + bundleName + "' cannot make a TLS client context: " + ex.getMessage(), ex);
		}
	}

}
