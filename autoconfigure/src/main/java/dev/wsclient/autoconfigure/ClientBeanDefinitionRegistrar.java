package dev.wsclient.autoconfigure;

import dev.wsclient.core.WsClient;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.env.Environment;
import org.springframework.util.Assert;

/**
 * Binds and checks {@code wsclient.clients} before any bean is created, then registers
 * one {@link WsClient} bean per entry, named after its key, unless the application
 * defines a bean of that name itself: then that bean is the client of the entry.
 *
 * <p>
 * A registry post-processor rather than a Framework 7 {@code BeanRegistrar}: a registrar
 * cannot see the bean definitions already registered, so it could not back off per name.
 * It runs after all configuration classes were loaded, so it sees every user bean.
 *
 * <p>
 * Under AOT it is the same: the bean definitions it registers are left out of the code
 * generated at build time, and it runs again when the AOT-processed application starts,
 * with that run's environment, as Framework 7 does for its {@code BeanRegistrar}s. So the
 * clients, their beans and their settings are those of the run, never frozen at build
 * time: a client configured only at run time (say, through an environment variable) has
 * its bean too, and a client removed has none.
 */
final class ClientBeanDefinitionRegistrar implements BeanDefinitionRegistryPostProcessor, BeanFactoryAware {

	/** Name of the bean holding the {@link ClientDefinitions}. */
	static final String DEFINITIONS_BEAN_NAME = "dev.wsclient.autoconfigure.clientDefinitions";

	private final Environment environment;

	private @Nullable BeanFactory beanFactory;

	ClientBeanDefinitionRegistrar(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) throws BeansException {
		ClientDefinitions definitions = ClientDefinitions.bind(this.environment);
		RootBeanDefinition holder = new RootBeanDefinition(ClientDefinitions.class, () -> definitions);
		holder.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
		registeredAtRunTime(holder);
		registry.registerBeanDefinition(DEFINITIONS_BEAN_NAME, holder);
		for (ClientDefinition definition : definitions.all()) {
			if (!registry.containsBeanDefinition(definition.name())) {
				registry.registerBeanDefinition(definition.name(), clientBeanDefinition(definition));
			}
		}
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) throws BeansException {
	}

	private RootBeanDefinition clientBeanDefinition(ClientDefinition definition) {
		RootBeanDefinition bean = new RootBeanDefinition(WsClient.class, () -> factory().create(definition));
		// Closing is the lifecycle's job (1001, in parallel); this is a safety net for a
		// context that never started. close() returns a Mono, which Spring awaits.
		bean.setDestroyMethodName("close");
		registeredAtRunTime(bean);
		return bean;
	}

	/**
	 * Keep a definition out of AOT processing: AOT cannot generate code for an instance
	 * supplier, and the clients must come from the properties of the run, not of the
	 * build.
	 */
	private static void registeredAtRunTime(RootBeanDefinition definition) {
		definition.setAttribute(BeanRegistrationAotProcessor.IGNORE_REGISTRATION_ATTRIBUTE, true);
	}

	private WsClientFactory factory() {
		Assert.state(this.beanFactory != null, "BeanFactory has not been set");
		return this.beanFactory.getBean(WsClientFactory.class);
	}

}
