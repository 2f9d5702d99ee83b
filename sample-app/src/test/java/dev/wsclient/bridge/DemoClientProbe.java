package dev.wsclient.bridge;

import dev.wsclient.bridge.demo.DemoFeedAccess;
import dev.wsclient.core.WsState;

import org.springframework.context.ApplicationContext;

/** Reads the demo client's state from a running context. */
final class DemoClientProbe {

	private final ApplicationContext context;

	DemoClientProbe(ApplicationContext context) {
		this.context = context;
	}

	WsState state() {
		return DemoFeedAccess.client(this.context).state();
	}

	long messagesReceived() {
		return DemoFeedAccess.client(this.context).stats().messagesReceived();
	}

}
