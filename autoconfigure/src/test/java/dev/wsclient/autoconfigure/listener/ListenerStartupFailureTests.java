package dev.wsclient.autoconfigure.listener;

import java.util.Objects;

import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsCloseStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A listener method that cannot work fails start-up, and the failure analysis names the
 * bean, the method, the problem and the fix. No connection is attempted: the clients
 * point at a port nothing listens on and never connect.
 */
@ExtendWith(OutputCaptureExtension.class)
class ListenerStartupFailureTests {

	private final ApplicationContextRunner runner = ListenerTestSupport.unconnectedRunner();

	@Test
	void aListenerOfAClientThatIsNotConfigured() {
		assertAnalysis(UnknownClient.class, "UnknownClient.on(String)",
				"it listens to client 'orders', which is not configured (the clients are [prices])",
				"Configure the client under wsclient.clients.orders (at least its url), or name one of the configured "
						+ "clients");
	}

	@Test
	void aParameterThatCannotBeResolved() {
		assertAnalysis(Unresolvable.class, "Unresolvable.closed(WsCloseStatus, String)",
				"its parameter 'note' of type String cannot be resolved",
				"A @WsClientClosed method may take WsCloseStatus, WsClient and WsClientClosedEvent");
	}

	@Test
	void aLifecycleTypeInAMessageListener() {
		assertAnalysis(LifecycleTypeInMessageListener.class, "LifecycleTypeInMessageListener.on(WsCloseStatus)",
				"its parameter 'status' of type WsCloseStatus cannot be resolved",
				"A @WsClientListener method may take WsClient, WsMessageMetadata and one payload (String, byte[], "
						+ "ByteBuffer, WsMessage or a type read from JSON); lifecycle types belong to "
						+ "@WsClientConnected, @WsClientClosed and @WsClientReconnecting methods");
	}

	@Test
	void twoPayloadParameters() {
		assertAnalysis(TwoPayloads.class, "TwoPayloads.on(String, Tick)", "it takes two payload parameters",
				"Take one payload parameter (String, byte[], ByteBuffer, WsMessage or a type read from JSON); the "
						+ "other parameters may be WsClient, WsMessageMetadata and one payload (String, byte[], "
						+ "ByteBuffer, WsMessage or a type read from JSON)");
	}

	@Test
	void aConditionThatDoesNotParse() {
		assertAnalysis(BadCondition.class, "BadCondition.on(Tick)",
				"its condition \"type == \" does not parse: EL1042E: Problem parsing right operand (at position 5)",
				"Correct the SpEL expression: the root is the message's JSON fields (type == 'tick'), #message the "
						+ "WsMessage and #client the client name");
	}

	@Test
	void aClosedListenerThatReturnsAValue() {
		assertAnalysis(ReplyOnClosed.class, "ReplyOnClosed.closed()",
				"it returns Mono, but a @WsClientClosed method has no open connection to reply on", "Return void");
	}

	@Test
	void aConcurrencyBelowOne() {
		assertAnalysis(NoConcurrency.class, "NoConcurrency.on(String)", "its concurrency is 0",
				"Set concurrency to 1 or more (the number of replies that may be in flight)");
	}

	@Test
	void aListenerWithoutClients() {
		assertAnalysis(NoClients.class, "NoClients.on(String)", "it names no client",
				"Name the clients to listen to, as configured under wsclient.clients: @WsClientListener(\"prices\")");
	}

	@Test
	void twoListenerAnnotationsOnOneMethod() {
		assertAnalysis(TwoAnnotations.class, "TwoAnnotations.both()",
				"it carries @WsClientConnected and @WsClientClosed", "Give each kind of listener a method of its own");
	}

	@Test
	void aPayloadReadFromJsonWithoutAJsonMapper() {
		this.runner.withClassLoader(new FilteredClassLoader("tools.jackson"))
			.withBean("listener", JsonPayload.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				InvalidWsClientListenerException failure = invalid(context);
				assertThat(failure.getProblem()).isEqualTo("its payload parameter cannot be read: Payloads of type "
						+ "dev.wsclient.autoconfigure.listener.ListenerStartupFailureTests$Tick need a JSON mapper, "
						+ "and there is none: add spring-boot-starter-jackson (or define a WsMessageConverter bean), "
						+ "or take the payload as String, byte[], ByteBuffer or WsMessage");
			});
	}

	@Test
	void rawPayloadsWorkWithoutAJsonMapper() {
		this.runner.withClassLoader(new FilteredClassLoader("tools.jackson"))
			.withBean("listener", NoClients.class)
			.withBean("ok", RawOnly.class)
			.run((context) -> assertThat(invalid(context).getProblem()).isEqualTo("it names no client"));
		this.runner.withClassLoader(new FilteredClassLoader("tools.jackson"))
			.withBean("ok", RawOnly.class)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void anApplicationReportsTheAnalysis(CapturedOutput output) {
		SpringApplicationBuilder application = new SpringApplicationBuilder(BrokenApplication.class)
			.web(WebApplicationType.NONE)
			.properties("wsclient.clients.prices.url=ws://127.0.0.1:1/feed",
					"wsclient.clients.prices.auto-connect=false");
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(application::run);
		assertThat(output).contains("The WebSocket client listener method TwoPayloads.on(String, Tick) of bean "
				+ "'dev.wsclient.autoconfigure.listener.ListenerStartupFailureTests$TwoPayloads' is invalid: it takes two payload parameters.")
			.contains("Action:")
			.contains("Take one payload parameter");
	}

	private void assertAnalysis(Class<?> listener, String method, String problem, String action) {
		this.runner.withBean("listener", listener).run((context) -> {
			assertThat(context).hasFailed();
			InvalidWsClientListenerException failure = invalid(context);
			assertThat(failure.getBeanName()).isEqualTo("listener");
			assertThat(failure.getMethod()).isEqualTo(method);
			assertThat(failure.getProblem()).isEqualTo(problem);
			assertThat(failure.getAction()).isEqualTo(action);
			FailureAnalysis analysis = new InvalidWsClientListenerFailureAnalyzer()
				.analyze(Objects.requireNonNull(context.getStartupFailure()));
			assertThat(analysis).extracting(FailureAnalysis::getDescription, FailureAnalysis::getAction)
				.containsExactly("The WebSocket client listener method " + method + " of bean 'listener' is invalid: "
						+ problem + ".", action);
		});
	}

	private static InvalidWsClientListenerException invalid(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable cause = context.getStartupFailure();
		while (cause != null && !(cause instanceof InvalidWsClientListenerException)) {
			cause = cause.getCause();
		}
		assertThat(cause).as("cause of the start-up failure").isInstanceOf(InvalidWsClientListenerException.class);
		return (InvalidWsClientListenerException) Objects.requireNonNull(cause);
	}

	record Tick(String symbol) {
	}

	@EnableAutoConfiguration
	@Import(TwoPayloads.class)
	static class BrokenApplication {

	}

	static class UnknownClient {

		@WsClientListener("orders")
		void on(String text) {
		}

	}

	static class Unresolvable {

		@WsClientClosed("prices")
		void closed(WsCloseStatus status, String note) {
		}

	}

	static class LifecycleTypeInMessageListener {

		@WsClientListener("prices")
		void on(WsCloseStatus status) {
		}

	}

	static class TwoPayloads {

		@WsClientListener("prices")
		void on(String text, Tick tick) {
		}

	}

	static class JsonPayload {

		@WsClientListener("prices")
		void on(Tick tick) {
		}

	}

	static class BadCondition {

		@WsClientListener(value = "prices", condition = "type == ")
		void on(Tick tick) {
		}

	}

	static class ReplyOnClosed {

		@WsClientClosed("prices")
		Mono<String> closed() {
			return Mono.just("too late");
		}

	}

	static class NoConcurrency {

		@WsClientListener(value = "prices", concurrency = 0)
		void on(String text) {
		}

	}

	static class NoClients {

		@WsClientListener
		void on(String text) {
		}

	}

	static class TwoAnnotations {

		@WsClientConnected("prices")
		@WsClientClosed("prices")
		void both() {
		}

	}

	static class RawOnly {

		@WsClientListener("prices")
		void on(String text) {
		}

		@WsClientListener("prices")
		void on(byte[] bytes, WsClient client) {
		}

	}

}
