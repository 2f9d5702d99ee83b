package dev.wsclient.bridge.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.jspecify.annotations.Nullable;

/**
 * Stops reading a connection while its write queue is above Netty's high water mark, and
 * reads again once it has drained: a peer that does not read what it is sent cannot make
 * the bridge queue more, whatever it sends (pings answered with pongs, pipelined
 * requests). Also tells the stream written to the connection, if any, when it can write
 * again.
 */
public final class ConnectionFlowControl extends ChannelInboundHandlerAdapter {

	static final String NAME = "bridge.flowControl";

	// Event loop only.
	private boolean pausedReading;

	private volatile @Nullable Runnable writableListener;

	/**
	 * Call the listener, on the connection's event loop, each time the connection becomes
	 * writable again.
	 * @param channel the connection
	 * @param listener what to call
	 * @throws IllegalStateException when the connection has no flow control (it was not
	 * accepted by a server {@link HttpServerHardening} configured)
	 */
	public static void onWritable(Channel channel, Runnable listener) {
		ConnectionFlowControl flowControl = channel.pipeline().get(ConnectionFlowControl.class);
		if (flowControl == null) {
			throw new IllegalStateException("Connection " + channel + " has no flow control");
		}
		flowControl.writableListener = listener;
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) {
		ChannelConfig config = ctx.channel().config();
		boolean writable = ctx.channel().isWritable();
		if (!writable && config.isAutoRead()) {
			config.setAutoRead(false);
			this.pausedReading = true;
		}
		else if (writable && this.pausedReading) {
			this.pausedReading = false;
			config.setAutoRead(true);
		}
		ctx.fireChannelWritabilityChanged();
		Runnable listener = this.writableListener;
		if (writable && listener != null) {
			listener.run();
		}
	}

}
