package dev.wsclient.test.server;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.jspecify.annotations.Nullable;

/**
 * An in-process WebSocket server for tests, on {@code 127.0.0.1}: it records what clients
 * send, sends what the test tells it to, and misbehaves on purpose.
 *
 * <pre class="code">
 * try (MockWsServer server = MockWsServer.start()) {
 *     server.sendOnConnect("welcome");
 *     server.enqueueReply("ack");
 *     // connect a client to server.uri("/feed"), send "subscribe"
 *     assertThat(server.takeHandshake(timeout).header("Authorization")).isEqualTo("Bearer t");
 *     assertThat(server.takeMessage(timeout).text()).isEqualTo("subscribe");
 *     server.misbehave(Misbehaviour.close(4000, "maintenance")); // every next connection
 * }
 * </pre>
 *
 * <p>
 * Any path is a WebSocket endpoint. The server answers pings, echoes the client's close
 * frame, negotiates the subprotocols it was built with and permessage-deflate when built
 * with {@link Builder#permessageDeflate(boolean)}; {@link #answerHandshakes(Function)}
 * decides per request instead (other subprotocols on one path, a refusal with a
 * {@code Location} header, ...). Whole messages are recorded, up to
 * {@link Builder#maxMessageSize(int)} each (64 MiB by default; larger ones are refused
 * with close code 1009).
 * <p>
 * Memory is bounded for tests that never take what was recorded: at most
 * {@link Builder#recordCapacity(int)} received messages and handshakes wait to be taken
 * (10 000 by default; the next take fails loudly when more arrived), and
 * {@link #connections()} lists the first that many connections. Every wait takes a
 * timeout.
 *
 * @since 0.1.0
 */
public final class MockWsServer implements AutoCloseable {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final Duration RESTART_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration RESTART_RETRY = Duration.ofMillis(20);

	private final EventLoopGroup group;

	private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

	private final @Nullable SelfSignedTls tls;

	private final List<String> subprotocols;

	private final boolean permessageDeflate;

	private final int maxMessageSize;

	private final int recordCapacity;

	private final RecordQueue<ReceivedMessage> messages;

	private final RecordQueue<HandshakeRequest> handshakes;

	private final AtomicInteger handshakeCount = new AtomicInteger();

	private final List<MockWsConnection> connections = new CopyOnWriteArrayList<>();

	private final AtomicInteger connectionCount = new AtomicInteger();

	private final AtomicLong pingsReceived = new AtomicLong();

	private final AtomicLong pongsReceived = new AtomicLong();

	private final Set<MockWsConnection> open = ConcurrentHashMap.newKeySet();

	private final List<OutboundMessage> greetings = new CopyOnWriteArrayList<>();

	private final Queue<OutboundMessage> replies = new ConcurrentLinkedQueue<>();

	private final Queue<Misbehaviour> nextMisbehaviours = new ConcurrentLinkedQueue<>();

	private final List<Throwable> failures = new CopyOnWriteArrayList<>();

	private final Object monitor = new Object();

	private final int port;

	private volatile @Nullable Misbehaviour misbehaviour;

	private volatile @Nullable Replier replier;

	private volatile @Nullable Consumer<MockWsConnection> connectHandler;

	private volatile @Nullable Function<HandshakeRequest, HandshakeAnswer> answerer;

	private volatile @Nullable Channel serverChannel;

	private MockWsServer(Builder builder) {
		this.tls = builder.tls;
		this.subprotocols = List.copyOf(builder.subprotocols);
		this.permessageDeflate = builder.permessageDeflate;
		this.maxMessageSize = builder.maxMessageSize;
		this.recordCapacity = builder.recordCapacity;
		this.messages = new RecordQueue<>(builder.recordCapacity, "message");
		this.handshakes = new RecordQueue<>(builder.recordCapacity, "handshake");
		this.group = new MultiThreadIoEventLoopGroup(builder.threads, new DefaultThreadFactory("mock-ws-server", true),
				NioIoHandler.newFactory());
		try {
			Channel bound = bind(builder.port);
			this.serverChannel = bound;
			this.port = ((InetSocketAddress) bound.localAddress()).getPort();
		}
		catch (RuntimeException ex) {
			this.group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
			throw ex;
		}
	}

	/**
	 * Start a plain ({@code ws://}) server on a free port.
	 * @return the running server
	 */
	public static MockWsServer start() {
		return builder().start();
	}

	/**
	 * Return a builder, for TLS, a fixed port, subprotocols or limits.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	private Channel bind(int port) {
		ServerBootstrap bootstrap = new ServerBootstrap().group(this.group)
			.channel(NioServerSocketChannel.class)
			// Restarting on the same port must work while old connections linger in
			// TIME_WAIT.
			.option(ChannelOption.SO_REUSEADDR, true)
			.option(ChannelOption.SO_BACKLOG, 4096)
			.childOption(ChannelOption.TCP_NODELAY, true)
			.childHandler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel channel) {
					MockWsServer.this.channels.add(channel);
					SelfSignedTls identity = MockWsServer.this.tls;
					if (identity != null) {
						channel.pipeline().addLast(identity.serverSslContext().newHandler(channel.alloc()));
					}
					channel.pipeline()
						.addLast(new HttpServerCodec())
						.addLast(new HttpObjectAggregator(64 * 1024))
						.addLast(new HandshakeHandler(MockWsServer.this));
				}
			});
		ChannelFuture future = bootstrap.bind("127.0.0.1", port);
		if (!future.awaitUninterruptibly(TIMEOUT.toMillis())) {
			future.channel().close();
			throw new IllegalStateException("could not listen on 127.0.0.1:" + port + " within " + TIMEOUT);
		}
		if (!future.isSuccess()) {
			throw new IllegalStateException("could not listen on 127.0.0.1:" + port, future.cause());
		}
		return future.channel();
	}

	/**
	 * Return the port, the same across {@link #restart()}s.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return whether the server speaks TLS ({@code wss://}).
	 * @return whether it was built with a TLS identity
	 */
	public boolean isSecure() {
		return this.tls != null;
	}

	/**
	 * Return the TLS identity the server presents, for the client's trust material
	 * ({@link SelfSignedTls#clientSslContext()}, {@link SelfSignedTls#trustStore()},
	 * {@link SelfSignedTls#certificatePem()}).
	 * @return the identity
	 * @throws IllegalStateException if the server is plain
	 */
	public SelfSignedTls tls() {
		SelfSignedTls identity = this.tls;
		if (identity == null) {
			throw new IllegalStateException("the server was built without TLS: use MockWsServer.builder().tls()");
		}
		return identity;
	}

	/**
	 * Return the server's root URI.
	 * @return {@code ws://127.0.0.1:<port>/} or {@code wss://...}
	 */
	public URI uri() {
		return uri("/");
	}

	/**
	 * Return a URI of the server.
	 * @param pathAndQuery a path starting with {@code /}, with a query if wanted
	 * @return {@code ws://127.0.0.1:<port><pathAndQuery>} or {@code wss://...}
	 */
	public URI uri(String pathAndQuery) {
		if (!pathAndQuery.startsWith("/")) {
			throw new IllegalArgumentException("pathAndQuery must start with '/' but was '" + pathAndQuery + "'");
		}
		return URI.create((isSecure() ? "wss" : "ws") + "://127.0.0.1:" + this.port + pathAndQuery);
	}

	/**
	 * Send these text messages to every connection right after its handshake, in order;
	 * they add to those given before.
	 * @param texts the messages
	 * @return this server
	 */
	public MockWsServer sendOnConnect(String... texts) {
		Arrays.stream(texts).map(OutboundMessage::text).forEach(this.greetings::add);
		return this;
	}

	/**
	 * Send this binary message to every connection right after its handshake, after the
	 * messages given before.
	 * @param bytes the payload (copied)
	 * @return this server
	 */
	public MockWsServer sendOnConnect(byte[] bytes) {
		this.greetings.add(OutboundMessage.binary(bytes));
		return this;
	}

	/**
	 * Queue replies: each message received from now on, on any connection, is answered
	 * with the next one in the queue; once it is empty, the {@link #replyWith(Replier)
	 * replier} (if any) answers.
	 * @param texts the replies, in order
	 * @return this server
	 */
	public MockWsServer enqueueReply(String... texts) {
		Arrays.stream(texts).map(OutboundMessage::text).forEach(this::enqueue);
		return this;
	}

	/**
	 * Queue a binary reply; see {@link #enqueueReply(String...)}.
	 * @param bytes the payload (copied)
	 * @return this server
	 */
	public MockWsServer enqueueReply(byte[] bytes) {
		enqueue(OutboundMessage.binary(bytes));
		return this;
	}

	private void enqueue(OutboundMessage reply) {
		if (this.replies.size() >= this.recordCapacity) {
			throw new IllegalStateException("at most " + this.recordCapacity + " replies may be queued");
		}
		this.replies.add(reply);
	}

	/**
	 * Answer every message that finds the reply queue empty with a function of it.
	 * @param replier the function, called on the connection's I/O thread (it must not
	 * block); {@code null} for no answer
	 * @return this server
	 */
	public MockWsServer replyWith(@Nullable Replier replier) {
		this.replier = replier;
		return this;
	}

	/**
	 * Echo every message that finds the reply queue empty.
	 * @return this server
	 */
	public MockWsServer echo() {
		return replyWith((message, connection) -> {
			if (message.isText()) {
				connection.send(message.text());
			}
			else {
				connection.send(message.bytes());
			}
		});
	}

	/**
	 * Hand every new connection to a handler right after the handshake (and after the
	 * {@link #sendOnConnect(String...) messages on connect}), for example to start
	 * sending by path ({@code connection.handshake().path()}).
	 * @param handler called on the connection's I/O thread (it must not block);
	 * {@code null} for none
	 * @return this server
	 */
	public MockWsServer whenConnected(@Nullable Consumer<MockWsConnection> handler) {
		this.connectHandler = handler;
		return this;
	}

	/**
	 * Decide how to answer each opening handshake that no handshake
	 * {@link #misbehave(Misbehaviour) misbehaviour} answers: accept it, with the server's
	 * settings or others for this request, or refuse it with an HTTP status and headers.
	 * <pre class="code">
	 * server.answerHandshakes((request) -&gt; request.path().equals("/chat")
	 *         ? HandshakeAnswer.accept().subprotocols("chat.v1") : HandshakeAnswer.refuse(404));
	 * </pre> The handshake is recorded ({@link #takeHandshake(Duration)}) either way; a
	 * post-handshake misbehaviour meant for a refused handshake is spent on it.
	 * @param answerer called on the connection's I/O thread (it must not block) with the
	 * request; what it throws refuses the handshake with 500 and is kept in
	 * {@link #failures()}; {@code null} to accept every handshake with the server's
	 * settings (the default)
	 * @return this server
	 */
	public MockWsServer answerHandshakes(@Nullable Function<HandshakeRequest, HandshakeAnswer> answerer) {
		this.answerer = answerer;
		return this;
	}

	/**
	 * Send a text message to every open connection now.
	 * @param text the message
	 * @return how many connections it was sent to
	 */
	public int push(String text) {
		return push(OutboundMessage.text(text));
	}

	/**
	 * Send a binary message to every open connection now.
	 * @param bytes the payload (copied)
	 * @return how many connections it was sent to
	 */
	public int push(byte[] bytes) {
		return push(OutboundMessage.binary(bytes));
	}

	private int push(OutboundMessage message) {
		int sent = 0;
		for (MockWsConnection connection : this.open) {
			if (!connection.isSilent()) {
				connection.sendUnlessSilent(message.frame());
				sent++;
			}
		}
		return sent;
	}

	/**
	 * Misbehave on every connection from now on, until {@link #behave()}.
	 * @param misbehaviour what to do
	 * @return this server
	 */
	public MockWsServer misbehave(Misbehaviour misbehaviour) {
		this.misbehaviour = Objects.requireNonNull(misbehaviour, "misbehaviour must not be null");
		return this;
	}

	/**
	 * Misbehave on the next connection only (queued ones go first, in order, before the
	 * one set by {@link #misbehave(Misbehaviour)}).
	 * @param misbehaviour what to do
	 * @return this server
	 */
	public MockWsServer misbehaveOnce(Misbehaviour misbehaviour) {
		Objects.requireNonNull(misbehaviour, "misbehaviour must not be null");
		if (this.nextMisbehaviours.size() >= this.recordCapacity) {
			throw new IllegalStateException("at most " + this.recordCapacity + " misbehaviours may be queued");
		}
		this.nextMisbehaviours.add(misbehaviour);
		return this;
	}

	/**
	 * Behave again: forget the misbehaviours of {@link #misbehave(Misbehaviour)} and
	 * {@link #misbehaveOnce(Misbehaviour)} (open connections stay as they are).
	 * @return this server
	 */
	public MockWsServer behave() {
		this.misbehaviour = null;
		this.nextMisbehaviours.clear();
		return this;
	}

	/**
	 * Take the oldest message not taken yet, from any connection, waiting for one.
	 * @param timeout how long to wait at most
	 * @return the message
	 * @throws AssertionError if none arrived in time
	 * @throws IllegalStateException if messages were lost to the record capacity
	 */
	public ReceivedMessage takeMessage(Duration timeout) {
		return this.messages.take(timeout, this.connectionCount.get() + " connection(s) so far");
	}

	/**
	 * Take the oldest message not taken yet, waiting for one.
	 * @param timeout how long to wait at most
	 * @return the message, or {@code null} if none arrived in time
	 */
	public @Nullable ReceivedMessage pollMessage(Duration timeout) {
		return this.messages.poll(timeout);
	}

	/**
	 * Return the messages received and not taken yet, oldest first, without taking them.
	 * @return a snapshot
	 */
	public List<ReceivedMessage> messages() {
		return this.messages.snapshot();
	}

	/**
	 * Take the oldest handshake request not taken yet (answered or not), waiting for one.
	 * @param timeout how long to wait at most
	 * @return the request
	 * @throws AssertionError if none arrived in time
	 */
	public HandshakeRequest takeHandshake(Duration timeout) {
		return this.handshakes.take(timeout, this.handshakeCount.get() + " handshake(s) so far");
	}

	/**
	 * Return the handshake requests received and not taken yet, oldest first, without
	 * taking them (answered or not).
	 * @return a snapshot
	 */
	public List<HandshakeRequest> handshakes() {
		return this.handshakes.snapshot();
	}

	/**
	 * Return how many ping frames arrived, on all connections, across restarts (answered
	 * or not: a {@link Misbehaviour#silent() silent} connection counts them too).
	 * @return the count
	 * @see MockWsConnection#pingsReceived()
	 */
	public long pingsReceived() {
		return this.pingsReceived.get();
	}

	/**
	 * Return how many pong frames arrived, on all connections, across restarts: answers
	 * to {@link MockWsConnection#ping(byte[])} and unsolicited ones.
	 * @return the count
	 * @see MockWsConnection#pongsReceived()
	 */
	public long pongsReceived() {
		return this.pongsReceived.get();
	}

	/**
	 * Return how many handshake requests arrived, answered or not.
	 * @return the count
	 */
	public int handshakeCount() {
		return this.handshakeCount.get();
	}

	/**
	 * Return how many WebSocket connections the server opened (handshakes answered with
	 * 101), across restarts.
	 * @return the count
	 */
	public int connectionCount() {
		return this.connectionCount.get();
	}

	/**
	 * Return how many WebSocket connections are open now.
	 * @return the count
	 */
	public int openConnections() {
		// A connection closed a moment ago may not have been removed yet.
		return (int) this.open.stream().filter(MockWsConnection::isOpen).count();
	}

	/**
	 * Return the connections the server opened, in order, open or not (the first
	 * {@link Builder#recordCapacity(int)} of them).
	 * @return a snapshot
	 */
	public List<MockWsConnection> connections() {
		return List.copyOf(this.connections);
	}

	/**
	 * Wait until the server has opened at least {@code count} connections.
	 * @param count how many
	 * @param timeout how long to wait at most
	 * @return the first {@code count} connections
	 * @throws AssertionError if fewer opened in time
	 */
	public List<MockWsConnection> awaitConnections(int count, Duration timeout) {
		if (count > this.recordCapacity) {
			throw new IllegalArgumentException("count must be at most the record capacity " + this.recordCapacity);
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.monitor) {
			while (this.connections.size() < count) {
				long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
				if (remaining <= 0) {
					throw new AssertionError(count + " connection(s) expected within " + timeout + ", "
							+ this.connections.size() + " opened (" + this.handshakeCount.get() + " handshake(s))");
				}
				try {
					this.monitor.wait(remaining);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("interrupted while waiting for connections", ex);
				}
			}
			return List.copyOf(this.connections.subList(0, count));
		}
	}

	/**
	 * Return what the {@link #replyWith(Replier) replier} and the
	 * {@link #whenConnected(Consumer) connect handler} threw (each connection they threw
	 * on was closed with code 1011), and what the {@link #answerHandshakes(Function)
	 * handshake answerer} threw (each handshake it threw on was refused with 500).
	 * @return a snapshot
	 */
	public List<Throwable> failures() {
		return List.copyOf(this.failures);
	}

	/**
	 * End every open connection at the TCP level, without a close frame; the server keeps
	 * listening.
	 */
	public void dropConnections() {
		this.channels.close().awaitUninterruptibly(TIMEOUT.toMillis());
	}

	/**
	 * Stop listening and end every connection without a close frame, as a crashing server
	 * does: clients then get "connection refused" until {@link #restart()}. Does nothing
	 * when stopped already.
	 */
	public void stop() {
		Channel listening = this.serverChannel;
		this.serverChannel = null;
		if (listening != null) {
			// Stop accepting first, so that no client gets in while the others are
			// dropped.
			listening.close().awaitUninterruptibly(TIMEOUT.toMillis());
		}
		dropConnections();
	}

	/**
	 * Listen again on the same port after {@link #stop()}.
	 * @throws IllegalStateException if the server is running, or the port is still taken
	 * after 30 seconds
	 */
	public void restart() {
		if (this.serverChannel != null) {
			throw new IllegalStateException("the server is running; stop() it first");
		}
		// While the server was down, a client's connection attempt may have been given
		// this very port as its own: loopback connections take their ports from the range
		// a free port is chosen from, and an attempt on the closed port can even connect
		// to itself. The port is free again once that attempt ends.
		long deadline = System.nanoTime() + RESTART_TIMEOUT.toNanos();
		while (true) {
			try {
				this.serverChannel = bind(this.port);
				return;
			}
			catch (IllegalStateException ex) {
				if (!(ex.getCause() instanceof BindException) || System.nanoTime() - deadline > 0) {
					throw ex;
				}
				LockSupport.parkNanos(RESTART_RETRY.toNanos());
			}
		}
	}

	/**
	 * Return whether the server is listening.
	 * @return {@code false} after {@link #stop()} or {@link #close()}
	 */
	public boolean isRunning() {
		return this.serverChannel != null;
	}

	/**
	 * Stop, release the port and end the server's threads (waits at most 10 seconds).
	 */
	@Override
	public void close() {
		stop();
		this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(TIMEOUT.toMillis());
	}

	@Override
	public String toString() {
		return "MockWsServer[" + uri() + (isRunning() ? "" : ", stopped") + ", " + openConnections() + " open]";
	}

	int maxMessageSize() {
		return this.maxMessageSize;
	}

	List<String> subprotocols() {
		return this.subprotocols;
	}

	boolean permessageDeflate() {
		return this.permessageDeflate;
	}

	HandshakeAnswer answer(HandshakeRequest request) {
		Function<HandshakeRequest, HandshakeAnswer> current = this.answerer;
		if (current == null) {
			return HandshakeAnswer.accept();
		}
		try {
			return Objects.requireNonNull(current.apply(request), "the handshake answerer returned null");
		}
		catch (RuntimeException ex) {
			recordFailure(ex);
			return HandshakeAnswer.refuse(500);
		}
	}

	void pingReceived() {
		this.pingsReceived.incrementAndGet();
	}

	void pongReceived() {
		this.pongsReceived.incrementAndGet();
	}

	HandshakeRequest handshakeReceived(HttpRequest request) {
		HandshakeRequest recorded = new HandshakeRequest(this.handshakeCount.getAndIncrement(), request);
		this.handshakes.add(recorded);
		return recorded;
	}

	@Nullable Misbehaviour nextMisbehaviour() {
		Misbehaviour once = this.nextMisbehaviours.poll();
		return (once != null) ? once : this.misbehaviour;
	}

	void opened(MockWsConnection connection) {
		this.open.add(connection);
		this.connectionCount.incrementAndGet();
		synchronized (this.monitor) {
			if (this.connections.size() < this.recordCapacity) {
				this.connections.add(connection);
			}
			this.monitor.notifyAll();
		}
	}

	/**
	 * Right after the 101 response: go silent if asked, send the greetings, misbehave if
	 * asked, then hand the connection to the connect handler.
	 */
	void greet(MockWsConnection connection, @Nullable Misbehaviour misbehaviour) {
		if (misbehaviour != null && misbehaviour.kind() == Misbehaviour.Kind.SILENT) {
			connection.misbehave(misbehaviour);
		}
		for (OutboundMessage greeting : this.greetings) {
			connection.sendUnlessSilent(greeting.frame());
		}
		if (misbehaviour != null && misbehaviour.kind() != Misbehaviour.Kind.SILENT) {
			connection.misbehave(misbehaviour);
		}
		Consumer<MockWsConnection> handler = this.connectHandler;
		if (handler != null) {
			try {
				handler.accept(connection);
			}
			catch (RuntimeException ex) {
				failed(connection, ex, "connect handler failed");
			}
		}
	}

	void received(MockWsConnection connection, ReceivedMessage message) {
		this.messages.add(message);
		if (connection.isSilent()) {
			return;
		}
		OutboundMessage reply = this.replies.poll();
		if (reply != null) {
			connection.sendUnlessSilent(reply.frame());
			return;
		}
		Replier current = this.replier;
		if (current != null) {
			try {
				current.reply(message, connection);
			}
			catch (RuntimeException ex) {
				failed(connection, ex, "replier failed");
			}
		}
	}

	private void failed(MockWsConnection connection, RuntimeException failure, String reason) {
		recordFailure(failure);
		connection.close(1011, reason);
	}

	private void recordFailure(RuntimeException failure) {
		if (this.failures.size() < this.recordCapacity) {
			this.failures.add(failure);
		}
	}

	void closed(MockWsConnection connection) {
		this.open.remove(connection);
	}

	/**
	 * Answers a message; see {@link #replyWith(Replier)}.
	 */
	@FunctionalInterface
	public interface Replier {

		/**
		 * Answer a message, for example with {@link MockWsConnection#send(String)}, or
		 * not.
		 * @param message the message received
		 * @param connection the connection it arrived on
		 */
		void reply(ReceivedMessage message, MockWsConnection connection);

	}

	/**
	 * Builds a {@link MockWsServer}.
	 */
	public static final class Builder {

		private int port;

		private @Nullable SelfSignedTls tls;

		private final List<String> subprotocols = new ArrayList<>();

		private boolean permessageDeflate;

		private int maxMessageSize = 64 * 1024 * 1024;

		private int recordCapacity = 10_000;

		private int threads = 2;

		private Builder() {
		}

		/**
		 * Listen on this port instead of a free one.
		 * @param port 1 to 65535, or 0 for a free port (the default)
		 * @return this builder
		 */
		public Builder port(int port) {
			if (port < 0 || port > 65535) {
				throw new IllegalArgumentException("port must be 0 to 65535 but was " + port);
			}
			this.port = port;
			return this;
		}

		/**
		 * Speak TLS ({@code wss://}) with the JVM's shared self-signed identity
		 * ({@link SelfSignedTls#shared()}).
		 * @return this builder
		 */
		public Builder tls() {
			return tls(SelfSignedTls.shared());
		}

		/**
		 * Speak TLS ({@code wss://}) with this identity.
		 * @param identity the certificate and key to present
		 * @return this builder
		 */
		public Builder tls(SelfSignedTls identity) {
			this.tls = Objects.requireNonNull(identity, "identity must not be null");
			return this;
		}

		/**
		 * Accept these subprotocols: the first one a client offers that is among them is
		 * selected. None by default.
		 * @param subprotocols the subprotocols
		 * @return this builder
		 */
		public Builder subprotocols(String... subprotocols) {
			this.subprotocols.addAll(Arrays.asList(subprotocols));
			return this;
		}

		/**
		 * Negotiate permessage-deflate (RFC 7692) when a client offers it: the server
		 * then compresses every message it sends and inflates those it receives. Off by
		 * default; {@link HandshakeAnswer#permessageDeflate(boolean)} decides per
		 * handshake.
		 * @param enabled whether to accept the extension
		 * @return this builder
		 */
		public Builder permessageDeflate(boolean enabled) {
			this.permessageDeflate = enabled;
			return this;
		}

		/**
		 * Set the largest message the server accepts (64 MiB by default); a larger one
		 * fails the connection with close code 1009.
		 * @param bytes the size
		 * @return this builder
		 */
		public Builder maxMessageSize(int bytes) {
			if (bytes <= 0) {
				throw new IllegalArgumentException("maxMessageSize must be positive but was " + bytes);
			}
			this.maxMessageSize = bytes;
			return this;
		}

		/**
		 * Set how many received messages and handshakes may wait to be taken, and how
		 * many connections are listed (10 000 by default).
		 * @param capacity the capacity
		 * @return this builder
		 */
		public Builder recordCapacity(int capacity) {
			if (capacity <= 0) {
				throw new IllegalArgumentException("recordCapacity must be positive but was " + capacity);
			}
			this.recordCapacity = capacity;
			return this;
		}

		/**
		 * Set the number of I/O threads (2 by default).
		 * @param threads the number
		 * @return this builder
		 */
		public Builder threads(int threads) {
			if (threads <= 0) {
				throw new IllegalArgumentException("threads must be positive but was " + threads);
			}
			this.threads = threads;
			return this;
		}

		/**
		 * Start the server.
		 * @return the running server
		 * @throws IllegalStateException if the port cannot be bound
		 */
		public MockWsServer start() {
			return new MockWsServer(this);
		}

	}

}
