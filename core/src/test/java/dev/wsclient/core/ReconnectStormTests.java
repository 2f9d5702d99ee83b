package dev.wsclient.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.wsclient.core.testsupport.RestartableServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import static dev.wsclient.core.ScriptedExchange.soon;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A thousand clients with the default reconnect policy lose their server at the same
 * moment; it comes straight back. Jitter spreads their reconnections out instead of
 * hitting the server in one burst, and every client ends up open again. All clients share
 * Reactor Netty's default event loops.
 */
@Tag(TestResources.HEAVY)
class ReconnectStormTests {

	private static final int CLIENTS = 1000;

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final List<WsClient> clients = new ArrayList<>();

	private final List<Disposable> subscriptions = new ArrayList<>();

	private @Nullable RestartableServer server;

	@AfterEach
	void cleanUp() {
		Flux.fromIterable(this.clients).flatMap((client) -> client.close().onErrorComplete(), 64).then().block(TIMEOUT);
		this.subscriptions.forEach(Disposable::dispose);
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void thousandClientsReconnectSpreadOutByJitterAndAllEndOpen() {
		RestartableServer server = RestartableServer.start();
		this.server = server;
		ReconnectPolicy policy = ReconnectPolicy.exponentialBackoff();
		WsClientOptions options = WsClientOptions.builder().reconnect(policy).connectTimeout(TIMEOUT).build();
		AtomicInteger reconnecting = new AtomicInteger();
		List<Long> lostAt = new CopyOnWriteArrayList<>();
		List<Duration> delays = new CopyOnWriteArrayList<>();
		for (int i = 0; i < CLIENTS; i++) {
			WsClient client = WsClient.create(options);
			client.onClose((ws, status) -> {
				lostAt.add(System.nanoTime());
				reconnecting.incrementAndGet();
			});
			this.clients.add(client);
			this.subscriptions.add(
					client.events().ofType(WsEvent.Reconnecting.class).subscribe((event) -> delays.add(event.delay())));
		}
		Flux.fromIterable(this.clients)
			.flatMap((client) -> client.connect(server.uri("/echo")), 100)
			.then()
			.block(TIMEOUT);
		soon().atMost(TIMEOUT).until(() -> server.openConnections() == CLIENTS);
		int acceptedBefore = server.acceptedAtNanos().size();

		long killedAt = System.nanoTime();
		server.kill();
		server.restart();
		soon().atMost(TIMEOUT).until(() -> reconnecting.get() >= CLIENTS);
		soon().atMost(TIMEOUT).until(() -> this.clients.stream().allMatch((client) -> client.state() == WsState.OPEN));
		soon().atMost(TIMEOUT).until(() -> server.openConnections() == CLIENTS);

		List<Long> reconnections = server.acceptedAtNanos().subList(acceptedBefore, server.acceptedAtNanos().size());
		assertThat(reconnections).as("one reconnection per client").hasSize(CLIENTS);
		List<Duration> afterKill = reconnections.stream()
			.map((at) -> Duration.ofNanos(at - killedAt))
			.sorted()
			.toList();
		int busiestWindow = busiestWindow(afterKill, Duration.ofMillis(100));
		List<Duration> lost = lostAt.stream().map((at) -> Duration.ofNanos(at - killedAt)).sorted().toList();
		List<Duration> sortedDelays = delays.stream().sorted().toList();
		System.out.printf(
				"ReconnectStormTests: %d clients lost their connection %d to %d ms after the kill; jittered delays "
						+ "%d to %d ms (p5 %d, p95 %d); server accepted the reconnections %d to %d ms after the kill "
						+ "(p5 %d, p95 %d), at most %d in one 100 ms window%n",
				CLIENTS, lost.get(0).toMillis(), lost.get(CLIENTS - 1).toMillis(), sortedDelays.get(0).toMillis(),
				sortedDelays.get(sortedDelays.size() - 1).toMillis(), percentile(sortedDelays, 5).toMillis(),
				percentile(sortedDelays, 95).toMillis(), afterKill.get(0).toMillis(),
				afterKill.get(CLIENTS - 1).toMillis(), percentile(afterKill, 5).toMillis(),
				percentile(afterKill, 95).toMillis(), busiestWindow);

		// Each client waits initialDelay plus up to half of it (jitter 0.5): 1 s to 1.5
		// s.
		Duration initialDelay = policy.initialDelay();
		Duration maxFirstDelay = initialDelay.plus(initialDelay.dividedBy(2));
		assertThat(sortedDelays).as("first reconnection delays").hasSize(CLIENTS);
		assertThat(sortedDelays).allSatisfy((delay) -> assertThat(delay).isBetween(initialDelay, maxFirstDelay));
		// Jitter spreads them evenly over that half second, not around a single moment.
		assertThat(spread(sortedDelays)).as("spread of the middle 90%% of the delays")
			.isGreaterThanOrEqualTo(initialDelay.multipliedBy(35).dividedBy(100));
		// The server saw them spread out too: nobody came back before initialDelay, and
		// no single burst.
		assertThat(afterKill.get(0)).isGreaterThanOrEqualTo(initialDelay);
		assertThat(spread(afterKill)).as("spread of the middle 90%% of the reconnections the server accepted")
			.isGreaterThanOrEqualTo(Duration.ofMillis(300));
		assertThat(busiestWindow).as("reconnections accepted in the busiest 100 ms").isLessThan(CLIENTS / 2);
	}

	private static Duration percentile(List<Duration> sorted, int percent) {
		return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percent / 100));
	}

	private static Duration spread(List<Duration> sorted) {
		return percentile(sorted, 95).minus(percentile(sorted, 5));
	}

	private static int busiestWindow(List<Duration> sorted, Duration window) {
		int busiest = 0;
		int start = 0;
		for (int end = 0; end < sorted.size(); end++) {
			while (sorted.get(end).minus(sorted.get(start)).compareTo(window) >= 0) {
				start++;
			}
			busiest = Math.max(busiest, end - start + 1);
		}
		return busiest;
	}

}
