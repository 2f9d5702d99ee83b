package dev.wsclient.bridge.demo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * A market data feed for demonstrations: on every connection, a JSON price tick for one
 * of a few instruments at a fixed interval, each price a random walk from a realistic
 * level:
 *
 * <pre class="code">
 * {"type":"tick","seq":7,"symbol":"ETH-USD","bid":3012.41,"ask":3012.71,"time":"2025-06-01T09:12:44.103Z"}
 * </pre>
 *
 * Text the client sends comes back as {@code {"type":"echo","text":"..."}}, binary
 * messages come back unchanged, so that sending upstream can be tried out too.
 */
class DemoFeedHandler implements WebSocketHandler {

	static final String PATH = "/demo/feed";

	private static final String[] SYMBOLS = { "BTC-USD", "ETH-USD", "EUR-USD" };

	private static final double[] START_PRICES = { 64000.0, 3000.0, 1.08 };

	private static final int[] DECIMALS = { 2, 2, 5 };

	private final Duration interval;

	private final JsonMapper jsonMapper;

	DemoFeedHandler(Duration interval, JsonMapper jsonMapper) {
		this.interval = interval;
		this.jsonMapper = jsonMapper;
	}

	@Override
	public Mono<Void> handle(WebSocketSession session) {
		Prices prices = new Prices(ThreadLocalRandom.current().nextLong());
		Flux<WebSocketMessage> ticks = Flux.interval(this.interval)
			.map((sequence) -> session.textMessage(this.jsonMapper.writeValueAsString(prices.next(sequence))));
		Flux<WebSocketMessage> echoes = session.receive().map((message) -> echo(session, message));
		return session.send(Flux.merge(ticks, echoes));
	}

	private WebSocketMessage echo(WebSocketSession session, WebSocketMessage message) {
		if (message.getType() == WebSocketMessage.Type.TEXT) {
			return session.textMessage(this.jsonMapper.writeValueAsString(new Echo(message.getPayloadAsText())));
		}
		byte[] payload = new byte[message.getPayload().readableByteCount()];
		message.getPayload().read(payload);
		return session.binaryMessage((factory) -> factory.wrap(payload));
	}

	/**
	 * One price tick.
	 *
	 * @param type always {@code tick}
	 * @param seq the tick's number on this connection, from 0
	 * @param symbol the instrument
	 * @param bid the bid price
	 * @param ask the ask price
	 * @param time when the tick was made
	 */
	record Tick(String type, long seq, String symbol, BigDecimal bid, BigDecimal ask, String time) {

	}

	/**
	 * The echo of a text message.
	 *
	 * @param type always {@code echo}
	 * @param text the text received
	 */
	record Echo(String type, String text) {

		Echo(String text) {
			this("echo", text);
		}

	}

	/**
	 * The prices of one connection, each moving by a small random step per tick.
	 */
	private static final class Prices {

		private final Random random;

		private final double[] mids = START_PRICES.clone();

		Prices(long seed) {
			this.random = new Random(seed);
		}

		synchronized Tick next(long sequence) {
			int index = (int) (sequence % SYMBOLS.length);
			double mid = this.mids[index] * (1 + this.random.nextGaussian() * 0.0005);
			this.mids[index] = mid;
			double halfSpread = mid * 0.00005;
			return new Tick("tick", sequence, SYMBOLS[index], price(mid - halfSpread, index),
					price(mid + halfSpread, index), Instant.now().toString());
		}

		private static BigDecimal price(double value, int index) {
			return BigDecimal.valueOf(value).setScale(DECIMALS[index], RoundingMode.HALF_EVEN);
		}

	}

}
