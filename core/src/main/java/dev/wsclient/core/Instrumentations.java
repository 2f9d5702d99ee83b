package dev.wsclient.core;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * The instrumentations of a client's options as one: each call goes to every
 * instrumentation in order, and an instrumentation that throws is logged without keeping
 * the others or the client from going on. A client without instrumentations gets
 * {@link WsClientInstrumentation#NONE} instead, whose empty methods the JIT removes.
 */
final class Instrumentations implements WsClientInstrumentation {

	private static final Logger logger = Loggers.getLogger(Instrumentations.class);

	private final WsClientInstrumentation[] instrumentations;

	private Instrumentations(List<WsClientInstrumentation> instrumentations) {
		this.instrumentations = instrumentations.toArray(new WsClientInstrumentation[0]);
	}

	static WsClientInstrumentation of(List<WsClientInstrumentation> instrumentations) {
		return instrumentations.isEmpty() ? WsClientInstrumentation.NONE : new Instrumentations(instrumentations);
	}

	@Override
	public void connectStarted(WsClient client, String url) {
		each((instrumentation) -> instrumentation.connectStarted(client, url));
	}

	@Override
	public void connected(WsClient client, @Nullable String subprotocol) {
		each((instrumentation) -> instrumentation.connected(client, subprotocol));
	}

	@Override
	public void connectFailed(WsClient client, WsCloseStatus status) {
		each((instrumentation) -> instrumentation.connectFailed(client, status));
	}

	@Override
	public void messageReceived(WsClient client, WsMessage message) {
		// A loop of its own rather than each(): no lambda is captured per message.
		for (WsClientInstrumentation instrumentation : this.instrumentations) {
			try {
				instrumentation.messageReceived(client, message);
			}
			catch (RuntimeException ex) {
				failed(instrumentation, ex);
			}
		}
	}

	@Override
	public void messageUndelivered(WsClient client, WsMessage message) {
		each((instrumentation) -> instrumentation.messageUndelivered(client, message));
	}

	@Override
	public void messageSent(WsClient client, WsMessage message) {
		for (WsClientInstrumentation instrumentation : this.instrumentations) {
			try {
				instrumentation.messageSent(client, message);
			}
			catch (RuntimeException ex) {
				failed(instrumentation, ex);
			}
		}
	}

	@Override
	public void pingAnswered(WsClient client, Duration roundTrip) {
		each((instrumentation) -> instrumentation.pingAnswered(client, roundTrip));
	}

	@Override
	public void pingMissed(WsClient client) {
		each((instrumentation) -> instrumentation.pingMissed(client));
	}

	@Override
	public void readPaused(WsClient client) {
		each((instrumentation) -> instrumentation.readPaused(client));
	}

	@Override
	public void readResumed(WsClient client) {
		each((instrumentation) -> instrumentation.readResumed(client));
	}

	@Override
	public void closed(WsClient client, WsCloseStatus status) {
		each((instrumentation) -> instrumentation.closed(client, status));
	}

	@Override
	public void reconnecting(WsClient client, long attempt, Duration delay) {
		each((instrumentation) -> instrumentation.reconnecting(client, attempt, delay));
	}

	private void each(Consumer<WsClientInstrumentation> call) {
		for (WsClientInstrumentation instrumentation : this.instrumentations) {
			try {
				call.accept(instrumentation);
			}
			catch (RuntimeException ex) {
				failed(instrumentation, ex);
			}
		}
	}

	private static void failed(WsClientInstrumentation instrumentation, RuntimeException ex) {
		logger.warn("The WebSocket client instrumentation " + instrumentation + " threw; the client carries on", ex);
	}

}
