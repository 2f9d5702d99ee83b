package dev.wsclient.bridge.demo;

import dev.wsclient.core.WsClient;

import org.springframework.context.ApplicationContext;

/** Test access to the package-private demo client. */
public final class DemoFeedAccess {

	private DemoFeedAccess() {
	}

	public static WsClient client(ApplicationContext context) {
		return context.getBean(DemoFeedClient.class).client();
	}

}
