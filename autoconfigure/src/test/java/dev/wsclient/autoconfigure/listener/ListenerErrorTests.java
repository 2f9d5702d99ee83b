package dev.wsclient.autoconfigure.listener;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

import dev.wsclient.autoconfigure.WsClients;
import dev.wsclient.autoconfigure.WsMessageConversionException;
import dev.wsclient.autoconfigure.listener.WsClientListenerException.Stage;
import dev.wsclient.core.WsMessage;
import dev.wsclient.core.WsState;
import dev.wsclient.test.MockWsServerExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static dev.wsclient.autoconfigure.listener.ListenerConversionTests.next;
import static dev.wsclient.autoconfigure.listener.ListenerTestSupport.TIMEOUT;
import static dev.wsclient.autoconfigure.listener.ListenerTestSupport.awaitOpen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A payload that does not convert, a method that throws and a reply that cannot be sent
 * go to the error handler and are counted; the next message is delivered and the
 * connection is never affected.
 */
@ExtendWith(OutputCaptureExtension.class)
class ListenerErrorTests {

	private static final String GOOD = "{\"symbol\":\"EURUSD\",\"bid\":1.1}";

	private static final String NOT_A_NUMBER = "{\"symbol\":\"EURUSD\",\"bid\":\"one point one\"}";

	private static final String THROWS = "{\"symbol\":\"BOOM\",\"bid\":1.1}";

	private static final String UNSENDABLE = "{\"symbol\":\"UNSENDABLE\",\"bid\":1.1}";

	@RegisterExtension
	final MockWsServerExtension mock = new MockWsServerExtension();

	@Test
	void failuresGoToTheErrorHandlerAndTheNextMessageIsDelivered() throws InterruptedException {
		ListenerTestSupport.runner(this.mock.server())
			.withBean(FailingListener.class)
			.withBean(RecordingErrorHandler.class)
			.run((context) -> {
				WsClients clients = awaitOpen(context, "prices");
				for (String message : List.of(NOT_A_NUMBER, THROWS, UNSENDABLE, GOOD)) {
					this.mock.server().push(message);
				}
				FailingListener listener = context.getBean(FailingListener.class);
				assertThat(next(listener.delivered)).isEqualTo(new Tick("EURUSD", 1.1));
				List<WsClientListenerException> failures = context.getBean(RecordingErrorHandler.class).failures;
				await().atMost(TIMEOUT).until(() -> failures.size() == 3);
				assertThat(failures).extracting(WsClientListenerException::getStage)
					.containsExactly(Stage.CONVERSION, Stage.INVOCATION, Stage.REPLY);
				assertThat(failures).allSatisfy((failure) -> {
					assertThat(failure.getClientName()).isEqualTo("prices");
					assertThat(failure.getListenerId()).isEqualTo("ticks");
					assertThat(failure.getMethod()).isEqualTo("FailingListener.on(Tick)");
				});
				assertThat(failures.get(0).getCause()).isInstanceOf(WsMessageConversionException.class)
					.hasMessageContaining("Cannot read a text message of 41 bytes as")
					.hasMessageContaining("ListenerErrorTests$Tick");
				assertThat(failures.get(0).getFailedMessage()).isEqualTo(WsMessage.text(NOT_A_NUMBER));
				assertThat(failures.get(1).getCause()).isInstanceOf(IllegalStateException.class).hasMessage("boom");
				assertThat(failures.get(1).getFailedMessage()).isEqualTo(WsMessage.text(THROWS));
				assertThat(failures.get(2).getCause()).isInstanceOf(WsMessageConversionException.class)
					.hasRootCauseInstanceOf(IllegalStateException.class);
				assertThat(failures.get(2).getMessage()).startsWith(
						"WebSocket client 'prices', listener FailingListener.on(Tick): the reply could not be sent: ");
				// The connection never noticed.
				assertThat(clients.get("prices").state()).isEqualTo(WsState.OPEN);
				assertThat(clients.get("prices").stats().connectAttempts()).isEqualTo(1);
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(errors(meters, "WsMessageConversionException")).isEqualTo(2);
				assertThat(errors(meters, "IllegalStateException")).isEqualTo(1);
				Timer duration = meters.get("wsclient.listener.duration")
					.tags("client", "prices", "listener", "ticks")
					.timer();
				// Invoked for all but the payload that did not convert.
				assertThat(duration.count()).isEqualTo(3);
			});
	}

	@Test
	void theDefaultHandlerLogsAtWarnWithTheClientTheListenerAndTheStartOfThePayload(CapturedOutput output) {
		ListenerTestSupport.runner(this.mock.server())
			.withBean(FailingListener.class)
			.withPropertyValues("wsclient.listener.logged-payload-length=20")
			.run((context) -> {
				awaitOpen(context, "prices");
				this.mock.server().push(NOT_A_NUMBER);
				this.mock.server().push(THROWS);
				this.mock.server().push(GOOD);
				next(context.getBean(FailingListener.class).delivered);
				await().atMost(TIMEOUT).until(() -> output.toString().contains("the method failed"));
				assertThat(output).contains("WARN")
					.contains("WebSocket client 'prices', listener FailingListener.on(Tick): "
							+ "the payload could not be converted: ")
					.contains("; payload: {\"symbol\":\"EURUSD\",\"... (21 more characters)")
					.contains("WebSocket client 'prices', listener FailingListener.on(Tick): the method failed: "
							+ "java.lang.IllegalStateException: boom; payload: {\"symbol\":\"BOOM\",\"bi... "
							+ "(7 more characters)")
					.contains("at dev.wsclient.autoconfigure.listener.ListenerErrorTests$FailingListener.on");
			});
	}

	@Test
	void anErrorHandlerThatThrowsDoesNotStopTheMessages(CapturedOutput output) throws InterruptedException {
		ListenerTestSupport.runner(this.mock.server())
			.withBean(FailingListener.class)
			.withBean(WsClientListenerErrorHandler.class, () -> (failure) -> {
				throw new IllegalStateException("handler broke");
			})
			.run((context) -> {
				awaitOpen(context, "prices");
				this.mock.server().push(THROWS);
				this.mock.server().push(GOOD);
				assertThat(next(context.getBean(FailingListener.class).delivered)).isEqualTo(new Tick("EURUSD", 1.1));
				assertThat(output).contains("The WebSocket client listener error handler failed on: ")
					.contains("handler broke");
			});
	}

	private static double errors(MeterRegistry meters, String exception) {
		return meters.get("wsclient.listener.errors")
			.tags("client", "prices", "listener", "ticks", "exception", exception)
			.counter()
			.count();
	}

	record Tick(String symbol, double bid) {
	}

	/** Jackson cannot write it: its only property throws. */
	static class Unsendable {

		public String getValue() {
			throw new IllegalStateException("cannot be written");
		}

	}

	static class FailingListener {

		final BlockingQueue<Tick> delivered = new LinkedBlockingQueue<>();

		@WsClientListener(value = "prices", id = "ticks")
		Object on(Tick tick) {
			if (tick.symbol().equals("BOOM")) {
				throw new IllegalStateException("boom");
			}
			if (tick.symbol().equals("UNSENDABLE")) {
				return new Unsendable();
			}
			this.delivered.add(tick);
			return "ok";
		}

	}

	static class RecordingErrorHandler implements WsClientListenerErrorHandler {

		final List<WsClientListenerException> failures = new CopyOnWriteArrayList<>();

		@Override
		public void handleError(WsClientListenerException failure) {
			this.failures.add(failure);
		}

	}

}
