package dev.wsclient.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidWsClientPropertyException} at start-up. Unlike Spring Boot's
 * analyzer for invalid property values, it never prints the value, which may hold a
 * token.
 */
class InvalidWsClientPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidWsClientPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidWsClientPropertyException cause) {
		String reason = cause.getReason();
		String description = "The WebSocket client property '" + cause.getProperty() + "' is invalid: " + reason
				+ (reason.endsWith("?") ? "" : ".");
		String action = "Update '" + cause.getProperty()
				+ "' in your application configuration (application.yml, application.properties or the environment).";
		return new FailureAnalysis(description, action, cause);
	}

}
