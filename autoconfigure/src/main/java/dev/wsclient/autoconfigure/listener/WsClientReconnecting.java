package dev.wsclient.autoconfigure.listener;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.aot.hint.annotation.Reflective;
import org.springframework.core.annotation.AliasFor;

/**
 * Marks a method of a bean called each time a configured client schedules a new
 * connection attempt after losing its connection.
 *
 * <pre class="code">
 * &#64;WsClientReconnecting("prices")
 * void reconnecting(WsClientReconnectingEvent event) {
 *     log.info("attempt {} in {}", event.getAttempt(), event.getDelay());
 * }
 * </pre>
 *
 * <p>
 * Parameters, by type: {@link dev.wsclient.core.WsClient} and
 * {@link dev.wsclient.autoconfigure.event.WsClientReconnectingEvent} (attempt, delay).
 * The method returns {@code void}.
 *
 * @since 0.2.0
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(ListenerReflectiveProcessor.class)
public @interface WsClientReconnecting {

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
