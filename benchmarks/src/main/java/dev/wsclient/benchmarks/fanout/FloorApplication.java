package dev.wsclient.benchmarks.fanout;

import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The floor of the fan-out benchmark: the least a Spring WebFlux application does to fan
 * one upstream WebSocket out to SSE subscribers. A plain Reactor Netty WebSocket client
 * emits every text message into a {@code Sinks.many().multicast().directBestEffort()};
 * {@code GET /streams/{client}} returns that sink as a {@code Flux<ServerSentEvent>},
 * each event with the message and its sequence number as the id, as the bridge sends
 * them. A subscriber without demand (one whose connection is not writable) misses
 * messages rather than holding anyone up: no buffer, no budget, no security, no metrics.
 *
 * <p>
 * Run with {@code --floor.upstream=ws://...}.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration(excludeName = { "dev.wsclient.autoconfigure.WsClientAutoConfiguration",
		"dev.wsclient.autoconfigure.listener.WsClientListenerAutoConfiguration" })
public class FloorApplication {

	/**
	 * Run the floor.
	 * @param args Spring Boot arguments, {@code --floor.upstream} among them
	 */
	public static void main(String[] args) {
		SpringApplication.run(FloorApplication.class, args);
	}

	@Bean
	Upstream upstream(@Value("${floor.upstream}") String url) {
		return new Upstream(url);
	}

	/** The upstream connection and the sink it feeds. */
	static final class Upstream {

		private final String url;

		private final Sinks.Many<ServerSentEvent<String>> sink = Sinks.many().multicast().directBestEffort();

		private final AtomicLong sequence = new AtomicLong();

		Upstream(String url) {
			this.url = url;
		}

		// Connected once the web server is up, like the bridge's clients: the feed knows
		// the server is ready when it connects. Never disconnected: the driver kills this
		// JVM.
		@EventListener(ApplicationReadyEvent.class)
		void connect() {
			HttpClient.create()
				.websocket()
				.uri(this.url)
				.handle((in, out) -> in.receive()
					.asString()
					.doOnNext((text) -> this.sink.tryEmitNext(
							ServerSentEvent.builder(text).id(Long.toString(this.sequence.incrementAndGet())).build())))
				.subscribe();
		}

		Flux<ServerSentEvent<String>> events() {
			return this.sink.asFlux();
		}

	}

	/**
	 * {@code GET /streams/{client}}: the upstream's messages as Server-Sent Events. A
	 * component nested in the configuration class, registered with it.
	 */
	@RestController
	static final class Streams {

		private final Upstream upstream;

		Streams(Upstream upstream) {
			this.upstream = upstream;
		}

		@GetMapping(path = "/streams/{client}", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
		Flux<ServerSentEvent<String>> stream() {
			return this.upstream.events();
		}

	}

}
