package dev.wsclient.autoconfigure.listener;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.wsclient.test.MockWsServerExtension;
import io.micrometer.core.instrument.MeterRegistry;
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
 * Messages are routed before they are converted: by a condition on the raw message or its
 * JSON fields, and by Jackson polymorphic types, so that a message meant for another
 * listener is never a conversion error; a message no listener takes is counted and logged
 * at DEBUG.
 */
@ExtendWith(OutputCaptureExtension.class)
class ListenerRoutingTests {

	private static final String TICK = "{\"type\":\"tick\",\"symbol\":\"EURUSD\",\"bid\":1.1,\"ask\":1.2}";

	private static final String HEARTBEAT = "{\"type\":\"heartbeat\",\"seq\":41}";

	private static final String ACK = "{\"type\":\"ack\",\"order\":{\"id\":\"o-9\",\"side\":\"buy\"}}";

	@RegisterExtension
	final MockWsServerExtension mock = new MockWsServerExtension();

	@Test
	void conditionsOnJsonFieldsRouteEachMessageToItsListener(CapturedOutput output) throws InterruptedException {
		ListenerTestSupport.runner(this.mock.server()).withBean(FieldListeners.class).run((context) -> {
			awaitOpen(context, "prices");
			this.mock.server().push(HEARTBEAT);
			this.mock.server().push(TICK);
			this.mock.server().push("pong");
			this.mock.server().push(ACK);
			this.mock.server().push("[1,2,3]");
			FieldListeners listeners = context.getBean(FieldListeners.class);
			assertThat(next(listeners.heartbeats)).isEqualTo(new Heartbeat(41));
			assertThat(next(listeners.ticks)).isEqualTo(new Tick("EURUSD", 1.1, 1.2));
			assertThat(next(listeners.pongs)).isEqualTo("pong");
			assertThat(next(listeners.buys)).isEqualTo("o-9");
			await().atMost(TIMEOUT).until(() -> unhandled(context.getBean(MeterRegistry.class)) == 1);
			assertThat(listeners.heartbeats).isEmpty();
			assertThat(listeners.ticks).isEmpty();
			// Nothing was for another listener by mistake, and nothing failed.
			assertThat(context.getBean(MeterRegistry.class).find("wsclient.listener.errors").counters()).isEmpty();
			assertThat(output).doesNotContain("WARN");
		});
	}

	@Test
	void polymorphicTypesRouteBySubtypeAndUnknownTypesAreUnhandled() throws InterruptedException {
		ListenerTestSupport.runner(this.mock.server())
			.withBean(SubtypeListeners.class)
			.withPropertyValues("logging.level.dev.wsclient.autoconfigure.listener=DEBUG")
			.run((context) -> {
				awaitOpen(context, "prices");
				this.mock.server().push(TICK);
				this.mock.server().push(HEARTBEAT);
				this.mock.server().push(ACK);
				this.mock.server().push("{\"symbol\":\"no type id\"}");
				SubtypeListeners listeners = context.getBean(SubtypeListeners.class);
				assertThat(next(listeners.ticks)).isEqualTo(new FeedTick("EURUSD", 1.1, 1.2));
				assertThat(next(listeners.heartbeats)).isEqualTo(new FeedHeartbeat(41));
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				await().atMost(TIMEOUT).until(() -> unhandled(meters) == 2);
				assertThat(listeners.all).containsExactly(new FeedTick("EURUSD", 1.1, 1.2), new FeedHeartbeat(41));
				assertThat(meters.find("wsclient.listener.errors").counters()).isEmpty();
			});
	}

	@Test
	void aMessageNoListenerTakesIsCountedAndLoggedAtDebugOnly(CapturedOutput output) {
		ListenerTestSupport.runner(this.mock.server())
			.withBean(FieldListeners.class)
			.withPropertyValues("logging.level.dev.wsclient.autoconfigure.listener=DEBUG")
			.run((context) -> {
				awaitOpen(context, "prices");
				this.mock.server().push("{\"type\":\"unknown\"}");
				await().atMost(TIMEOUT).until(() -> unhandled(context.getBean(MeterRegistry.class)) == 1);
				assertThat(output).contains("DEBUG")
					.contains("WebSocket client 'prices': no listener took WsMessage[TEXT, 18 bytes]")
					.doesNotContain("WARN");
			});
	}

	@Test
	void conditionsMayReferToBeans() throws InterruptedException {
		ListenerTestSupport.runner(this.mock.server())
			.withBean("symbols", Symbols.class)
			.withBean(BeanConditionListener.class)
			.run((context) -> {
				awaitOpen(context, "prices");
				this.mock.server().push("{\"type\":\"tick\",\"symbol\":\"XAUUSD\",\"bid\":1,\"ask\":2}");
				this.mock.server().push(TICK);
				assertThat(next(context.getBean(BeanConditionListener.class).ticks).symbol()).isEqualTo("EURUSD");
			});
	}

	@Test
	void theListenersOfAClientRunInTheirOrder() {
		ListenerTestSupport.runner(this.mock.server())
			.withBean(LateListener.class)
			.withBean(EarlyListener.class)
			.withBean(Invocations.class)
			.run((context) -> {
				awaitOpen(context, "prices");
				this.mock.server().push("one");
				this.mock.server().push("two");
				Invocations invocations = context.getBean(Invocations.class);
				await().atMost(TIMEOUT).until(() -> invocations.names.size() == 6);
				// Methods without @Order come last, in the order they were found.
				assertThat(invocations.names).containsExactly("early one", "late one", "unordered one", "early two",
						"late two", "unordered two");
			});
	}

	private static double unhandled(MeterRegistry meters) {
		return meters.get("wsclient.listener.unhandled").tag("client", "prices").functionCounter().count();
	}

	record Tick(String symbol, double bid, double ask) {
	}

	record Heartbeat(long seq) {
	}

	record Order(String id, String side) {
	}

	record OrderAck(Order order) {
	}

	@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
	sealed interface FeedMessage permits FeedTick, FeedHeartbeat {

	}

	@JsonTypeName("tick")
	record FeedTick(String symbol, double bid, double ask) implements FeedMessage {
	}

	@JsonTypeName("heartbeat")
	record FeedHeartbeat(long seq) implements FeedMessage {
	}

	static class FieldListeners {

		final BlockingQueue<Tick> ticks = new LinkedBlockingQueue<>();

		final BlockingQueue<Heartbeat> heartbeats = new LinkedBlockingQueue<>();

		final BlockingQueue<String> pongs = new LinkedBlockingQueue<>();

		final BlockingQueue<String> buys = new LinkedBlockingQueue<>();

		@WsClientListener(value = "prices", condition = "type == 'tick'")
		void tick(Tick tick) {
			this.ticks.add(tick);
		}

		@WsClientListener(value = "prices", condition = "type == 'heartbeat'")
		void heartbeat(Heartbeat heartbeat) {
			this.heartbeats.add(heartbeat);
		}

		@WsClientListener(value = "prices", condition = "#message.text() == 'pong'")
		void pong(String text) {
			this.pongs.add(text);
		}

		@WsClientListener(value = "prices", condition = "type == 'ack' && order?.side == 'buy'")
		void buy(OrderAck ack) {
			this.buys.add(ack.order().id());
		}

	}

	static class SubtypeListeners {

		final BlockingQueue<FeedTick> ticks = new LinkedBlockingQueue<>();

		final BlockingQueue<FeedHeartbeat> heartbeats = new LinkedBlockingQueue<>();

		final List<FeedMessage> all = new CopyOnWriteArrayList<>();

		@WsClientListener("prices")
		void tick(FeedTick tick) {
			this.ticks.add(tick);
		}

		@WsClientListener("prices")
		void heartbeat(FeedHeartbeat heartbeat) {
			this.heartbeats.add(heartbeat);
		}

		@WsClientListener("prices")
		void any(FeedMessage message) {
			this.all.add(message);
		}

	}

	static class Invocations {

		final List<String> names = new CopyOnWriteArrayList<>();

	}

	static class LateListener {

		private final Invocations invocations;

		LateListener(Invocations invocations) {
			this.invocations = invocations;
		}

		@WsClientListener("prices")
		@org.springframework.core.annotation.Order(2)
		void late(String text) {
			this.invocations.names.add("late " + text);
		}

		@WsClientListener("prices")
		void unordered(String text) {
			this.invocations.names.add("unordered " + text);
		}

	}

	static class EarlyListener {

		private final Invocations invocations;

		EarlyListener(Invocations invocations) {
			this.invocations = invocations;
		}

		@WsClientListener("prices")
		@org.springframework.core.annotation.Order(1)
		void early(String text) {
			this.invocations.names.add("early " + text);
		}

	}

	public static class Symbols {

		public boolean watched(String symbol) {
			return "EURUSD".equals(symbol);
		}

	}

	static class BeanConditionListener {

		final BlockingQueue<Tick> ticks = new LinkedBlockingQueue<>();

		@WsClientListener(value = "prices", condition = "@symbols.watched(symbol)")
		void tick(Tick tick) {
			this.ticks.add(tick);
		}

	}

}
