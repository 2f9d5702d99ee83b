package dev.wsclient.autoconfigure.listener;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.context.expression.BeanFactoryResolver;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.support.StandardEvaluationContext;

/**
 * The condition of one listener on one client, evaluated before the payload is converted.
 * It owns its evaluation context, whose variables change with every message: one dispatch
 * uses it at a time.
 */
final class ListenerCondition {

	private final Expression expression;

	private final StandardEvaluationContext context = new StandardEvaluationContext();

	ListenerCondition(Expression expression, JsonFieldAccessor fields, BeanFactory beanFactory) {
		this.expression = expression;
		this.context.addPropertyAccessor(fields);
		this.context.setBeanResolver(new BeanFactoryResolver(beanFactory));
	}

	/**
	 * Return whether a message meets the condition.
	 * @param message the message
	 * @param clientName the name of the client that received it
	 * @return whether it does; {@code null} counts as {@code false}
	 * @throws org.springframework.expression.EvaluationException when the condition
	 * cannot be evaluated
	 */
	boolean matches(InboundMessage message, String clientName) {
		this.context.setVariable("message", message.message());
		this.context.setVariable("client", clientName);
		return Boolean.TRUE.equals(this.expression.getValue(this.context, message, Boolean.class));
	}

}
