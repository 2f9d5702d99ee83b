package dev.wsclient.autoconfigure.listener;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.aot.hint.annotation.Reflective;
import org.springframework.core.annotation.AliasFor;

/**
 * Marks a method of a bean that receives the messages of configured WebSocket clients.
 *
 * <pre class="code">
 * &#64;WsClientListener("prices")
 * void on(PriceTick tick) { ... }
 *
 * &#64;WsClientListener(value = "orders", condition = "type == 'fill'")
 * Ack on(Fill fill, WsMessageMetadata metadata) { ... }   // the Ack is sent back as JSON
 * </pre>
 *
 * <p>
 * Parameters are resolved by type: {@link dev.wsclient.core.WsClient} is the client that
 * received the message, {@link WsMessageMetadata} its client name, opcode, size and
 * receive time; at most one other parameter is the payload: {@code String} (the text),
 * {@code byte[]} or {@code ByteBuffer} (the bytes), {@link dev.wsclient.core.WsMessage}
 * (the message) or any other type, read from JSON with the application's Jackson mapper
 * (generic types such as {@code List<PriceTick>} included). A method may also take no
 * payload.
 *
 * <p>
 * A message reaches the method when the {@link #condition()} holds and its payload holds
 * a value of the parameter's type: with a polymorphic type ({@code @JsonTypeInfo}, for
 * example on a sealed interface) a message of another subtype is not for this method and
 * is not an error. A message that no listener of a client takes is counted
 * ({@code wsclient.listener.unhandled}) and logged at DEBUG.
 *
 * <p>
 * A return value is sent back on the same client: a {@code String} as text, bytes as a
 * binary message, any other object as JSON text; {@code null} sends nothing. A
 * {@code Mono}, {@code Flux} or other reactive type is sent as it emits, each element a
 * message. Until a reply is written, the next message for this method waits (the socket's
 * reading with it), unless {@link #concurrency()} allows more replies in flight.
 *
 * <p>
 * The listeners of a client are invoked one at a time, in message order, on the client's
 * I/O thread; a slow listener slows the reading of the socket exactly as a slow
 * {@code messages()} subscriber does. A method that blocks must say so with
 * {@link #blocking()}. A failure (a payload that does not convert, a method that throws,
 * a reply that cannot be sent) goes to the {@link WsClientListenerErrorHandler} and the
 * next message is delivered: the connection is never affected.
 *
 * @since 0.2.0
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(ListenerReflectiveProcessor.class)
public @interface WsClientListener {

	/**
	 * Alias for {@link #clients()}.
	 * @return the client names
	 */
	@AliasFor("clients")
	String[] value() default {};

	/**
	 * Names of the clients to listen to, their keys in {@code wsclient.clients};
	 * {@code "*"} listens to every configured client. Property placeholders
	 * ({@code ${...}}) are resolved.
	 * @return the client names
	 */
	@AliasFor("value")
	String[] clients() default {};

	/**
	 * Name of this listener in meters ({@code listener} tag) and logs. Defaults to the
	 * simple class name and the method name, {@code PriceFeed.on}.
	 * @return the listener id
	 */
	String id() default "";

	/**
	 * SpEL expression that selects the messages for this method, evaluated before the
	 * payload is converted. Its root is the message's top-level JSON fields
	 * ({@code type == 'tick'}; a missing field is {@code null}, and a payload that is not
	 * a JSON object has no fields); {@code #message} is the
	 * {@link dev.wsclient.core.WsMessage} ({@code #message.text().startsWith('pong')})
	 * and {@code #client} the client name. Beans are referenced as {@code @name}. Empty:
	 * every message.
	 * @return the condition
	 */
	String condition() default "";

	/**
	 * Number of replies that may be in flight at once: the next invocation waits while
	 * this many are not yet written. Invocations themselves are always one at a time, in
	 * order.
	 * @return the concurrency, at least 1
	 */
	int concurrency() default 1;

	/**
	 * Whether the method blocks (JDBC, a remote call, a file): it then runs on the
	 * listeners' executor, virtual threads where the JVM has them, still one invocation
	 * at a time and in order. The client's later messages wait for it, so the socket's
	 * reading slows down with it instead of messages piling up in memory.
	 * @return whether the method blocks
	 */
	boolean blocking() default false;

}
