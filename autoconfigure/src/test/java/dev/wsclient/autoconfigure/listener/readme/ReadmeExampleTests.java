package dev.wsclient.autoconfigure.listener.readme;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.wsclient.autoconfigure.WsClients;
import dev.wsclient.autoconfigure.listener.WsClientConnected;
import dev.wsclient.autoconfigure.listener.WsClientListener;
import dev.wsclient.test.server.MockWsServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

import static dev.wsclient.autoconfigure.ReceivedMessages.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The example that leads the starter section of README.md is the one in
 * {@code PriceFeedExample.java}, and it works: as an application with auto-configuration,
 * against a feed on 127.0.0.1.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReadmeExampleTests {

	private static final String BEGIN = "// README example begins\n";

	private static final String END = "// README example ends\n";

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Test
	void theReadmeShowsTheExampleWordForWord() throws IOException {
		String source = Files.readString(
				Path.of("src/test/java/dev/wsclient/autoconfigure/listener/readme/ReadmeExampleTests.java"),
				StandardCharsets.UTF_8);
		String example = source.substring(source.indexOf(BEGIN) + BEGIN.length(), source.indexOf(END));
		String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
		assertThat(readme).contains("```java\n" + example + "```\n");
	}

	@Test
	void theExampleRuns(CapturedOutput output) {
		try (MockWsServer feed = MockWsServer.start();
				ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
					.web(WebApplicationType.NONE)
					.properties("wsclient.clients.prices.url=" + feed.uri("/ws"))
					.run()) {
			await().atMost(TIMEOUT).until(() -> texts(feed).contains("{\"op\":\"subscribe\",\"channel\":\"BTC-USD\"}"));
			feed.push("{\"type\":\"heartbeat\"}");
			feed.push("{\"type\":\"tick\",\"symbol\":\"BTC-USD\",\"bid\":97000.5,\"ask\":97001.5,\"seq\":1}");
			PriceFeed prices = context.getBean(PriceFeed.class);
			await().atMost(TIMEOUT).until(() -> prices.latest("BTC-USD") != null);
			assertThat(prices.latest("BTC-USD")).isEqualTo(new PriceTick("BTC-USD", 97000.5, 97001.5, 1));
			await().atMost(TIMEOUT)
				.until(() -> output.toString()
					.contains("wide spread: PriceTick[symbol=BTC-USD, bid=97000.5, ask=97001.5, seq=1]"));
		}
	}

	/**
	 * An application as a user writes it: auto-configuration and the example's classes.
	 */
	@org.springframework.boot.autoconfigure.SpringBootApplication
	static class Application {

	}

}

// README example begins
record PriceTick(String symbol, double bid, double ask, long seq) {
}

record Subscribe(String op, String channel) {
}

@Component
class PriceFeed {

	private final Map<String, PriceTick> latest = new ConcurrentHashMap<>();

	@WsClientConnected("prices")
	Subscribe subscribe() {
		return new Subscribe("subscribe", "BTC-USD"); // sent as JSON on every connection
	}

	@WsClientListener(value = "prices", condition = "type == 'tick'")
	void on(PriceTick tick) { // read from JSON with Spring Boot's JsonMapper
		this.latest.put(tick.symbol(), tick);
	}

	@Nullable PriceTick latest(String symbol) {
		return this.latest.get(symbol);
	}

}

@Configuration(proxyBeanMethods = false)
class SpreadAlerts {

	@Bean
	ApplicationRunner wideSpreads(WsClients clients) {
		// The same messages as a typed Flux, paced by the socket too
		return (args) -> clients.messages("prices", PriceTick.class)
			.filter((tick) -> tick.ask() - tick.bid() > 0.5)
			.subscribe((tick) -> System.out.println("wide spread: " + tick));
	}

}
// README example ends
