package dev.wsclient.bridge;

import java.time.Duration;

import dev.wsclient.core.WsState;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class BridgeApplicationTests {

	@Autowired
	private ApplicationContext context;

	@Test
	void demoClientConnectsToTheEmbeddedFeedAndReceivesTicks() {
		DemoClientProbe probe = new DemoClientProbe(this.context);
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			assertThat(probe.state()).isEqualTo(WsState.OPEN);
			assertThat(probe.messagesReceived()).isGreaterThanOrEqualTo(3);
		});
	}

}
