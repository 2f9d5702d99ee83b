package dev.wsclient.test;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

import dev.wsclient.core.WsClient;
import dev.wsclient.test.server.MockWsServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts a {@link MockWsServer} for each test and closes it afterwards. Declared with
 * {@link MockWsServerTest @MockWsServerTest} (or {@code @ExtendWith}), it injects the
 * server into parameters of test methods and of {@code @BeforeEach}/{@code @AfterEach}
 * methods (one server per test, shared by all three), and a {@link WsClient} with default
 * options and a {@link WsClientCapture} attached, closed after the test:
 *
 * <pre class="code">
 * &#064;MockWsServerTest
 * class PriceFeedTests {
 *
 *     &#064;Test
 *     void readsTheFirstTick(MockWsServer server, WsClient client) {
 *         server.sendOnConnect("{\"price\":1}");
 *         client.connect(server.uri("/prices"));
 *         assertThat(awaitMessages(client, 1, Duration.ofSeconds(5))).hasSize(1);
 *     }
 *
 * }
 * </pre>
 *
 * Registered on a field with {@code @RegisterExtension}, it can configure the server
 * ({@link #MockWsServerExtension(Consumer)}) and hands it out through {@link #server()}.
 * A parameter of a constructor or a {@code @BeforeAll} method gets a server for the whole
 * class.
 *
 * @since 0.1.0
 */
public final class MockWsServerExtension implements ParameterResolver, BeforeEachCallback, AfterEachCallback {

	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(MockWsServerExtension.class);

	private final Consumer<MockWsServer.Builder> configuration;

	private volatile @Nullable MockWsServer server;

	/**
	 * Create an extension that starts plain servers on a free port.
	 */
	public MockWsServerExtension() {
		this((builder) -> {
		});
	}

	/**
	 * Create an extension that configures each server before starting it.
	 * @param configuration changes the builder, for example
	 * {@code MockWsServer.Builder::tls}
	 */
	public MockWsServerExtension(Consumer<MockWsServer.Builder> configuration) {
		this.configuration = Objects.requireNonNull(configuration, "configuration must not be null");
	}

	/**
	 * Return the server of the running test.
	 * @return the server
	 * @throws IllegalStateException outside a test, or when the extension was not
	 * registered on a field
	 */
	public MockWsServer server() {
		MockWsServer current = this.server;
		if (current == null) {
			throw new IllegalStateException("no test is running: the server exists from before each test to after it");
		}
		return current;
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		this.server = server(context);
	}

	@Override
	public void afterEach(ExtensionContext context) {
		this.server = null;
	}

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		Class<?> type = parameter.getParameter().getType();
		return type == MockWsServer.class || type == WsClient.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
		if (parameter.getParameter().getType() == MockWsServer.class) {
			return server(context);
		}
		return context.getStore(NAMESPACE)
			.computeIfAbsent(CapturedClient.class, (key) -> new CapturedClient(), CapturedClient.class)
			.client();
	}

	private MockWsServer server(ExtensionContext context) {
		return context.getStore(NAMESPACE).computeIfAbsent(MockWsServer.class, (key) -> {
			MockWsServer.Builder builder = MockWsServer.builder();
			this.configuration.accept(builder);
			return builder.start();
		}, MockWsServer.class);
	}

	/**
	 * A client with a capture, closed with the test's store.
	 */
	private static final class CapturedClient implements AutoCloseable {

		private final WsClient client = WsClient.create();

		CapturedClient() {
			WsClientCapture.attach(this.client);
		}

		WsClient client() {
			return this.client;
		}

		@Override
		public void close() {
			WsClientCapture.of(this.client).detach();
			this.client.close().block(CLOSE_TIMEOUT);
		}

	}

}
