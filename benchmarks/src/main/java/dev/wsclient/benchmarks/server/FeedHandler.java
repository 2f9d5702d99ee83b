package dev.wsclient.benchmarks.server;

import java.util.function.Consumer;

import io.netty.channel.Channel;

/**
 * {@code /feed}: hands the open connection to whoever writes the feed; what the peer
 * sends is ignored (pings are answered).
 */
final class FeedHandler extends ServerMode {

	private final Consumer<Channel> feed;

	FeedHandler(Consumer<Channel> feed) {
		this.feed = feed;
	}

	@Override
	void opened(Channel channel) {
		this.feed.accept(channel);
	}

}
