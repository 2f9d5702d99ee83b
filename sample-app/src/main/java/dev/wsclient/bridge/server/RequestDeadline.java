package dev.wsclient.bridge.server;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.netty.NettyPipeline;

/**
 * Deadlines for the part of an HTTP/1.1 connection's life that Reactor Netty leaves
 * unbounded: waiting for a request and receiving its headers. Reactor Netty's idle
 * timeout is reset by every byte and ends when the headers are decoded, so a peer that
 * sends one header byte per second keeps a connection forever; its request timeout covers
 * only the body. Here:
 * <ul>
 * <li>a connection that is open or has finished its last response gets the idle timeout
 * for the first byte of its next request;</li>
 * <li>from that first byte, the request's headers get the header timeout in all, however
 * the bytes trickle in;</li>
 * <li>while a request is being answered, neither applies (the body has Reactor Netty's
 * request timeout; a response, such as a stream, may last as long as it needs).</li>
 * </ul>
 * The connection is closed when a deadline passes, and as soon as a response that says
 * {@code Connection: close} is written, even when the request's body is still arriving (a
 * refused upload). A WebSocket upgrade ends it all: the connection is no longer HTTP.
 *
 * <p>
 * Two handlers share the state: one in front of the HTTP codec sees the first raw byte of
 * a request, the other behind it sees decoded requests and the responses written.
 * Everything runs on the connection's event loop.
 */
final class RequestDeadline extends ChannelDuplexHandler {

	static final String NAME = "bridge.requestDeadline";

	static final String FIRST_BYTE_NAME = "bridge.requestFirstByte";

	private static final Log logger = LogFactory.getLog(RequestDeadline.class);

	private final Duration idleTimeout;

	private final Duration headerTimeout;

	private Phase phase = Phase.IDLE;

	private int requestsInProgress;

	private boolean closeAfterResponse;

	private @Nullable ScheduledFuture<?> timer;

	private RequestDeadline(Duration idleTimeout, Duration headerTimeout) {
		this.idleTimeout = idleTimeout;
		this.headerTimeout = headerTimeout;
	}

	/**
	 * Put the deadlines on a new connection.
	 * @param pipeline the connection's pipeline, with Reactor Netty's HTTP codec
	 * @param idleTimeout how long to wait for the first byte of a request
	 * @param headerTimeout how long a request's headers may take from their first byte
	 */
	static void install(ChannelPipeline pipeline, Duration idleTimeout, Duration headerTimeout) {
		if (pipeline.get(NettyPipeline.HttpCodec) == null) {
			throw new IllegalStateException("No HTTP/1.1 codec in " + pipeline.names());
		}
		RequestDeadline deadline = new RequestDeadline(idleTimeout, headerTimeout);
		pipeline.addBefore(NettyPipeline.HttpCodec, FIRST_BYTE_NAME, deadline.new FirstByte());
		pipeline.addAfter(NettyPipeline.HttpCodec, NAME, deadline);
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		if (ctx.channel().isActive()) {
			idle(ctx);
		}
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		idle(ctx);
		ctx.fireChannelActive();
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		cancelTimer();
		ctx.fireChannelInactive();
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof HttpRequest request && request.decoderResult().isFailure() && !ctx.channel().isActive()) {
			// The rest of a request whose connection is gone, closed here or by the peer:
			// nothing to answer, and nothing worth a warning per connection.
			ReferenceCountUtil.release(msg);
			return;
		}
		if (msg instanceof HttpRequest) {
			this.requestsInProgress++;
			this.phase = Phase.ANSWERING;
			cancelTimer();
		}
		ctx.fireChannelRead(msg);
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		if (msg instanceof HttpResponse response) {
			if (response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
				upgraded(ctx);
				ctx.write(msg, promise);
				return;
			}
			this.closeAfterResponse = !HttpUtil.isKeepAlive(response);
		}
		if (msg instanceof LastHttpContent && this.closeAfterResponse) {
			// Answered with Connection: close, with the rest of the request's body
			// possibly still on its way: the connection ends with the response instead
			// of waiting for it.
			ChannelPromise written = promise.unvoid();
			ctx.write(msg, written);
			written.addListener(ChannelFutureListener.CLOSE);
			return;
		}
		if (msg instanceof LastHttpContent && this.requestsInProgress > 0 && --this.requestsInProgress == 0) {
			idle(ctx);
		}
		ctx.write(msg, promise);
	}

	private void firstByte(ChannelHandlerContext ctx) {
		if (this.phase == Phase.IDLE) {
			this.phase = Phase.HEADERS;
			arm(ctx, this.headerTimeout);
		}
	}

	private void idle(ChannelHandlerContext ctx) {
		this.phase = Phase.IDLE;
		arm(ctx, this.idleTimeout);
	}

	private void arm(ChannelHandlerContext ctx, Duration timeout) {
		cancelTimer();
		Phase armed = this.phase;
		this.timer = ctx.executor().schedule(() -> expired(ctx, armed), timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	private void expired(ChannelHandlerContext ctx, Phase armed) {
		if (this.phase != armed) {
			return;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Closing connection from " + ctx.channel().remoteAddress() + ": "
					+ ((armed == Phase.HEADERS) ? "request headers not complete within " + this.headerTimeout
							: "no request within " + this.idleTimeout));
		}
		ctx.close();
	}

	private void upgraded(ChannelHandlerContext ctx) {
		cancelTimer();
		this.phase = Phase.UPGRADED;
		ctx.pipeline().remove(FIRST_BYTE_NAME);
		ctx.pipeline().remove(this);
	}

	private void cancelTimer() {
		ScheduledFuture<?> armed = this.timer;
		if (armed != null) {
			armed.cancel(false);
			this.timer = null;
		}
	}

	private enum Phase {

		IDLE, HEADERS, ANSWERING, UPGRADED

	}

	/**
	 * In front of the codec: the first raw byte of a request starts its header deadline.
	 */
	private final class FirstByte extends ChannelInboundHandlerAdapter {

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (msg instanceof ByteBuf bytes && bytes.isReadable()) {
				firstByte(ctx);
			}
			ctx.fireChannelRead(msg);
		}

	}

}
