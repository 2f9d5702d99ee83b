package dev.wsclient.autoconfigure.listener;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidWsClientListenerException} at start-up: the bean, the method,
 * the problem and the fix.
 */
class InvalidWsClientListenerFailureAnalyzer extends AbstractFailureAnalyzer<InvalidWsClientListenerException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidWsClientListenerException cause) {
		String description = "The WebSocket client listener method " + cause.getMethod() + " of bean '"
				+ cause.getBeanName() + "' is invalid: " + cause.getProblem() + ".";
		return new FailureAnalysis(description, cause.getAction(), cause);
	}

}
