package dev.wsclient.aot;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import dev.wsclient.autoconfigure.event.WsClientMessageEvent;
import dev.wsclient.autoconfigure.listener.WsClientListener;
import dev.wsclient.autoconfigure.listener.WsMessageMetadata;
import dev.wsclient.core.WsClient;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Takes every client's ticks: acknowledges each one as JSON on the client it came from,
 * and counts the message events of each client. Holds the per-client beans it was given
 * by name: {@code yml} from {@code application.yml}, and {@code extra}, which the build
 * did not know.
 */
@Component
public class TickListener {

	private final Map<String, LongAdder> messageEvents = new ConcurrentHashMap<>();

	private final WsClient yml;

	private final ObjectProvider<WsClient> extra;

	TickListener(@Qualifier("yml") WsClient yml, @Qualifier("extra") ObjectProvider<WsClient> extra) {
		this.yml = yml;
		this.extra = extra;
	}

	@WsClientListener("*")
	Ack on(Tick tick, WsMessageMetadata metadata) {
		return new Ack(metadata.clientName(), tick.symbol());
	}

	@EventListener(condition = "#event.message.text().contains('symbol')")
	void count(WsClientMessageEvent event) {
		this.messageEvents.computeIfAbsent(event.getClientName(), (name) -> new LongAdder()).increment();
	}

	/**
	 * Return how many message events of a client held a tick.
	 * @param client the client name
	 * @return the count
	 */
	public long messageEvents(String client) {
		LongAdder count = this.messageEvents.get(client);
		return (count != null) ? count.sum() : 0;
	}

	/**
	 * Return the bean injected as {@code @Qualifier("yml") WsClient}.
	 * @return the client
	 */
	public WsClient yml() {
		return this.yml;
	}

	/**
	 * Return the bean injected as {@code @Qualifier("extra") ObjectProvider<WsClient>}.
	 * @return the client, or {@code null} when {@code extra} is not configured
	 */
	public @Nullable WsClient extra() {
		return this.extra.getIfAvailable();
	}

	/**
	 * A price tick, read from JSON.
	 *
	 * @param symbol the instrument
	 * @param bid the bid price
	 */
	public record Tick(String symbol, double bid) {
	}

	/**
	 * The acknowledgement of a tick, sent back as JSON.
	 *
	 * @param client the client that received the tick
	 * @param symbol the tick's instrument
	 */
	public record Ack(String client, String symbol) {
	}

}
