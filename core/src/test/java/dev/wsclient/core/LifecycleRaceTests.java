package dev.wsclient.core;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.wsclient.core.testsupport.RoutesServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static dev.wsclient.core.TestResources.TIMEOUT;
import static dev.wsclient.core.TestResources.millis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.fail;

/**
 * {@code connect}, {@code close}, a server that closes, a network that drops and the
 * client's own reconnections, interleaved from several threads thousands of times
 * (bounded in time): after each round the lifecycle's invariants hold. Every attempt ends
 * in exactly one {@code closed}, a {@code reconnecting} is always followed by an attempt
 * or a {@code closed}, the client ends {@code CLOSED} with nothing open, and it can be
 * used again.
 */
class LifecycleRaceTests {

	private static final int ROUNDS = 3000;

	private static final Duration BUDGET = Duration.ofSeconds(40);

	private final ExecutorService threads = Executors.newFixedThreadPool(4);

	private final RoutesServer server = RoutesServer.start();

	@AfterEach
	void stop() {
		this.threads.shutdownNow();
		this.server.close();
	}

	@Test
	void theLifecycleInvariantsHoldHoweverConnectCloseAndConnectionLossInterleave() throws Exception {
		Random random = new Random(11);
		URI echo = this.server.uri("/echo");
		URI closing = this.server.uri("/close?code=4000&reason=bye");
		long deadline = System.nanoTime() + BUDGET.toNanos();
		int rounds = 0;
		while (rounds < ROUNDS && System.nanoTime() < deadline) {
			InstrumentationTests.Recorder recorder = new InstrumentationTests.Recorder();
			WsClient client = WsClient.create(WsClientOptions.builder()
				.instrumentation(recorder)
				.closeTimeout(millis(200))
				.reconnect(ReconnectPolicy.exponentialBackoff()
					.withDelays(Duration.ofNanos(200_000), millis(2))
					.withJitter(0.5)
					.withMaxAttempts(3))
				.build());
			CountDownLatch go = new CountDownLatch(1);
			List<Future<?>> actions = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				int action = random.nextInt(5);
				long pause = random.nextInt(400_000);
				actions.add(this.threads.submit(() -> {
					go.await();
					LockSupport.parkNanos(pause);
					act(action, client, echo, closing);
					return null;
				}));
			}
			go.countDown();
			for (Future<?> action : actions) {
				action.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
			StepVerifier.create(client.close()).expectComplete().verify(TIMEOUT);
			assertSettled(client, recorder, rounds);
			if (rounds % 100 == 0) {
				assertReusable(client);
			}
			rounds++;
		}
		System.out.println("LifecycleRaceTests: " + rounds + " rounds");
		assertThat(rounds).as("rounds within %s", BUDGET).isGreaterThanOrEqualTo(500);
	}

	private void act(int action, WsClient client, URI echo, URI closing) {
		try {
			switch (action) {
				case 0 -> client.connect(echo);
				case 1 -> client.connect(closing);
				case 2 -> client.close();
				case 3 -> this.server.dropConnections();
				default -> client.connect(echo).then(Mono.defer(client::close)).subscribe(null, (failure) -> {
				});
			}
		}
		catch (IllegalStateException ex) {
			// connect() on a client that is not closed: refused, as documented.
		}
	}

	private static void assertSettled(WsClient client, InstrumentationTests.Recorder recorder, int round) {
		assertThat(client.state()).as("state after round %d", round).isEqualTo(WsState.CLOSED);
		assertThatExceptionOfType(WsSendException.class).as("round %d", round)
			.isThrownBy(() -> client.sendNow("nothing is open"))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(WsSendException.Reason.NOT_OPEN));
		List<String> calls = recorder.calls();
		// Each attempt: connectStarted, then exactly one closed before anything else
		// starts; a reconnecting is followed by an attempt or by a closed.
		boolean inAttempt = false;
		boolean awaitingAttempt = false;
		for (String call : calls) {
			int space = call.indexOf(' ');
			String method = (space >= 0) ? call.substring(0, space) : call;
			switch (method) {
				case "connectStarted" -> {
					if (inAttempt) {
						fail("round %d: a second attempt started before the first closed: %s", round, calls);
					}
					inAttempt = true;
					awaitingAttempt = false;
				}
				case "closed" -> {
					if (!inAttempt && !awaitingAttempt) {
						fail("round %d: closed without an attempt or a scheduled reconnection: %s", round, calls);
					}
					inAttempt = false;
					awaitingAttempt = false;
				}
				case "reconnecting" -> {
					if (inAttempt || awaitingAttempt) {
						fail("round %d: reconnecting while an attempt is under way: %s", round, calls);
					}
					awaitingAttempt = true;
				}
				default -> {
					if (!inAttempt) {
						fail("round %d: %s outside an attempt: %s", round, method, calls);
					}
				}
			}
		}
		assertThat(inAttempt).as("round %d ended with an attempt that never closed: %s", round, calls).isFalse();
		assertThat(awaitingAttempt).as("round %d ended with a reconnecting never followed up: %s", round, calls)
			.isFalse();
		assertThat(recorder.overlaps).hasValue(0);
	}

	private void assertReusable(WsClient client) {
		client.connect(this.server.uri("/echo")).block(TIMEOUT);
		StepVerifier.create(client.messages().map(WsMessage::text).take(1))
			.then(() -> client.send("again"))
			.expectNext("again")
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(client.close()).expectComplete().verify(TIMEOUT);
		assertThat(client.state()).isEqualTo(WsState.CLOSED);
	}

}
