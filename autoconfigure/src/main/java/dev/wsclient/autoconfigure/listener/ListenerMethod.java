package dev.wsclient.autoconfigure.listener;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;

import dev.wsclient.autoconfigure.WsMessageConverter.PayloadReader;
import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsEvent;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;

import org.springframework.core.ReactiveAdapter;
import org.springframework.expression.Expression;

/**
 * A listener method as start-up found and checked it: what it listens to, what each of
 * its parameters receives, how its payload is read and selected, and what becomes of its
 * return value. Shared by the clients it listens to; it holds no state of its own.
 *
 * @param beanName the name of the bean that declares it
 * @param bean the bean to invoke it on
 * @param method the method, invocable on the bean (on its proxy, if it has one)
 * @param kind what it listens to
 * @param id its name in meters and logs
 * @param description the method, as {@code PriceFeed.on(PriceTick)}
 * @param clients the names of the clients it listens to
 * @param arguments what each parameter receives
 * @param payloadReader the reader of the payload parameter, or {@code null} when there is
 * none
 * @param condition the condition messages must meet, or {@code null}
 * @param fieldsReader the reader of a message's JSON fields for the condition, or
 * {@code null} when messages have no fields for it
 * @param concurrency how many replies may be in flight
 * @param blocking whether it runs on the listeners' executor
 * @param reply what it returns
 * @param replyAdapter the adapter of a reactive return type, or {@code null}
 * @param order its place among the listeners of a client
 */
record ListenerMethod(String beanName, Object bean, Method method, ListenerKind kind, String id, String description,
		List<String> clients, List<ListenerArgument> arguments, @Nullable PayloadReader payloadReader,
		@Nullable Expression condition, @Nullable PayloadReader fieldsReader, int concurrency, boolean blocking,
		Reply reply, @Nullable ReactiveAdapter replyAdapter, int order) {

	/**
	 * Resolve the arguments of an invocation.
	 * @param clientName the client name
	 * @param client the client
	 * @param event the event being delivered
	 * @param payload the payload read for a message, or {@code null}
	 * @return the arguments
	 */
	@Nullable Object[] arguments(String clientName, WsClient client, WsEvent event, @Nullable Object payload) {
		@Nullable Object[] values = new Object[this.arguments.size()];
		for (int i = 0; i < values.length; i++) {
			values[i] = this.arguments.get(i).resolve(clientName, client, event, payload);
		}
		return values;
	}

	/**
	 * Invoke the method.
	 * @param arguments the arguments
	 * @return what it returned
	 * @throws Throwable what it threw
	 */
	@Nullable Object invoke(@Nullable Object[] arguments) throws Throwable {
		try {
			return this.method.invoke(this.bean, arguments);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

	/**
	 * Return the reply publisher of a reactive return value.
	 * @param result what the method returned
	 * @return the publisher of the values to send
	 */
	Publisher<?> publisher(Object result) {
		ReactiveAdapter adapter = this.replyAdapter;
		if (adapter == null) {
			throw new IllegalStateException(this.description + " does not return a reactive type");
		}
		return adapter.toPublisher(result);
	}

	@Override
	public String toString() {
		return this.kind.display() + " " + this.description;
	}

	/**
	 * What a listener method returns.
	 */
	enum Reply {

		/** Nothing: {@code void}. */
		NONE,

		/** A value to send. */
		VALUE,

		/** A reactive type whose values are sent as they come. */
		PUBLISHER

	}

}
