package dev.wsclient.bridge.server;

import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Closes connections beyond the maximum as soon as they are accepted, before anything is
 * read from them.
 */
@ChannelHandler.Sharable
final class ConnectionLimit extends ChannelInboundHandlerAdapter {

	static final String NAME = "bridge.connectionLimit";

	private static final Log logger = LogFactory.getLog(ConnectionLimit.class);

	private final int max;

	private final AtomicInteger open = new AtomicInteger();

	ConnectionLimit(int max) {
		this.max = max;
	}

	/**
	 * Return the number of connections open now.
	 * @return the number of connections
	 */
	int open() {
		return this.open.get();
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		if (this.open.incrementAndGet() > this.max) {
			if (logger.isDebugEnabled()) {
				logger.debug("Refusing connection from " + ctx.channel().remoteAddress() + ": " + this.max
						+ " connections are open (bridge.http.max-connections)");
			}
			ctx.close();
			return;
		}
		ctx.fireChannelActive();
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		this.open.decrementAndGet();
		ctx.fireChannelInactive();
	}

}
