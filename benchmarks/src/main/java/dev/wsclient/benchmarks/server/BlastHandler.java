package dev.wsclient.benchmarks.server;

import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;

/**
 * {@code /blast}: writes its messages while the channel is writable, resumes when it
 * becomes writable again, then sends a close frame with 1000 and closes TCP when the
 * client answers it (or after a grace period).
 */
final class BlastHandler extends ServerMode {

	private static final long CLOSE_GRACE_SECONDS = 30;

	private final Frames frames;

	private long remaining;

	private boolean closeSent;

	BlastHandler(Frames frames, long count) {
		if (count < 0) {
			throw new IllegalArgumentException("n must not be negative");
		}
		this.frames = frames;
		this.remaining = count;
	}

	@Override
	void opened(Channel channel) {
		writeWhileWritable(channel);
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) {
		if (ctx.channel().isWritable()) {
			writeWhileWritable(ctx.channel());
		}
		ctx.fireChannelWritabilityChanged();
	}

	@Override
	void closeReceived(ChannelHandlerContext ctx, CloseWebSocketFrame close) {
		if (this.closeSent) {
			ctx.close();
		}
		else {
			this.remaining = 0;
			this.closeSent = true;
			super.closeReceived(ctx, close);
		}
	}

	private void writeWhileWritable(Channel channel) {
		if (this.closeSent || !channel.isActive()) {
			return;
		}
		while (this.remaining > 0 && channel.isWritable()) {
			int count = (int) Math.min(this.frames.framesPerChunk(), this.remaining);
			channel.write(this.frames.frames(count));
			this.remaining -= count;
		}
		if (this.remaining == 0) {
			this.closeSent = true;
			channel.write(new CloseWebSocketFrame(1000, ""));
			channel.eventLoop().schedule(() -> channel.close(), CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
		}
		channel.flush();
	}

}
