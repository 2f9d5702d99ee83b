package dev.wsclient.autoconfigure.listener;

/**
 * A listener method of a WebSocket client cannot work: it names a client that is not
 * configured, takes a parameter that cannot be resolved or two payloads, returns a value
 * where no reply can be sent, or has a condition that does not parse. Thrown at start-up,
 * naming the bean, the method and the fix.
 *
 * @since 0.2.0
 */
public class InvalidWsClientListenerException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String beanName;

	private final String method;

	private final String problem;

	private final String action;

	/**
	 * Create an exception.
	 * @param beanName the name of the bean that declares the method
	 * @param method the method, described as {@code PriceFeed.on(PriceTick)}
	 * @param problem what is wrong
	 * @param action how to fix it
	 */
	public InvalidWsClientListenerException(String beanName, String method, String problem, String action) {
		super("Listener method " + method + " of bean '" + beanName + "' is invalid: " + problem + ". " + action);
		this.beanName = beanName;
		this.method = method;
		this.problem = problem;
		this.action = action;
	}

	/**
	 * Return the name of the bean that declares the method.
	 * @return the bean name
	 */
	public String getBeanName() {
		return this.beanName;
	}

	/**
	 * Return the method.
	 * @return the method, as {@code PriceFeed.on(PriceTick)}
	 */
	public String getMethod() {
		return this.method;
	}

	/**
	 * Return what is wrong.
	 * @return the problem
	 */
	public String getProblem() {
		return this.problem;
	}

	/**
	 * Return how to fix it.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
