package dev.wsclient.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.Objects;
import java.util.function.Supplier;

import dev.wsclient.autoconfigure.endpoint.WsClientsEndpoint;
import dev.wsclient.autoconfigure.metrics.WsClientMetrics;
import dev.wsclient.core.ReconnectPolicy;
import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsClientOptions;
import dev.wsclient.core.WsCompression;
import dev.wsclient.core.WsMessage;
import dev.wsclient.core.WsProxy;
import dev.wsclient.core.WsTransports;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WsClientAutoConfiguration}: beans, properties and conditions, without
 * any network I/O (every client has {@code auto-connect} off).
 */
class WsClientAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WsClientAutoConfiguration.class, SslAutoConfiguration.class))
		.withPropertyValues("wsclient.defaults.auto-connect=false");

	@Test
	void whenNoClientIsConfiguredThenTheRegistryIsEmpty() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(WsClients.class).doesNotHaveBean(WsClient.class);
			assertThat(context.getBean(WsClients.class).names()).isEmpty();
		});
	}

	@Test
	void eachClientIsABeanNamedAfterItsKeyAndInTheRegistry() {
		this.runner
			.withPropertyValues("wsclient.clients.prices.url=ws://127.0.0.1:1/prices",
					"wsclient.clients.orders.url=wss://feed.example.com/orders")
			.withUserConfiguration(QualifiedConsumer.class)
			.run((context) -> {
				assertThat(context).getBeans(WsClient.class).containsOnlyKeys("prices", "orders");
				WsClients clients = context.getBean(WsClients.class);
				assertThat(clients.names()).containsExactly("prices", "orders");
				assertThat(clients.get("prices")).isSameAs(context.getBean("prices"));
				assertThat(context.getBean(QualifiedConsumer.class).client).isSameAs(clients.get("prices"));
				assertThat(clients.url("orders")).hasToString("wss://feed.example.com/orders");
			});
	}

	@Test
	void aClientNameMayBeCamelCaseOrDashed() {
		this.runner.withPropertyValues("wsclient.clients.btcPrices.url=ws://127.0.0.1:1/a",
				"wsclient.clients.btcPrices.connect-timeout=3s", "wsclient.clients.eth-prices.url=ws://127.0.0.1:1/b",
				"wsclient.clients.eth-prices.connect-timeout=4s")
			.run((context) -> {
				assertThat(context).getBeans(WsClient.class).containsOnlyKeys("btcPrices", "eth-prices");
				assertThat(options(context.getBean("btcPrices", WsClient.class)).connectTimeout())
					.isEqualTo(Duration.ofSeconds(3));
				assertThat(options(context.getBean("eth-prices", WsClient.class)).connectTimeout())
					.isEqualTo(Duration.ofSeconds(4));
			});
	}

	@Test
	void withNothingButAUrlTheStarterDefaultsApply() {
		this.runner.withPropertyValues("wsclient.clients.prices.url=ws://127.0.0.1:1/").run((context) -> {
			WsClientOptions options = context.getBean("prices", WsClient.class).options();
			assertThat(options.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
			assertThat(options.pingInterval()).isEqualTo(Duration.ofSeconds(30));
			assertThat(options.maxMissedPings()).isEqualTo(2);
			assertThat(options.closeTimeout()).isEqualTo(Duration.ofSeconds(5));
			assertThat(options.maxMessageSize()).isEqualTo(1024 * 1024);
			assertThat(options.maxOutboundMessageSize()).isEqualTo(1024 * 1024);
			assertThat(options.sendBufferLimit()).isEqualTo(16L * 1024 * 1024);
			assertThat(options.receiveBufferSize()).isEqualTo(256);
			assertThat(options.compression()).isFalse();
			assertThat(options.headers()).isEmpty();
			assertThat(options.headersSupplier()).isNull();
			assertThat(options.sslContext()).isNull();
			assertThat(options.proxy()).isNull();
			// Unlike the bare core client, a configured client reconnects by default.
			assertThat(options.reconnect()).isEqualTo(new ReconnectPolicy(true, Duration.ofSeconds(1),
					Duration.ofSeconds(30), 0.5, Long.MAX_VALUE, Duration.ofSeconds(10)));
			WsClients clients = context.getBean(WsClients.class);
			assertThat(clients.isRequired("prices")).isTrue();
		});
	}

	@Test
	void everyOptionIsConfigurablePerClient() {
		this.runner.withPropertyValues("wsclient.clients.prices.url=ws://127.0.0.1:1/",
				"wsclient.clients.prices.headers.Authorization=Bearer abc",
				"wsclient.clients.prices.subprotocols=v1.json,v2.json",
				"wsclient.clients.prices.on-connect-messages[0]={\"op\":\"subscribe\"}",
				"wsclient.clients.prices.connect-timeout=2s", "wsclient.clients.prices.ping-interval=500ms",
				"wsclient.clients.prices.max-missed-pings=4", "wsclient.clients.prices.close-timeout=1",
				"wsclient.clients.prices.max-message-size=4MB", "wsclient.clients.prices.max-outbound-message-size=2KB",
				"wsclient.clients.prices.send-buffer-limit=1MB", "wsclient.clients.prices.receive-buffer-size=16",
				"wsclient.clients.prices.compression=true",
				"wsclient.clients.prices.deflate.client-no-context-takeover=true",
				"wsclient.clients.prices.deflate.server-no-context-takeover=true",
				"wsclient.clients.prices.deflate.client-max-window-bits=12",
				"wsclient.clients.prices.deflate.server-max-window-bits=10", "wsclient.clients.prices.required=false",
				"wsclient.clients.prices.reconnect.enabled=true",
				"wsclient.clients.prices.reconnect.initial-delay=200ms",
				"wsclient.clients.prices.reconnect.max-delay=5s", "wsclient.clients.prices.reconnect.jitter=0.1",
				"wsclient.clients.prices.reconnect.max-retries=7", "wsclient.clients.prices.reconnect.reset-after=1m")
			.run((context) -> {
				WsClientOptions options = context.getBean("prices", WsClient.class).options();
				assertThat(options.headers()).containsExactly(Map.entry("Authorization", List.of("Bearer abc")));
				assertThat(options.subprotocols()).containsExactly("v1.json", "v2.json");
				assertThat(options.onConnectMessages()).containsExactly(WsMessage.text("{\"op\":\"subscribe\"}"));
				assertThat(options.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(options.pingInterval()).isEqualTo(Duration.ofMillis(500));
				assertThat(options.maxMissedPings()).isEqualTo(4);
				// A bare number is seconds.
				assertThat(options.closeTimeout()).isEqualTo(Duration.ofSeconds(1));
				assertThat(options.maxMessageSize()).isEqualTo(DataSize.ofMegabytes(4).toBytes());
				assertThat(options.maxOutboundMessageSize()).isEqualTo(2048);
				assertThat(options.sendBufferLimit()).isEqualTo(DataSize.ofMegabytes(1).toBytes());
				assertThat(options.receiveBufferSize()).isEqualTo(16);
				assertThat(options.compression()).isTrue();
				assertThat(options.compressionOffer()).isEqualTo(new WsCompression(true, true, 12, 10));
				assertThat(options.reconnect()).isEqualTo(new ReconnectPolicy(true, Duration.ofMillis(200),
						Duration.ofSeconds(5), 0.1, 7, Duration.ofMinutes(1)));
				assertThat(context.getBean(WsClients.class).isRequired("prices")).isFalse();
			});
	}

	@Test
	void defaultsApplyToEveryClientUnlessItSetsItsOwn() {
		this.runner
			.withPropertyValues("wsclient.defaults.connect-timeout=3s", "wsclient.defaults.reconnect.max-delay=7s",
					"wsclient.defaults.headers.X-Team=pricing", "wsclient.defaults.headers.X-Env=test",
					"wsclient.defaults.subprotocols=v1", "wsclient.clients.prices.url=ws://127.0.0.1:1/",
					"wsclient.clients.orders.url=ws://127.0.0.1:1/", "wsclient.clients.orders.connect-timeout=4s",
					"wsclient.clients.orders.headers.X-Env=prod", "wsclient.clients.orders.subprotocols=v2",
					"wsclient.clients.orders.reconnect.enabled=false")
			.run((context) -> {
				WsClientOptions prices = options(context.getBean("prices", WsClient.class));
				WsClientOptions orders = options(context.getBean("orders", WsClient.class));
				assertThat(prices.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(orders.connectTimeout()).isEqualTo(Duration.ofSeconds(4));
				assertThat(prices.reconnect().enabled()).isTrue();
				assertThat(orders.reconnect().enabled()).isFalse();
				assertThat(orders.reconnect().maxDelay()).isEqualTo(Duration.ofSeconds(7));
				// Header maps merge, the client's value winning; lists are replaced.
				assertThat(prices.headers()).containsOnlyKeys("X-Team", "X-Env");
				assertThat(orders.headers()).containsEntry("X-Team", List.of("pricing"))
					.containsEntry("X-Env", List.of("prod"));
				assertThat(prices.subprotocols()).containsExactly("v1");
				assertThat(orders.subprotocols()).containsExactly("v2");
			});
	}

	@Test
	void aProxyIsConfigurablePerClient() {
		this.runner
			.withPropertyValues("wsclient.clients.prices.url=ws://127.0.0.1:1/",
					"wsclient.clients.prices.proxy.type=socks5", "wsclient.clients.prices.proxy.host=proxy.internal",
					"wsclient.clients.prices.proxy.port=1080", "wsclient.clients.prices.proxy.username=alice",
					"wsclient.clients.prices.proxy.password=s3cret",
					"wsclient.clients.prices.proxy.non-proxy-hosts=localhost|.*\\.internal",
					"wsclient.clients.direct.url=ws://127.0.0.1:1/")
			.run((context) -> {
				assertThat(options(context.getBean("prices", WsClient.class)).proxy()).isEqualTo(new WsProxy(
						WsProxy.Type.SOCKS5, "proxy.internal", 1080, "alice", "s3cret", "localhost|.*\\.internal"));
				assertThat(options(context.getBean("direct", WsClient.class)).proxy()).isNull();
			});
	}

	@Test
	void proxyDefaultsApplyKeyByKeyAndTheTypeIsHttpByDefault() {
		this.runner
			.withPropertyValues("wsclient.defaults.proxy.host=proxy.internal", "wsclient.defaults.proxy.port=3128",
					"wsclient.defaults.proxy.username=alice", "wsclient.defaults.proxy.password=s3cret",
					"wsclient.clients.prices.url=ws://127.0.0.1:1/", "wsclient.clients.orders.url=ws://127.0.0.1:1/",
					"wsclient.clients.orders.proxy.type=SOCKS5", "wsclient.clients.orders.proxy.port=1080",
					"wsclient.clients.orders.proxy.password=other")
			.run((context) -> {
				assertThat(options(context.getBean("prices", WsClient.class)).proxy())
					.isEqualTo(WsProxy.http("proxy.internal", 3128).withCredentials("alice", "s3cret"));
				assertThat(options(context.getBean("orders", WsClient.class)).proxy())
					.isEqualTo(new WsProxy(WsProxy.Type.SOCKS5, "proxy.internal", 1080, "alice", "other", null));
			});
	}

	@Test
	void withoutAProxyHostTheOtherProxyKeysDoNotMakeAProxy() {
		this.runner
			.withPropertyValues("wsclient.defaults.proxy.port=3128", "wsclient.defaults.proxy.type=socks4",
					"wsclient.clients.prices.url=ws://127.0.0.1:1/", "wsclient.clients.orders.url=ws://127.0.0.1:1/",
					"wsclient.clients.orders.proxy.host=proxy.internal")
			.run((context) -> {
				assertThat(options(context.getBean("prices", WsClient.class)).proxy()).isNull();
				assertThat(options(context.getBean("orders", WsClient.class)).proxy())
					.isEqualTo(new WsProxy(WsProxy.Type.SOCKS4, "proxy.internal", 3128, null, null, null));
			});
	}

	@Test
	void aUrlUnderDefaultsIsNotADefaultUrl() {
		this.runner
			.withPropertyValues("wsclient.defaults.url=ws://127.0.0.1:1/", "wsclient.clients.prices.connect-timeout=1s")
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("wsclient.defaults.url")
				.hasMessageContaining("is set per client only"));
	}

	@Test
	void whenTheApplicationDefinesABeanWithAClientsNameThenItIsThatClient() {
		this.runner.withPropertyValues("wsclient.clients.prices.url=ws://127.0.0.1:1/")
			.withUserConfiguration(UserClientConfiguration.class)
			.run((context) -> {
				WsClient userClient = context.getBean(UserClientConfiguration.class).client;
				assertThat(context).getBeans(WsClient.class).containsOnlyKeys("prices");
				assertThat(context.getBean(WsClients.class).get("prices")).isSameAs(userClient);
				assertThat(userClient.options().connectTimeout()).isEqualTo(Duration.ofSeconds(42));
			});
	}

	@Test
	void whenTheApplicationDefinesABeanWithAClientsNameThatIsNoClientThenStartupFails() {
		this.runner.withPropertyValues("wsclient.clients.prices.url=ws://127.0.0.1:1/")
			.withBean("prices", String.class, () -> "not a client")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("Invalid property 'wsclient.clients.prices': the application defines a bean "
						+ "named 'prices' of type java.lang.String, which is not a WsClient"));
	}

	@Test
	void customizersAreAppliedToEveryClientInOrder() {
		this.runner
			.withPropertyValues("wsclient.clients.prices.url=ws://127.0.0.1:1/",
					"wsclient.clients.orders.url=ws://127.0.0.1:1/")
			.withUserConfiguration(CustomizerConfiguration.class)
			.run((context) -> {
				assertThat(options(context.getBean("prices", WsClient.class)).maxMissedPings()).isEqualTo(9);
				assertThat(options(context.getBean("orders", WsClient.class)).maxMissedPings()).isEqualTo(5);
			});
	}

	@Test
	void headersProvidersAreAskedPerClientOnEveryConnect() {
		this.runner
			.withPropertyValues("wsclient.clients.prices.url=ws://127.0.0.1:1/",
					"wsclient.clients.orders.url=ws://127.0.0.1:1/")
			.withBean("tokens", WsClientHeadersProvider.class,
					() -> (name) -> name.equals("prices") ? Map.of("Authorization", "Bearer " + name) : Map.of())
			.run((context) -> {
				Supplier<? extends Map<String, String>> prices = Objects
					.requireNonNull(options(context.getBean("prices", WsClient.class)).headersSupplier());
				Supplier<? extends Map<String, String>> orders = Objects
					.requireNonNull(options(context.getBean("orders", WsClient.class)).headersSupplier());
				assertThat(prices.get()).containsExactly(Map.entry("Authorization", "Bearer prices"));
				assertThat(orders.get()).isEmpty();
			});
	}

	@Test
	void clientsShareTransportsOfTheContextThatAreDisposedWithIt() {
		AtomicReference<@Nullable WsTransports> used = new AtomicReference<>();
		this.runner
			.withPropertyValues("wsclient.clients.prices.url=ws://127.0.0.1:1/",
					"wsclient.clients.orders.url=ws://127.0.0.1:1/")
			.run((context) -> {
				WsTransports transports = context.getBean(WsTransports.class);
				assertThat(transports).isNotSameAs(WsTransports.shared());
				assertThat(context.getBean("prices", WsClient.class).options().transports()).isSameAs(transports);
				assertThat(context.getBean("orders", WsClient.class).options().transports()).isSameAs(transports);
				used.set(transports);
			});
		assertThat(used.get()).isNotNull().satisfies((transports) -> assertThat(transports.isDisposed()).isTrue());
	}

	@Test
	void healthEndpointAndMetricsAreConfiguredWhenAvailable() {
		this.runner
			.withPropertyValues("wsclient.clients.prices.url=ws://127.0.0.1:1/",
					"management.endpoints.web.exposure.include=wsclients")
			.withBean(SimpleMeterRegistry.class)
			.withBean(ObservationRegistry.class, ObservationRegistry::create)
			.run((context) -> {
				assertThat(context).hasBean("wsclientsHealthContributor")
					.hasSingleBean(WsClientsEndpoint.class)
					.hasSingleBean(WsClientMetrics.class)
					.hasBean("wsClientMetricsCustomizer")
					.hasBean("wsClientConnectObservation");
				HealthContributor health = context.getBean("wsclientsHealthContributor", HealthContributor.class);
				assertThat(health).isInstanceOf(CompositeHealthContributor.class);
				assertThat(((CompositeHealthContributor) health).getContributor("prices")).isNotNull();
			});
	}

	@Test
	void theHealthContributorCanBeDisabled() {
		this.runner
			.withPropertyValues("wsclient.clients.prices.url=ws://127.0.0.1:1/",
					"management.health.wsclients.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("wsclientsHealthContributor"));
	}

	@Test
	void theEndpointIsOnlyThereWhenExposed() {
		this.runner.withPropertyValues("wsclient.clients.prices.url=ws://127.0.0.1:1/")
			.run((context) -> assertThat(context).doesNotHaveBean(WsClientsEndpoint.class));
	}

	@Test
	void withoutAMeterRegistryThereAreNoMetrics() {
		this.runner.withPropertyValues("wsclient.clients.prices.url=ws://127.0.0.1:1/")
			.run((context) -> assertThat(context).doesNotHaveBean(WsClientMetrics.class)
				.doesNotHaveBean("wsClientMetricsCustomizer")
				.doesNotHaveBean("wsClientConnectObservation"));
	}

	@Test
	void backsOffWhenActuatorAndMicrometerAreNotOnTheClasspath() {
		// Only the classes the conditions look for are hidden: WithoutActuatorTests runs
		// an application whose class path truly lacks those jars.
		this.runner
			.withClassLoader(new FilteredClassLoader(HealthIndicator.class, Endpoint.class, MeterRegistry.class,
					ObservationRegistry.class))
			.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("wsclient.clients.prices.url=ws://127.0.0.1:1/",
					"management.endpoints.web.exposure.include=*")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(WsClients.class).hasBean("prices");
				assertThat(context).doesNotHaveBean("wsclientsHealthContributor")
					.doesNotHaveBean("wsClientsEndpoint")
					.doesNotHaveBean("wsClientMetrics")
					.doesNotHaveBean("wsClientConnectObservation");
			});
	}

	private static WsClientOptions options(WsClient client) {
		return client.options();
	}

	static class QualifiedConsumer {

		final WsClient client;

		QualifiedConsumer(@Qualifier("prices") WsClient client) {
			this.client = client;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserClientConfiguration {

		final WsClient client = WsClient
			.create(WsClientOptions.builder().connectTimeout(Duration.ofSeconds(42)).build());

		@Bean
		WsClient prices() {
			return this.client;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfiguration {

		@Bean
		@Order(2)
		WsClientCustomizer pricesOnly() {
			return (name, options) -> {
				if (name.equals("prices")) {
					options.maxMissedPings(9);
				}
			};
		}

		@Bean
		@Order(1)
		WsClientCustomizer everyone() {
			return (name, options) -> options.maxMissedPings(5);
		}

	}

}
