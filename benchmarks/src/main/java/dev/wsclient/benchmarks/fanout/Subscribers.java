package dev.wsclient.benchmarks.fanout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The subscribers of one server's stream, on raw Netty in the driver JVM: those that read
 * at full speed ({@link SseSubscriber}) and those that never read at all (automatic reads
 * off from the start, a {@value #NEVER_READER_RECEIVE_BUFFER}-byte receive buffer so that
 * they back up within a few messages).
 */
final class Subscribers implements AutoCloseable {

	static final int NEVER_READER_RECEIVE_BUFFER = 4096;

	private static final int CONNECTING_AT_ONCE = 64;

	private final EventLoopGroup group;

	private final Class<? extends SocketChannel> channelType;

	private final FeedMessages clock;

	private final SseSubscriber.Latencies latencies = new SseSubscriber.Latencies();

	private final List<SseSubscriber> readers = new ArrayList<>();

	private final List<Channel> channels = new ArrayList<>();

	private final List<Channel> neverReaders = new ArrayList<>();

	private int neverReadersConnected;

	Subscribers(FeedMessages clock) {
		boolean epoll = Epoll.isAvailable();
		IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
		this.channelType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
		this.group = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), io);
		this.clock = clock;
	}

	SseSubscriber.Latencies latencies() {
		return this.latencies;
	}

	/**
	 * Open streams that read at full speed and wait until each request is sent.
	 * @param port the server's port
	 * @param path the stream's path
	 * @param headers request headers
	 * @param count how many
	 * @throws InterruptedException when interrupted
	 */
	void connectReaders(int port, String path, Map<String, String> headers, int count) throws InterruptedException {
		List<ChannelFuture> pending = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			SseSubscriber reader = new SseSubscriber(this.clock, this.latencies);
			this.readers.add(reader);
			pending.add(connect(port, path, headers, reader, false));
			if (pending.size() == CONNECTING_AT_ONCE) {
				awaitSent(pending);
			}
		}
		awaitSent(pending);
	}

	/**
	 * Open streams that never read and wait until each request is sent.
	 * @param port the server's port
	 * @param path the stream's path
	 * @param headers request headers
	 * @param count how many
	 * @throws InterruptedException when interrupted
	 */
	void connectNeverReaders(int port, String path, Map<String, String> headers, int count)
			throws InterruptedException {
		List<ChannelFuture> pending = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ChannelFuture sent = connect(port, path, headers, null, true);
			this.neverReaders.add(sent.channel());
			this.neverReadersConnected++;
			pending.add(sent);
			if (pending.size() == CONNECTING_AT_ONCE) {
				awaitSent(pending);
			}
		}
		awaitSent(pending);
	}

	/**
	 * Close the never-readers' connections.
	 */
	void closeNeverReaders() {
		this.neverReaders.forEach((channel) -> channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS));
		this.neverReaders.clear();
	}

	/**
	 * Return how many never-readers were opened so far, closed ones included.
	 * @return the count
	 */
	int neverReadersConnected() {
		return this.neverReadersConnected;
	}

	List<SseSubscriber> readers() {
		return this.readers;
	}

	/**
	 * Return the lowest sequence number every reader still streaming has reached.
	 * @return the sequence number, {@link Long#MAX_VALUE} when no reader is left
	 */
	long slowestSequence() {
		long slowest = Long.MAX_VALUE;
		for (SseSubscriber reader : this.readers) {
			if (!reader.ended() && !reader.stalled()) {
				slowest = Math.min(slowest, reader.lastSequence());
			}
		}
		return slowest;
	}

	/**
	 * Stop waiting for the readers still streaming that have not reached a sequence
	 * number: the server stopped sending to them.
	 * @param sequence the sequence number
	 * @return how many readers that was
	 */
	int stallBehind(long sequence) {
		int stalled = 0;
		for (SseSubscriber reader : this.readers) {
			if (!reader.ended() && !reader.stalled() && reader.lastSequence() < sequence) {
				reader.stall();
				stalled++;
			}
		}
		if (slowestSequence() == Long.MAX_VALUE) {
			throw new IllegalStateException("no reader is left streaming");
		}
		return stalled;
	}

	long stalled() {
		return this.readers.stream().filter(SseSubscriber::stalled).count();
	}

	long received() {
		return this.readers.stream().mapToLong(SseSubscriber::received).sum();
	}

	long missed() {
		return this.readers.stream().mapToLong(SseSubscriber::missed).sum();
	}

	long disordered() {
		return this.readers.stream().mapToLong(SseSubscriber::disordered).sum();
	}

	long ended() {
		return this.readers.stream().filter(SseSubscriber::ended).count();
	}

	/**
	 * Return the statuses other than 200 that readers got, as a description.
	 * @return the description, empty when every reader got 200 or nothing yet
	 */
	String badStatuses() {
		return this.readers.stream()
			.mapToInt(SseSubscriber::status)
			.filter((status) -> status != 0 && status != 200)
			.mapToObj(String::valueOf)
			.distinct()
			.reduce((a, b) -> a + "," + b)
			.orElse("");
	}

	/**
	 * Close every connection and stop the event loops.
	 */
	@Override
	public void close() {
		this.channels.forEach(Channel::close);
		this.channels.forEach((channel) -> channel.closeFuture().awaitUninterruptibly(5, TimeUnit.SECONDS));
		this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
	}

	private ChannelFuture connect(int port, String path, Map<String, String> headers,
			@org.jspecify.annotations.Nullable SseSubscriber reader, boolean neverReads) {
		Bootstrap bootstrap = new Bootstrap().group(this.group)
			.channel(this.channelType)
			.option(ChannelOption.TCP_NODELAY, true)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
			.handler(new ChannelInitializer<SocketChannel>() {

				@Override
				protected void initChannel(SocketChannel channel) {
					channel.pipeline().addLast(new HttpClientCodec(), (reader != null) ? reader : new NeverReader());
				}

			});
		if (neverReads) {
			bootstrap.option(ChannelOption.SO_RCVBUF, NEVER_READER_RECEIVE_BUFFER)
				.option(ChannelOption.AUTO_READ, false);
		}
		ChannelFuture connected = bootstrap.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
		Channel channel = connected.channel();
		this.channels.add(channel);
		FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
		request.headers().set(HttpHeaderNames.HOST, "127.0.0.1:" + port);
		request.headers().set(HttpHeaderNames.ACCEPT, "text/event-stream");
		headers.forEach((name, value) -> request.headers().set(name, value));
		return connected.addListener((ChannelFuture future) -> {
			if (future.isSuccess()) {
				channel.writeAndFlush(request);
			}
			else {
				request.release();
			}
		});
	}

	private static void awaitSent(List<ChannelFuture> pending) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		for (ChannelFuture future : pending) {
			long left = deadline - System.nanoTime();
			if (!future.await(Math.max(1, left), TimeUnit.NANOSECONDS) || !future.isSuccess()) {
				throw new IllegalStateException("a subscriber could not connect to 127.0.0.1 within 30 s",
						future.cause());
			}
		}
		pending.clear();
	}

	/** Lets a never-reader's connection end quietly when the server resets it. */
	private static final class NeverReader extends ChannelInboundHandlerAdapter {

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			ctx.close();
		}

	}

}
