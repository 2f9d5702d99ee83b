package dev.wsclient.autoconfigure.listener;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.aot.hint.annotation.Reflective;
import org.springframework.core.annotation.AliasFor;

/**
 * Marks a method of a bean called each time a configured client's connection attempt
 * ends, exactly once per attempt, whether it had opened or not.
 *
 * <pre class="code">
 * &#64;WsClientClosed("prices")
 * void closed(WsCloseStatus status) {
 *     if (status.isError()) { alerts.raise(status.code(), status.reason()); }
 * }
 * </pre>
 *
 * <p>
 * Parameters, by type: {@link dev.wsclient.core.WsCloseStatus},
 * {@link dev.wsclient.core.WsClient} and
 * {@link dev.wsclient.autoconfigure.event.WsClientClosedEvent}. The method returns
 * {@code void}: there is no connection to reply on.
 *
 * @since 0.2.0
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(ListenerReflectiveProcessor.class)
public @interface WsClientClosed {

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
