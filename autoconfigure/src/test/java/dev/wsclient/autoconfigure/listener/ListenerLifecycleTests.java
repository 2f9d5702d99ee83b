package dev.wsclient.autoconfigure.listener;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.wsclient.autoconfigure.event.WsClientClosedEvent;
import dev.wsclient.autoconfigure.event.WsClientConnectedEvent;
import dev.wsclient.autoconfigure.event.WsClientReconnectingEvent;
import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsCloseStatus;
import dev.wsclient.test.MockWsServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.wsclient.autoconfigure.listener.ListenerTestSupport.TIMEOUT;
import static dev.wsclient.autoconfigure.listener.ListenerTestSupport.awaitOpen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Lifecycle listener methods see the connection open, close and reconnect, in order with
 * the messages.
 */
class ListenerLifecycleTests {

	@RegisterExtension
	final MockWsServerExtension mock = new MockWsServerExtension();

	@Test
	void lifecycleMethodsSeeEveryConnectionInOrderWithItsMessages() {
		ListenerTestSupport.runner(this.mock.server()).withBean(Journal.class).run((context) -> {
			awaitOpen(context, "prices");
			this.mock.server().push("first");
			Journal journal = context.getBean(Journal.class);
			await().atMost(TIMEOUT).until(() -> journal.entries.size() == 2);
			this.mock.server().stop();
			await().atMost(TIMEOUT).until(() -> journal.entries.size() >= 4);
			this.mock.server().restart();
			awaitOpen(context, "prices");
			this.mock.server().push("second");
			await().atMost(TIMEOUT).until(() -> journal.entries.contains("message second"));
			assertThat(journal.entries.subList(0, 4)).containsExactly("connected prices", "message first",
					"closed with an error prices", "reconnecting 1");
			assertThat(journal.entries.subList(journal.entries.size() - 2, journal.entries.size()))
				.containsExactly("connected prices", "message second");
			assertThat(journal.clients).allSatisfy((client) -> assertThat(client).isSameAs(context.getBean("prices")));
		});
	}

	@Test
	void aListenerOfEveryClientHearsFromEachOfThem() {
		ListenerTestSupport.runner(this.mock.server())
			.withPropertyValues("wsclient.clients.orders.url=" + this.mock.server().uri("/ws?orders"))
			.withBean(Everyone.class)
			.run((context) -> {
				awaitOpen(context, "prices");
				awaitOpen(context, "orders");
				Everyone everyone = context.getBean(Everyone.class);
				await().atMost(TIMEOUT).until(() -> everyone.connected.size() == 2);
				assertThat(everyone.connected).containsExactlyInAnyOrder("prices", "orders");
			});
	}

	static class Everyone {

		final List<String> connected = new CopyOnWriteArrayList<>();

		@WsClientConnected("*")
		void connected(WsClientConnectedEvent event) {
			this.connected.add(event.getClientName());
		}

	}

	static class Journal {

		final List<String> entries = new CopyOnWriteArrayList<>();

		final List<WsClient> clients = new CopyOnWriteArrayList<>();

		@WsClientConnected("prices")
		void connected(WsClient client) {
			this.clients.add(client);
			this.entries.add("connected prices");
		}

		@WsClientListener("prices")
		void message(String text) {
			this.entries.add("message " + text);
		}

		@WsClientClosed("prices")
		void closed(WsCloseStatus status, WsClientClosedEvent event, WsClient client) {
			this.clients.add(client);
			this.entries
				.add("closed " + (status.isError() ? "with an error" : "normally") + " " + event.getClientName());
		}

		@WsClientReconnecting("${test.client-name:prices}")
		void reconnecting(WsClientReconnectingEvent event) {
			this.entries.add("reconnecting " + event.getAttempt());
		}

	}

}
