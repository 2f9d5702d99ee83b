package dev.wsclient.autoconfigure.listener;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.wsclient.autoconfigure.WsClients;
import dev.wsclient.autoconfigure.WsMessageConverter;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.expression.Expression;

/**
 * Finds the listener methods of every singleton bean once all of them exist, checks them,
 * binds them to their clients, and subscribes one {@link ClientDispatcher} per client
 * with listeners, before the clients connect (which happens when the context starts). On
 * shutdown it unsubscribes and stops the executor of blocking listeners.
 */
final class ListenerMethodProcessor implements SmartInitializingSingleton, DisposableBean {

	/** The client name that stands for every configured client. */
	static final String EVERY_CLIENT = "*";

	private final ConfigurableListableBeanFactory beanFactory;

	private final WsClients clients;

	private final WsMessageConverter converter;

	private final ListenerErrors errors;

	private final ListenerMeters meters;

	private final WsClientListenerProperties properties;

	private final List<ClientDispatcher> dispatchers = new ArrayList<>();

	private @Nullable BlockingListenerExecutor executor;

	ListenerMethodProcessor(ConfigurableListableBeanFactory beanFactory, WsClients clients,
			WsClientListenerErrorHandler errorHandler, ListenerMeters meters, WsClientListenerProperties properties) {
		this.beanFactory = beanFactory;
		this.clients = clients;
		this.converter = clients.converter();
		this.errors = new ListenerErrors(errorHandler, meters);
		this.meters = meters;
		this.properties = properties;
	}

	@Override
	public void afterSingletonsInstantiated() {
		Map<String, List<ListenerMethod>> byClient = byClient(find());
		byClient.forEach((name, methods) -> this.dispatchers.add(dispatcher(name, methods)));
		for (ClientDispatcher dispatcher : this.dispatchers) {
			if (dispatcher.takesMessages()) {
				this.meters.count("wsclient.listener.unhandled", "Messages that no listener method took",
						dispatcher.clientName(), dispatcher, ClientDispatcher::unhandled);
			}
		}
		for (String name : this.clients.names()) {
			this.meters.count("wsclient.messages.unconverted",
					"Messages that typed streams skipped because their payload did not convert", name, this.clients,
					(clients) -> clients.unconvertedMessages(name));
		}
		this.dispatchers.forEach(ClientDispatcher::start);
	}

	@Override
	public void destroy() {
		this.dispatchers.forEach(ClientDispatcher::dispose);
		BlockingListenerExecutor current = this.executor;
		if (current != null) {
			current.shutdown();
		}
	}

	/**
	 * Return whether blocking listeners run on virtual threads.
	 * @return {@code null} when there is no blocking listener
	 */
	@Nullable Boolean virtualThreads() {
		BlockingListenerExecutor current = this.executor;
		return (current != null) ? current.virtualThreads() : null;
	}

	private List<ListenerMethod> find() {
		ListenerMethodFactory factory = new ListenerMethodFactory(this.beanFactory, this.converter);
		List<ListenerMethod> found = new ArrayList<>();
		for (String beanName : this.beanFactory.getBeanNamesForType(Object.class, true, false)) {
			if (ScopedProxyUtils.isScopedTarget(beanName)) {
				continue;
			}
			Class<?> type = AutoProxyUtils.determineTargetClass(this.beanFactory, beanName);
			if (type == null || !AnnotationUtils.isCandidateClass(type, ListenerKind.ANNOTATIONS)) {
				continue;
			}
			Map<Method, List<MergedAnnotation<?>>> methods = MethodIntrospector.selectMethods(type,
					(MethodIntrospector.MetadataLookup<List<MergedAnnotation<?>>>) (method) -> {
						List<MergedAnnotation<?>> annotations = ListenerMethodFactory.annotations(method);
						return annotations.isEmpty() ? null : annotations;
					});
			if (methods.isEmpty()) {
				continue;
			}
			if (!this.beanFactory.isSingleton(beanName)) {
				Method method = methods.keySet().iterator().next();
				throw new InvalidWsClientListenerException(beanName, type.getSimpleName() + "." + method.getName(),
						"its bean is not a singleton", "Declare listener methods on singleton beans");
			}
			Object bean = this.beanFactory.getBean(beanName);
			methods
				.forEach((method, annotations) -> found.add(factory.create(beanName, bean, type, method, annotations)));
		}
		return found;
	}

	private Map<String, List<ListenerMethod>> byClient(List<ListenerMethod> methods) {
		Map<String, List<ListenerMethod>> byClient = new LinkedHashMap<>();
		for (ListenerMethod method : methods) {
			for (String name : clientsOf(method)) {
				if (!this.clients.contains(name)) {
					throw new InvalidWsClientListenerException(method.beanName(), method.description(),
							"it listens to client '" + name + "', which is not configured (the clients are "
									+ this.clients.names() + ")",
							"Configure the client under wsclient.clients." + name
									+ " (at least its url), or name one of the configured clients");
				}
				byClient.computeIfAbsent(name, (key) -> new ArrayList<>()).add(method);
			}
		}
		// Stable: equal orders keep the order in which the methods were found.
		byClient.values().forEach((list) -> list.sort(Comparator.comparingInt(ListenerMethod::order)));
		return byClient;
	}

	private Iterable<String> clientsOf(ListenerMethod method) {
		return method.clients().contains(EVERY_CLIENT) ? this.clients.names() : method.clients();
	}

	private ClientDispatcher dispatcher(String name, List<ListenerMethod> methods) {
		return new ClientDispatcher(name, this.clients.get(name), (resume) -> {
			List<BoundListener> listeners = new ArrayList<>();
			for (ListenerMethod method : methods) {
				listeners.add(new BoundListener(method, name, this.clients.get(name), this.converter, condition(method),
						this.errors, this.meters.timer(name, method.id()), method.blocking() ? executor() : null,
						resume));
			}
			return listeners;
		});
	}

	private @Nullable ListenerCondition condition(ListenerMethod method) {
		Expression condition = method.condition();
		return (condition != null)
				? new ListenerCondition(condition, new JsonFieldAccessor(method.fieldsReader()), this.beanFactory)
				: null;
	}

	private BlockingListenerExecutor executor() {
		BlockingListenerExecutor current = this.executor;
		if (current == null) {
			WsClientListenerProperties.Executor settings = this.properties.getExecutor();
			current = BlockingListenerExecutor.create(settings.getPoolSize(), settings.getShutdownTimeout());
			this.executor = current;
		}
		return current;
	}

}
