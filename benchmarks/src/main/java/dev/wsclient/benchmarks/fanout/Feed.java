package dev.wsclient.benchmarks.fanout;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import dev.wsclient.benchmarks.server.LoadServer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/**
 * The upstream feed: the load server's {@code /feed} path in the driver JVM, to which the
 * server under test connects as a WebSocket client. Messages are written from the
 * caller's thread in batches, each batch one task on the connection's event loop.
 */
final class Feed implements AutoCloseable {

	private static final int BATCH = 64;

	private static final long IDLE_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

	private final FeedMessages messages;

	private final LoadServer.Running server;

	private volatile CompletableFuture<Channel> connection = new CompletableFuture<>();

	private long sequence;

	Feed(FeedMessages messages) throws InterruptedException {
		this.messages = messages;
		this.server = LoadServer.start(0, (channel) -> this.connection.complete(channel));
	}

	/**
	 * Return the URL servers under test connect to.
	 * @return the URL
	 */
	String url() {
		return "ws://127.0.0.1:" + this.server.port() + "/feed";
	}

	/**
	 * Forget the previous server's connection: the next one to connect is fed.
	 */
	void expectNewConnection() {
		this.connection = new CompletableFuture<>();
	}

	/**
	 * Wait for the server under test to connect.
	 * @param timeout how long to wait
	 * @param alive whether the server is still running, checked while waiting
	 * @throws InterruptedException when interrupted
	 */
	void awaitConnection(Duration timeout, java.util.function.BooleanSupplier alive) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			try {
				this.connection.get(200, TimeUnit.MILLISECONDS);
				return;
			}
			catch (TimeoutException ex) {
				if (!alive.getAsBoolean()) {
					throw new IllegalStateException("the server under test exited before connecting to the feed");
				}
			}
			catch (ExecutionException ex) {
				throw new IllegalStateException(ex);
			}
		}
		throw new IllegalStateException("the server under test did not connect to the feed within " + timeout);
	}

	/**
	 * Return the last sequence number sent.
	 * @return the sequence number, 0 before the first message
	 */
	long sequence() {
		return this.sequence;
	}

	/**
	 * Send messages now, stamped with the time they are encoded.
	 * @param count how many
	 */
	void send(int count) {
		send(count, -1, 0);
	}

	/**
	 * Keep the feed at most {@code window} messages ahead of the slowest reader still
	 * streaming, for a while: the most the servers deliver without losing a message for a
	 * reader that keeps up.
	 * @param readers the readers
	 * @param window how far ahead the feed may be
	 * @param duration how long
	 * @param stallTimeout how long the slowest readers may make no progress before they
	 * are no longer waited for ({@link Subscribers#stallBehind})
	 */
	void pushAhead(Subscribers readers, int window, Duration duration, Duration stallTimeout) {
		long end = System.nanoTime() + duration.toNanos();
		long slowest = readers.slowestSequence();
		long progressed = System.nanoTime();
		while (System.nanoTime() < end) {
			long now = readers.slowestSequence();
			if (now == Long.MAX_VALUE) {
				throw new IllegalStateException("every reader's stream ended");
			}
			if (now != slowest) {
				slowest = now;
				progressed = System.nanoTime();
			}
			else if (System.nanoTime() - progressed > stallTimeout.toNanos()) {
				int stalled = readers.stallBehind(now + 1);
				System.out.println(stalled + " readers got nothing for " + stallTimeout + " (at " + now + ", feed at "
						+ this.sequence + "): no longer waited for");
				slowest = readers.slowestSequence();
				progressed = System.nanoTime();
			}
			long allowed = Math.min(BATCH, slowest + window - this.sequence);
			if (allowed > 0) {
				send((int) allowed);
			}
			else {
				LockSupport.parkNanos(IDLE_PARK_NANOS);
			}
		}
	}

	/**
	 * Send at a fixed rate for a while, each message stamped with the time it was due
	 * rather than the time it was written, so that a late send counts as latency.
	 * @param perSecond messages per second
	 * @param duration how long
	 */
	void sendAtRate(double perSecond, Duration duration) {
		long start = this.messages.now();
		long period = (long) (TimeUnit.SECONDS.toNanos(1) / perSecond);
		long total = (long) (perSecond * duration.toNanos() / TimeUnit.SECONDS.toNanos(1));
		for (long sent = 0; sent < total;) {
			long due = start + sent * period;
			long wait = due - this.messages.now();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
				continue;
			}
			long dueNow = Math.min(total - sent, (this.messages.now() - start) / period + 1 - sent);
			int batch = (int) Math.min(BATCH, Math.max(1, dueNow));
			send(batch, due, period);
			sent += batch;
		}
	}

	private void send(int count, long firstDue, long period) {
		CompletableFuture<Channel> connection = this.connection;
		if (!connection.isDone() || connection.isCompletedExceptionally() || !connection.join().isActive()) {
			throw new IllegalStateException("the server under test is not connected to the feed");
		}
		Channel channel = connection.join();
		ByteBuf[] batch = new ByteBuf[count];
		for (int i = 0; i < count; i++) {
			long sent = (firstDue >= 0) ? firstDue + i * period : this.messages.now();
			batch[i] = this.messages.encode(channel.alloc(), ++this.sequence, sent);
		}
		channel.eventLoop().execute(() -> {
			for (ByteBuf message : batch) {
				channel.write(new TextWebSocketFrame(message), channel.voidPromise());
			}
			channel.flush();
		});
	}

	@Override
	public void close() {
		this.server.close();
	}

}
