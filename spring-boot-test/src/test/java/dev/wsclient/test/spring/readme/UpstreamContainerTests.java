package dev.wsclient.test.spring.readme;

// README example begins
import java.time.Duration;

import dev.wsclient.autoconfigure.WsClients;
import dev.wsclient.core.WsMessage;
import dev.wsclient.test.WsClientCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest
@Testcontainers
@EnabledIf(value = "dockerIsAvailable", disabledReason = "no Docker engine: the upstream container cannot run")
class UpstreamContainerTests {

	@Container
	static final GenericContainer<?> upstream = new GenericContainer<>("jmalloc/echo-server:v0.3.7")
		.withExposedPorts(8080)
		.waitingFor(Wait.forHttp("/").forStatusCode(200));

	@DynamicPropertySource
	static void upstreamUrl(DynamicPropertyRegistry properties) {
		properties.add("wsclient.clients.echo.url",
				() -> "ws://" + upstream.getHost() + ":" + upstream.getMappedPort(8080) + "/.ws");
	}

	@Autowired
	WsClients clients;

	@Test
	void talksToTheRealUpstream() {
		WsClientCapture.of(this.clients.get("echo")).awaitConnects(1, Duration.ofSeconds(30));
		this.clients.send("echo", "hello").block(Duration.ofSeconds(5));

		// The image greets first ("Request served by ..."), then echoes.
		assertThat(WsClientCapture.awaitMessages(this.clients.get("echo"), 2, Duration.ofSeconds(10)))
			.extracting(WsMessage::text)
			.contains("hello");
	}

	// Skip, and say so, on machines without Docker.
	static boolean dockerIsAvailable() {
		boolean available = DockerClientFactory.instance().isDockerAvailable();
		if (!available) {
			System.err.println("UpstreamContainerTests SKIPPED: no Docker engine, so the upstream container "
					+ "cannot run; install Docker to run it");
		}
		return available;
	}

}
// README example ends
