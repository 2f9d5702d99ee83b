package dev.wsclient.bridge.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A WebSocket endpoint that emits JSON price ticks for a few instruments, like a market
 * data feed, at a fixed interval.
 */
class DemoFeedHandler implements WebSocketHandler {

	static final String PATH = "/demo/feed";

	private static final String[] SYMBOLS = { "BTC-USD", "ETH-USD", "EUR-USD" };

	private final Duration interval;

	DemoFeedHandler(Duration interval) {
		this.interval = interval;
	}

	@Override
	public Mono<Void> handle(WebSocketSession session) {
		Flux<String> ticks = Flux.interval(this.interval).map(this::tick);
		return session.send(ticks.map(session::textMessage)).and(session.receive().then());
	}

	private String tick(long sequence) {
		String symbol = SYMBOLS[(int) (sequence % SYMBOLS.length)];
		double price = 100 + ThreadLocalRandom.current().nextDouble(0, 1);
		return String.format(Locale.ROOT, "{\"seq\":%d,\"symbol\":\"%s\",\"price\":%.4f,\"time\":\"%s\"}", sequence,
				symbol, price, Instant.now());
	}

}
