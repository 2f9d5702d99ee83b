package dev.wsclient.benchmarks.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import org.jspecify.annotations.Nullable;

/**
 * The load server, run in its own JVM: a WebSocket server on 127.0.0.1 with three paths.
 * <ul>
 * <li>{@code /blast?n=&size=&type=text|binary} writes {@code n} messages as fast as the
 * socket takes them, never past the channel's writability, then closes with 1000;
 * {@code /blast?n=&type=json} does the same with the JSON tick of
 * {@link dev.wsclient.benchmarks.Tick};</li>
 * <li>{@code /echo} sends every message back;</li>
 * <li>{@code /idle} answers pings only;</li>
 * <li>{@code /feed}, only when started with a feed ({@link #start}): the connection is
 * handed to the feed, which writes what it likes.</li>
 * </ul>
 * It prints {@code LISTENING <port>} once bound and stops when its standard input ends.
 */
public final class LoadServer {

	/** The line printed once the server is bound, followed by the port. */
	public static final String READY = "LISTENING ";

	private LoadServer() {
	}

	/**
	 * Run the server.
	 * @param args optionally the port, 0 (any free port) by default
	 * @throws Exception when the server cannot start
	 */
	public static void main(String[] args) throws Exception {
		int port = (args.length > 0) ? Integer.parseInt(args[0]) : 0;
		try (Running server = start(port, null)) {
			System.out.println(READY + server.port());
			System.out.flush();
			awaitEndOfInput(System.in);
		}
	}

	/**
	 * Start the server in this JVM. With a feed, it also answers {@code /feed}: each
	 * connection there is handed to the feed once open, to write to as it likes (the
	 * fan-out benchmark's upstream).
	 * @param port the port, 0 for any free port
	 * @param feed what takes the connections to {@code /feed}, or {@code null} for no
	 * such path
	 * @return the running server
	 * @throws InterruptedException when interrupted while binding
	 */
	public static Running start(int port, @Nullable Consumer<Channel> feed) throws InterruptedException {
		boolean epoll = Epoll.isAvailable();
		IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
		Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class
				: NioServerSocketChannel.class;
		EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, io);
		EventLoopGroup workers = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), io);
		try {
			Channel server = new ServerBootstrap().group(boss, workers)
				.channel(channelType)
				.option(ChannelOption.SO_BACKLOG, 4096)
				.childOption(ChannelOption.TCP_NODELAY, true)
				.childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
				.childHandler(new ChannelInitializer<SocketChannel>() {

					@Override
					protected void initChannel(SocketChannel channel) {
						channel.pipeline()
							.addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024),
									new HandshakeHandler(feed));
					}

				})
				.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
				.sync()
				.channel();
			return new Running(server, boss, workers);
		}
		catch (InterruptedException | RuntimeException ex) {
			shutDown(boss, workers);
			throw ex;
		}
	}

	private static void shutDown(EventLoopGroup boss, EventLoopGroup workers) {
		boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
		workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
	}

	private static void awaitEndOfInput(InputStream input) throws IOException {
		byte[] discard = new byte[256];
		while (input.read(discard) != -1) {
			// The driver closes our standard input to stop us.
		}
	}

	/** A server started by {@link #start}; closing it stops it. */
	public static final class Running implements AutoCloseable {

		private final Channel server;

		private final EventLoopGroup boss;

		private final EventLoopGroup workers;

		private Running(Channel server, EventLoopGroup boss, EventLoopGroup workers) {
			this.server = server;
			this.boss = boss;
			this.workers = workers;
		}

		/**
		 * Return the port the server listens on.
		 * @return the port
		 */
		public int port() {
			return ((InetSocketAddress) this.server.localAddress()).getPort();
		}

		@Override
		public void close() {
			this.server.close().awaitUninterruptibly();
			shutDown(this.boss, this.workers);
		}

	}

}
