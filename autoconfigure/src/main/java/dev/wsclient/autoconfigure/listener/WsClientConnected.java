package dev.wsclient.autoconfigure.listener;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.aot.hint.annotation.Reflective;
import org.springframework.core.annotation.AliasFor;

/**
 * Marks a method of a bean called each time a configured client's connection opens, the
 * first time and after every reconnection, before the connection's first message reaches
 * a {@link WsClientListener}.
 *
 * <pre class="code">
 * &#64;WsClientConnected("prices")
 * Subscribe subscribe() {
 *     return new Subscribe("BTC-USD");   // sent as JSON on the new connection
 * }
 * </pre>
 *
 * <p>
 * Parameters, by type: {@link dev.wsclient.core.WsClient} and
 * {@link dev.wsclient.autoconfigure.event.WsClientConnectedEvent} (client name, redacted
 * URL, subprotocol). A return value is sent on the new connection as a
 * {@link WsClientListener} reply is.
 *
 * @since 0.2.0
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(ListenerReflectiveProcessor.class)
public @interface WsClientConnected {

	/**
	 * Alias for {@link #clients()}.
	 * @return the client names
	 */
	@AliasFor("clients")
	String[] value() default {};

	/**
	 * Names of the clients, their keys in {@code wsclient.clients}; {@code "*"} stands
	 * for every configured client. Property placeholders are resolved.
	 * @return the client names
	 */
	@AliasFor("value")
	String[] clients() default {};

}
