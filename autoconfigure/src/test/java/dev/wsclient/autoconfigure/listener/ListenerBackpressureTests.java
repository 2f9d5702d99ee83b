package dev.wsclient.autoconfigure.listener;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.wsclient.autoconfigure.WsClients;
import dev.wsclient.core.WsState;
import dev.wsclient.test.MockWsServerExtension;
import dev.wsclient.test.server.MockWsConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.wsclient.autoconfigure.listener.ListenerTestSupport.awaitOpen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A slow listener slows the reading of the socket, as a slow {@code messages()}
 * subscriber does: the server is held back by TCP, the heap stays bounded, and every
 * message arrives, in order, once the listener goes on.
 */
class ListenerBackpressureTests {

	private static final int MESSAGES = 2000;

	private static final int PADDING = 64 * 1024;

	@RegisterExtension
	final MockWsServerExtension mock = new MockWsServerExtension();

	@Test
	void aBlockedListenerHoldsTheServerBackAndThenGetsEveryMessageInOrder() {
		ListenerTestSupport.runner(this.mock.server())
			.withPropertyValues("wsclient.clients.prices.receive-buffer-size=16",
					"wsclient.clients.prices.max-message-size=1MB")
			.withBean(GatedListener.class)
			.run((context) -> {
				WsClients clients = awaitOpen(context, "prices");
				GatedListener listener = context.getBean(GatedListener.class);
				long heapBefore = usedHeapAfterGc();
				String padding = "x".repeat(PADDING);
				// 2000 x 64 KiB, 128 MiB in all, made by the server only as its socket
				// takes them.
				MockWsConnection connection = this.mock.server()
					.awaitConnections(1, ListenerTestSupport.TIMEOUT)
					.get(0);
				connection.sendAll(MESSAGES, (i) -> "{\"seq\":" + i + ",\"padding\":\"" + padding + "\"}");
				await().atMost(ListenerTestSupport.TIMEOUT).until(() -> listener.received.size() == 1);
				// The listener is blocked on its first message: the client queues 16
				// more, stops reading, and TCP's buffers fill up.
				await().during(Duration.ofMillis(500))
					.atMost(ListenerTestSupport.TIMEOUT)
					.until(() -> connection.messagesSent() < MESSAGES / 4);
				assertThat(listener.received).hasSize(1);
				assertThat(usedHeapAfterGc() - heapBefore).as("heap growth while blocked")
					.isLessThan(48L * 1024 * 1024);
				listener.gate.countDown();
				await().atMost(Duration.ofMinutes(1)).until(() -> listener.received.size() == MESSAGES);
				assertThat(listener.received).containsExactlyElementsOf(IntStream.range(0, MESSAGES).boxed().toList());
				assertThat(listener.threads)
					.allSatisfy((thread) -> assertThat(thread).startsWith("wsclient-listener-"));
				assertThat(clients.get("prices").state()).isEqualTo(WsState.OPEN);
				assertThat(connection.messagesSent()).isEqualTo(MESSAGES);
			});
	}

	private static long usedHeapAfterGc() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		System.gc();
		return memory.getHeapMemoryUsage().getUsed();
	}

	record Padded(int seq, String padding) {
	}

	static class GatedListener {

		final CountDownLatch gate = new CountDownLatch(1);

		final List<Integer> received = new CopyOnWriteArrayList<>();

		final List<String> threads = new CopyOnWriteArrayList<>();

		@WsClientListener(value = "prices", blocking = true)
		void on(Padded message) throws InterruptedException {
			this.received.add(message.seq());
			this.threads.add(Thread.currentThread().getName());
			if (!this.gate.await(1, TimeUnit.MINUTES)) {
				throw new IllegalStateException("the test never opened the gate");
			}
		}

	}

}
