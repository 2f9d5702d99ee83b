package dev.wsclient.test.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Starts a {@link dev.wsclient.test.server.MockWsServer} for a {@code @SpringBootTest}
 * and points {@code wsclient.clients.<client>.url} at it, without
 * {@code @DynamicPropertySource}. The server starts before the application context, lives
 * as long as the context stays in Spring's test context cache, and is a bean:
 * {@link MockWsServers#get(String) MockWsServers.get(client)}, or the only
 * {@code MockWsServer} bean when there is one annotation. Every {@code WsClient} of the
 * context gets a {@link dev.wsclient.test.WsClientCapture} before it connects, so
 * {@code awaitMessages(client, n, timeout)} sees what the server sent on connect.
 *
 * <pre class="code">
 * &#064;SpringBootTest
 * &#064;WithMockWsServer(client = "prices", path = "/v1/prices", sendOnConnect = "{\"price\":1}")
 * class PricesTests {
 *
 *     &#064;Autowired
 *     WsClients clients;
 *
 *     &#064;Test
 *     void receivesTheFirstPrice() {
 *         assertThat(awaitMessages(clients.get("prices"), 1, Duration.ofSeconds(5))).hasSize(1);
 *     }
 *
 * }
 * </pre>
 *
 * Clients connect when the context starts, so what the server does at connect time is set
 * here; to change it later, configure the server and reconnect the client
 * ({@code WsClients.reconnect(name)}).
 *
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Repeatable(WithMockWsServer.List.class)
public @interface WithMockWsServer {

	/**
	 * The client's key in {@code wsclient.clients}.
	 * @return the client name
	 */
	String client();

	/**
	 * The path (and query) of the client's URL on the server.
	 * @return the path, starting with {@code /}
	 */
	String path() default "/";

	/**
	 * Whether the server speaks TLS with a self-signed certificate; the client then
	 * trusts it through an SSL bundle named {@code mock-ws-server-<client>}.
	 * @return whether to use {@code wss://}
	 */
	boolean tls() default false;

	/**
	 * The port the server listens on; 0 (the default) for a free one, which is what tests
	 * want unless the port itself is under test. A fixed port is taken for as long as the
	 * context stays in Spring's test context cache, so two cached contexts cannot use the
	 * same one.
	 * @return the port, 0 to 65535
	 */
	int port() default 0;

	/**
	 * The subprotocols the server accepts: the first one the client offers (with
	 * {@code wsclient.clients.<client>.subprotocols}) that is among them is selected.
	 * None by default, so the server selects none.
	 * @return the subprotocols
	 */
	String[] subprotocols() default {};

	/**
	 * The largest message the server accepts, in bytes; a larger one fails the connection
	 * with close code 1009. 0 (the default) for the server's own limit, 64 MiB.
	 * @return the size, 0 for the default
	 */
	int maxMessageSize() default 0;

	/**
	 * Text messages the server sends on every connection right after the handshake.
	 * @return the messages
	 */
	String[] sendOnConnect() default {};

	/**
	 * Whether the server echoes every message.
	 * @return whether to echo
	 */
	boolean echo() default false;

	/**
	 * Holds several {@link WithMockWsServer} annotations.
	 */
	@Target(ElementType.TYPE)
	@Retention(RetentionPolicy.RUNTIME)
	@Documented
	@Inherited
	@interface List {

		/**
		 * The annotations.
		 * @return the annotations
		 */
		WithMockWsServer[] value();

	}

}
