package dev.wsclient.test.server;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

/**
 * One WebSocket connection a {@link MockWsServer} accepted: what it counted, and ways to
 * send, close or misbehave on it now. Every method may be called from any thread; the
 * connection does the work on its own I/O thread.
 *
 * @since 0.1.0
 */
public final class MockWsConnection {

	/** How long the server waits for the client's close frame after sending its own. */
	private static final long CLOSE_TIMEOUT_SECONDS = 5;

	private final MockWsServer server;

	private final Channel channel;

	private final HandshakeRequest handshake;

	private final AtomicLong messagesReceived = new AtomicLong();

	private final AtomicLong messagesSent = new AtomicLong();

	private final AtomicLong pingsReceived = new AtomicLong();

	private final AtomicLong pongsReceived = new AtomicLong();

	private final Queue<CompletableFuture<byte[]>> pingsInFlight = new ConcurrentLinkedQueue<>();

	private final @Nullable String subprotocol;

	private final boolean permessageDeflate;

	private final AtomicBoolean closeSent = new AtomicBoolean();

	// Touched on the connection's I/O thread only.
	private final Deque<Batch> batches = new ArrayDeque<>();

	private volatile boolean silent;

	private volatile @Nullable Integer closeCodeReceived;

	private volatile @Nullable String closeReasonReceived;

	MockWsConnection(MockWsServer server, Channel channel, HandshakeRequest handshake, @Nullable String subprotocol,
			boolean permessageDeflate) {
		this.server = server;
		this.channel = channel;
		this.handshake = handshake;
		this.subprotocol = subprotocol;
		this.permessageDeflate = permessageDeflate;
	}

	/**
	 * Return the position of this connection among all handshakes the server received,
	 * from 0, across restarts (the index of its {@link #handshake()}).
	 * @return the index
	 */
	public int index() {
		return this.handshake.index();
	}

	/**
	 * Return the handshake request that opened this connection.
	 * @return the request
	 */
	public HandshakeRequest handshake() {
		return this.handshake;
	}

	/**
	 * Return the subprotocol the handshake selected.
	 * @return the subprotocol, or {@code null} when none was
	 */
	public @Nullable String subprotocol() {
		return this.subprotocol;
	}

	/**
	 * Return whether the handshake negotiated permessage-deflate: the messages of this
	 * connection travel compressed.
	 * @return whether the extension is on
	 * @see MockWsServer.Builder#permessageDeflate(boolean)
	 */
	public boolean permessageDeflate() {
		return this.permessageDeflate;
	}

	/**
	 * Return whether the TCP connection is still open.
	 * @return whether it is open
	 */
	public boolean isOpen() {
		return this.channel.isActive();
	}

	/**
	 * Return how many messages (text and binary) arrived on this connection.
	 * @return the count
	 */
	public long messagesReceived() {
		return this.messagesReceived.get();
	}

	/**
	 * Return how many messages (text and binary) the server handed to the socket on this
	 * connection; messages still queued in the server are not counted, so this stops
	 * growing while the client does not read.
	 * @return the count
	 */
	public long messagesSent() {
		return this.messagesSent.get();
	}

	/**
	 * Return how many pings arrived on this connection.
	 * @return the count
	 */
	public long pingsReceived() {
		return this.pingsReceived.get();
	}

	/**
	 * Return how many pongs arrived on this connection, answers to {@link #ping(byte[])}
	 * and unsolicited ones.
	 * @return the count
	 */
	public long pongsReceived() {
		return this.pongsReceived.get();
	}

	/**
	 * Send a ping (even on a {@link Misbehaviour#silent() silent} connection).
	 * @param payload the application data, at most 125 bytes (not copied)
	 * @return completes with the payload of the next pong that arrives (the client's
	 * answer, unless it sent an unsolicited pong first), or fails if the connection ends
	 * before
	 */
	public CompletableFuture<byte[]> ping(byte[] payload) {
		if (payload.length > 125) {
			throw new IllegalArgumentException("a ping carries at most 125 bytes, not " + payload.length);
		}
		CompletableFuture<byte[]> pong = new CompletableFuture<>();
		onIoThread(() -> {
			if (!this.channel.isActive()) {
				pong.completeExceptionally(new IllegalStateException("the connection is closed"));
				return;
			}
			this.pingsInFlight.add(pong);
			this.channel.writeAndFlush(new PingWebSocketFrame(Unpooled.wrappedBuffer(payload)));
		});
		return pong;
	}

	/**
	 * Return the close code the client sent.
	 * @return the code, or {@code null} before the client's close frame arrived (or when
	 * it had no code)
	 */
	public @Nullable Integer closeCodeReceived() {
		return this.closeCodeReceived;
	}

	/**
	 * Return the close reason the client sent.
	 * @return the reason, or {@code null} before the client's close frame arrived
	 */
	public @Nullable String closeReasonReceived() {
		return this.closeReasonReceived;
	}

	/**
	 * Send a text message.
	 * @param text the text
	 */
	public void send(String text) {
		write(new TextWebSocketFrame(text));
	}

	/**
	 * Send a binary message.
	 * @param bytes the payload (not copied)
	 */
	public void send(byte[] bytes) {
		write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
	}

	/**
	 * Send one text message in fragments: a text frame with the first fragment, then a
	 * continuation frame per other fragment, the last one final. The client reassembles
	 * {@code String.join("", fragments)}.
	 * @param fragments the fragments, at least one
	 */
	public void sendFragments(String... fragments) {
		if (fragments.length == 0) {
			throw new IllegalArgumentException("at least one fragment is needed");
		}
		// In order with what is sent before and after from the same thread.
		onIoThread(() -> {
			for (int i = 0; i < fragments.length; i++) {
				boolean last = i == fragments.length - 1;
				WebSocketFrame frame = (i == 0) ? new TextWebSocketFrame(last, 0, fragments[i])
						: new ContinuationWebSocketFrame(last, 0, fragments[i]);
				if (last) {
					write(frame);
				}
				else {
					this.channel.write(frame);
				}
			}
		});
	}

	/**
	 * Send {@code count} text messages, each made when the socket can take it, so that a
	 * client that stops reading holds the server back instead of the messages piling up
	 * in the server.
	 * @param count how many
	 * @param text makes the text of message {@code i}, from 0; called on the I/O thread
	 */
	public void sendAll(int count, IntFunction<String> text) {
		Objects.requireNonNull(text, "text must not be null");
		sendFrames(count, (i) -> new TextWebSocketFrame(text.apply(i)));
	}

	/**
	 * Send {@code count} binary messages, each made when the socket can take it: a client
	 * that stops reading holds the server back (a flood that TCP's flow control slows
	 * down), and the payloads are made no sooner than they can be written, so counting
	 * the calls of {@code bytes} tells how far ahead of the client the server got.
	 * @param count how many
	 * @param bytes makes the payload of message {@code i}, from 0 (not copied); called on
	 * the I/O thread
	 */
	public void sendAllBinary(int count, IntFunction<byte[]> bytes) {
		Objects.requireNonNull(bytes, "bytes must not be null");
		sendFrames(count, (i) -> new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes.apply(i))));
	}

	private void sendFrames(int count, IntFunction<WebSocketFrame> frames) {
		if (count < 0) {
			throw new IllegalArgumentException("count must not be negative, was " + count);
		}
		this.channel.eventLoop().execute(() -> {
			this.batches.add(new Batch(count, frames));
			drain();
		});
	}

	/**
	 * Write bytes as they are, after the handshake, for frames no factory makes. The
	 * client will take them for frames.
	 * @param bytes the bytes (not copied)
	 */
	public void sendRaw(byte[] bytes) {
		this.channel.writeAndFlush(Unpooled.wrappedBuffer(bytes));
	}

	/**
	 * Start the closing handshake: send a close frame and end the TCP connection when the
	 * client answers or 5 seconds pass.
	 * @param code a close code a server may send
	 * @param reason the reason, at most 123 bytes of UTF-8
	 */
	public void close(int code, String reason) {
		CloseWebSocketFrame frame = Frames.closeFrame(code, reason);
		if (!this.closeSent.compareAndSet(false, true)) {
			frame.release();
			return;
		}
		this.channel.writeAndFlush(frame);
		this.channel.eventLoop().schedule(() -> this.channel.close(), CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
	}

	/**
	 * End the TCP connection without a close frame.
	 */
	public void drop() {
		this.channel.close();
	}

	/**
	 * Misbehave on this connection now.
	 * @param misbehaviour one that happens after the handshake
	 * @throws IllegalArgumentException for a handshake misbehaviour
	 */
	public void misbehave(Misbehaviour misbehaviour) {
		switch (misbehaviour.kind()) {
			case SILENT -> this.silent = true;
			case STRAY_CONTINUATION -> write(new ContinuationWebSocketFrame(true, 0, "stray"));
			case CLOSE -> close(misbehaviour.number(), misbehaviour.reason());
			case DROP -> drop();
			case RESET -> this.channel.eventLoop().execute(() -> {
				// Closing with a zero linger time sends RST instead of FIN.
				this.channel.config().setOption(ChannelOption.SO_LINGER, 0);
				this.channel.close();
			});
			case INVALID_UTF8 -> write(Frames.invalidUtf8());
			case MASKED_FRAME -> this.channel.writeAndFlush(Frames.maskedText("masked"));
			case RESERVED_BITS -> write(Frames.reservedBits());
			case OVERSIZED_MESSAGE -> write(Frames.zeros(misbehaviour.number()));
			default -> throw new IllegalArgumentException(
					misbehaviour + " happens during the handshake: give it to MockWsServer.misbehave instead");
		}
	}

	private void onIoThread(Runnable task) {
		if (this.channel.eventLoop().inEventLoop()) {
			task.run();
		}
		else {
			this.channel.eventLoop().execute(task);
		}
	}

	boolean isSilent() {
		return this.silent;
	}

	ChannelInboundHandlerAdapter handler() {
		return new Inbound();
	}

	/**
	 * Send a frame if the connection is not silent; for pongs, greetings, replies and
	 * pushes.
	 */
	void sendUnlessSilent(WebSocketFrame frame) {
		if (this.silent) {
			frame.release();
			return;
		}
		write(frame);
	}

	private void write(WebSocketFrame frame) {
		boolean message = frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame;
		this.channel.writeAndFlush(frame).addListener((future) -> {
			if (future.isSuccess() && message) {
				this.messagesSent.incrementAndGet();
			}
		});
	}

	private void drain() {
		boolean wrote = false;
		while (this.channel.isActive() && this.channel.isWritable() && !this.batches.isEmpty()) {
			Batch batch = this.batches.peek();
			if (batch.next == batch.count) {
				this.batches.poll();
				continue;
			}
			WebSocketFrame frame = batch.frames.apply(batch.next++);
			this.channel.write(frame).addListener((future) -> {
				if (future.isSuccess()) {
					this.messagesSent.incrementAndGet();
				}
			});
			wrote = true;
		}
		if (wrote) {
			this.channel.flush();
		}
	}

	private void received(WebSocketFrame frame) {
		boolean text = frame instanceof TextWebSocketFrame;
		this.messagesReceived.incrementAndGet();
		this.server.received(this, new ReceivedMessage(index(), text, ByteBufUtil.getBytes(frame.content())));
	}

	private void closeReceived(CloseWebSocketFrame frame) {
		int code = frame.statusCode();
		this.closeCodeReceived = (code != -1) ? code : null;
		this.closeReasonReceived = frame.reasonText();
		if (this.closeSent.compareAndSet(false, true)) {
			// Echo the code, as RFC 6455 section 5.5.1 suggests.
			CloseWebSocketFrame answer = new CloseWebSocketFrame(true, 0,
					(code != -1) ? Unpooled.buffer(2).writeShort(code) : Unpooled.EMPTY_BUFFER);
			this.channel.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
		}
		else {
			this.channel.close();
		}
	}

	/**
	 * Messages to send as the socket takes them.
	 */
	private static final class Batch {

		private final int count;

		private final IntFunction<WebSocketFrame> frames;

		private int next;

		Batch(int count, IntFunction<WebSocketFrame> frames) {
			this.count = count;
			this.frames = frames;
		}

	}

	/**
	 * Reads whole messages (the frame aggregator in front of it joins fragments) and
	 * control frames.
	 */
	private final class Inbound extends ChannelInboundHandlerAdapter {

		@Override
		public void channelRead(ChannelHandlerContext context, Object message) {
			try {
				if (message instanceof TextWebSocketFrame || message instanceof BinaryWebSocketFrame) {
					received((WebSocketFrame) message);
				}
				else if (message instanceof PingWebSocketFrame ping) {
					MockWsConnection.this.pingsReceived.incrementAndGet();
					MockWsConnection.this.server.pingReceived();
					sendUnlessSilent(new PongWebSocketFrame(ping.content().retain()));
				}
				else if (message instanceof PongWebSocketFrame pong) {
					MockWsConnection.this.pongsReceived.incrementAndGet();
					MockWsConnection.this.server.pongReceived();
					CompletableFuture<byte[]> waiting = MockWsConnection.this.pingsInFlight.poll();
					if (waiting != null) {
						waiting.complete(ByteBufUtil.getBytes(pong.content()));
					}
				}
				else if (message instanceof CloseWebSocketFrame close) {
					closeReceived(close);
				}
			}
			finally {
				ReferenceCountUtil.release(message);
			}
		}

		@Override
		public void channelWritabilityChanged(ChannelHandlerContext context) {
			drain();
			context.fireChannelWritabilityChanged();
		}

		@Override
		public void channelInactive(ChannelHandlerContext context) {
			MockWsConnection.this.server.closed(MockWsConnection.this);
			CompletableFuture<byte[]> waiting;
			while ((waiting = MockWsConnection.this.pingsInFlight.poll()) != null) {
				waiting.completeExceptionally(new IllegalStateException("the connection closed before a pong"));
			}
			context.fireChannelInactive();
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
			if (cause instanceof TooLongFrameException && MockWsConnection.this.closeSent.compareAndSet(false, true)) {
				context.writeAndFlush(new CloseWebSocketFrame(1009, "message too big"))
					.addListener(ChannelFutureListener.CLOSE);
			}
			else if (cause instanceof CorruptedWebSocketFrameException corrupted
					&& MockWsConnection.this.closeSent.compareAndSet(false, true)) {
				// A protocol error, or a frame over the maximum message size (1009).
				context.writeAndFlush(new CloseWebSocketFrame(corrupted.closeStatus()))
					.addListener(ChannelFutureListener.CLOSE);
			}
			else {
				context.close();
			}
		}

	}

	@Override
	public String toString() {
		return "MockWsConnection[" + index() + " " + this.handshake.path() + ", " + (isOpen() ? "open" : "closed")
				+ ", received " + messagesReceived() + ", sent " + messagesSent() + "]";
	}

}
