package dev.wsclient.bridge;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration;

/**
 * The bridge service: keeps connections to the upstream WebSocket feeds configured under
 * {@code wsclient.clients} and fans every message out to downstream subscribers over
 * Server-Sent Events and WebSocket ({@code /streams/{client}}).
 *
 * <p>
 * Callers authenticate with JWTs or API keys ({@code bridge.security}); Spring Boot's
 * generated user and password would be a second, unrelated way in, so they are off.
 */
@SpringBootApplication(exclude = ReactiveUserDetailsServiceAutoConfiguration.class)
public class BridgeApplication {

	public static void main(String[] args) {
		SpringApplication.run(BridgeApplication.class, args);
	}

}
