package dev.wsclient.autoconfigure.listener;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.wsclient.autoconfigure.WsMessageConverter;
import dev.wsclient.autoconfigure.WsMessageConverter.PayloadReader;
import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsCloseStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.Ordered;
import org.springframework.core.ReactiveAdapter;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.Order;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;

/**
 * Checks an annotated method and makes its {@link ListenerMethod}, or fails with an
 * {@link InvalidWsClientListenerException} that names the bean, the method, the problem
 * and the fix. Every check that does not need the clients happens here, once per method.
 */
final class ListenerMethodFactory {

	private static final ResolvableType FIELDS_TYPE = ResolvableType.forClassWithGenerics(Map.class, String.class,
			Object.class);

	private final ConfigurableBeanFactory beanFactory;

	private final WsMessageConverter converter;

	private final SpelExpressionParser parser = new SpelExpressionParser();

	private final ReactiveAdapterRegistry adapters = ReactiveAdapterRegistry.getSharedInstance();

	// One reader per type, shared by the listeners of that type, so that a message is
	// read once per type whatever the number of listeners (InboundMessage caches by
	// reader). Keyed by the type's description, since ResolvableType's equality depends
	// on where a type was found, not only on what it is.
	private final Map<String, PayloadReader> readers = new HashMap<>();

	private @Nullable PayloadReader fieldsReader;

	private boolean fieldsReaderResolved;

	ListenerMethodFactory(ConfigurableBeanFactory beanFactory, WsMessageConverter converter) {
		this.beanFactory = beanFactory;
		this.converter = converter;
	}

	/**
	 * Return the listener annotations of a method.
	 * @param method the method
	 * @return the annotations present, possibly as meta-annotations
	 */
	static List<MergedAnnotation<?>> annotations(Method method) {
		MergedAnnotations annotations = MergedAnnotations.from(method, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY);
		List<MergedAnnotation<?>> present = new ArrayList<>();
		for (Class<? extends java.lang.annotation.Annotation> type : ListenerKind.ANNOTATIONS) {
			MergedAnnotation<?> annotation = annotations.get(type);
			if (annotation.isPresent()) {
				present.add(annotation);
			}
		}
		return present;
	}

	/**
	 * Check a method and describe it.
	 * @param beanName the bean's name
	 * @param bean the bean
	 * @param targetClass the bean's class behind any proxy
	 * @param method the method, as declared on the target class
	 * @param annotations its listener annotations, at least one
	 * @return the listener method
	 * @throws InvalidWsClientListenerException when it cannot work
	 */
	ListenerMethod create(String beanName, Object bean, Class<?> targetClass, Method method,
			List<MergedAnnotation<?>> annotations) {
		Problems problems = new Problems(beanName, describe(targetClass, method));
		if (annotations.size() > 1) {
			throw problems.invalid("it carries " + annotations.stream()
				.map((annotation) -> "@" + annotation.getType().getSimpleName())
				.collect(Collectors.joining(" and ")), "Give each kind of listener a method of its own");
		}
		MergedAnnotation<?> annotation = annotations.get(0);
		@SuppressWarnings("unchecked")
		ListenerKind kind = ListenerKind.of((Class<? extends java.lang.annotation.Annotation>) annotation.getType());
		List<String> clients = clients(annotation, kind, problems);
		boolean message = kind == ListenerKind.MESSAGE;
		int concurrency = message ? annotation.getInt("concurrency") : 1;
		if (concurrency < 1) {
			throw problems.invalid("its concurrency is " + concurrency,
					"Set concurrency to 1 or more (the number of replies that may be in flight)");
		}
		List<ListenerArgument> arguments = new ArrayList<>();
		PayloadReader payloadReader = null;
		Parameter[] parameters = method.getParameters();
		for (int i = 0; i < parameters.length; i++) {
			ListenerArgument argument = argument(kind, parameters[i], problems);
			if (argument == ListenerArgument.PAYLOAD) {
				if (payloadReader != null) {
					throw problems.invalid("it takes two payload parameters",
							"Take one payload parameter (String, byte[], ByteBuffer, WsMessage or a type read from "
									+ "JSON); the other parameters may be " + kind.parameterTypes());
				}
				payloadReader = payloadReader(ResolvableType.forMethodParameter(method, i, targetClass), problems);
			}
			arguments.add(argument);
		}
		ListenerMethod.Reply reply = reply(method, kind, problems);
		Expression condition = message ? condition(annotation.getString("condition"), problems) : null;
		String id = message ? annotation.getString("id") : "";
		Method invocable = invocable(method, bean, problems);
		ReflectionUtils.makeAccessible(invocable);
		return new ListenerMethod(beanName, bean, invocable, kind,
				StringUtils.hasText(id) ? id : defaultId(targetClass, method), problems.method(), clients,
				List.copyOf(arguments), payloadReader, condition, (condition != null) ? fieldsReader() : null,
				concurrency, message && annotation.getBoolean("blocking"), reply,
				(reply == ListenerMethod.Reply.PUBLISHER) ? this.adapters.getAdapter(method.getReturnType()) : null,
				order(method));
	}

	private List<String> clients(MergedAnnotation<?> annotation, ListenerKind kind, Problems problems) {
		List<String> clients = new ArrayList<>();
		for (String name : annotation.getStringArray("clients")) {
			String resolved = this.beanFactory.resolveEmbeddedValue(name);
			if (!StringUtils.hasText(resolved)) {
				throw problems.invalid("a client name is empty" + (name.equals(resolved) ? "" : " ('" + name + "')"),
						"Name the clients as they are configured under wsclient.clients");
			}
			if (!clients.contains(resolved)) {
				clients.add(resolved);
			}
		}
		if (clients.isEmpty()) {
			throw problems.invalid("it names no client",
					"Name the clients to listen to, as configured under wsclient.clients: " + kind.display()
							+ "(\"prices\")");
		}
		return clients;
	}

	private static ListenerArgument argument(ListenerKind kind, Parameter parameter, Problems problems) {
		Class<?> type = parameter.getType();
		ListenerArgument argument = argument(kind, type);
		if (argument != null) {
			return argument;
		}
		throw problems.invalid(
				"its parameter '" + parameter.getName() + "' of type " + type.getSimpleName() + " cannot be resolved",
				"A " + kind.display() + " method may take " + kind.parameterTypes()
						+ ((kind == ListenerKind.MESSAGE) ? "; lifecycle types belong to @WsClientConnected, "
								+ "@WsClientClosed and @WsClientReconnecting methods" : ""));
	}

	/**
	 * Return what a parameter of a listener method receives.
	 * @param kind the kind of listener method
	 * @param type the parameter's type
	 * @return the argument, or {@code null} when a method of this kind cannot take it
	 */
	static @Nullable ListenerArgument argument(ListenerKind kind, Class<?> type) {
		if (type == WsClient.class) {
			return ListenerArgument.CLIENT;
		}
		if (kind == ListenerKind.MESSAGE && type == WsMessageMetadata.class) {
			return ListenerArgument.METADATA;
		}
		if (kind == ListenerKind.CLOSED && type == WsCloseStatus.class) {
			return ListenerArgument.CLOSE_STATUS;
		}
		if (type == kind.applicationEvent()) {
			return ListenerArgument.APPLICATION_EVENT;
		}
		if (kind == ListenerKind.MESSAGE && !ListenerKind.isLifecycleType(type)) {
			return ListenerArgument.PAYLOAD;
		}
		return null;
	}

	private PayloadReader payloadReader(ResolvableType type, Problems problems) {
		PayloadReader reader = this.readers.get(type.toString());
		if (reader == null) {
			try {
				reader = this.converter.reader(type);
			}
			catch (IllegalArgumentException ex) {
				throw problems.invalid("its payload parameter cannot be read: " + ex.getMessage(),
						"Take the payload as a type the WsMessageConverter can read");
			}
			this.readers.put(type.toString(), reader);
		}
		return reader;
	}

	private ListenerMethod.Reply reply(Method method, ListenerKind kind, Problems problems) {
		Class<?> returnType = method.getReturnType();
		if (returnType == void.class || returnType == Void.class) {
			return ListenerMethod.Reply.NONE;
		}
		if (!kind.mayReply()) {
			throw problems.invalid("it returns " + returnType.getSimpleName() + ", but a " + kind.display()
					+ " method has no open connection to reply on", "Return void");
		}
		ReactiveAdapter adapter = this.adapters.getAdapter(returnType);
		return (adapter != null) ? ListenerMethod.Reply.PUBLISHER : ListenerMethod.Reply.VALUE;
	}

	private @Nullable Expression condition(String condition, Problems problems) {
		if (!StringUtils.hasText(condition)) {
			return null;
		}
		try {
			return this.parser.parseExpression(condition);
		}
		catch (ParseException ex) {
			throw problems.invalid(
					"its condition \"" + condition + "\" does not parse: " + ex.getSimpleMessage() + " (at position "
							+ ex.getPosition() + ")",
					"Correct the SpEL expression: the root is the message's JSON fields (type == 'tick'), "
							+ "#message the WsMessage and #client the client name");
		}
	}

	private @Nullable PayloadReader fieldsReader() {
		if (!this.fieldsReaderResolved) {
			this.fieldsReaderResolved = true;
			try {
				this.fieldsReader = this.converter.reader(FIELDS_TYPE);
			}
			catch (IllegalArgumentException ex) {
				// No JSON mapper: conditions see no fields, only #message and #client.
				this.fieldsReader = null;
			}
		}
		return this.fieldsReader;
	}

	private static Method invocable(Method method, Object bean, Problems problems) {
		try {
			return AopUtils.selectInvocableMethod(method, bean.getClass());
		}
		catch (IllegalStateException ex) {
			throw problems.invalid("it cannot be invoked on the bean's proxy: " + ex.getMessage(),
					"Make the method public, or declare it on an interface the proxy implements");
		}
	}

	private static int order(Method method) {
		Order order = AnnotatedElementUtils.findMergedAnnotation(method, Order.class);
		return (order != null) ? order.value() : Ordered.LOWEST_PRECEDENCE;
	}

	private static String defaultId(Class<?> targetClass, Method method) {
		return ClassUtils.getUserClass(targetClass).getSimpleName() + "." + method.getName();
	}

	private static String describe(Class<?> targetClass, Method method) {
		return defaultId(targetClass, method) + Arrays.stream(method.getParameterTypes())
			.map(Class::getSimpleName)
			.collect(Collectors.joining(", ", "(", ")"));
	}

	/**
	 * Makes the start-up errors of one method.
	 *
	 * @param beanName the bean's name
	 * @param method the method's description
	 */
	private record Problems(String beanName, String method) {

		InvalidWsClientListenerException invalid(String problem, String action) {
			return new InvalidWsClientListenerException(this.beanName, this.method, problem, action);
		}

	}

}
