package dev.wsclient.bridge;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The bridge service: keeps connections to the upstream WebSocket feeds configured under
 * {@code wsclient.clients} and fans every message out to downstream subscribers over
 * Server-Sent Events and WebSocket ({@code /streams/{client}}).
 */
@SpringBootApplication
public class BridgeApplication {

	public static void main(String[] args) {
		SpringApplication.run(BridgeApplication.class, args);
	}

}
