package dev.wsclient.bridge.web;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.util.context.Context;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.ErrorResponseException;

/**
 * Reads request bodies into arrays within two bounds: a limit per request, checked
 * against the declared length before anything is read and while reading, and a budget for
 * all requests together, so that many slow bodies cannot take the heap. Each network
 * buffer is copied and released as soon as it arrives, by the one subscriber that owns it
 * (no operator in between may discard it a second time): a body that trickles in holds no
 * direct memory while it waits.
 */
final class RequestBodies {

	// Reactor's key for a hook on dropped errors in a subscriber's context
	// (Hooks.KEY_ON_ERROR_DROPPED, not public).
	private static final String ON_ERROR_DROPPED = "reactor.onErrorDropped.local";

	private static final Log logger = LogFactory.getLog(RequestBodies.class);

	private final long budget;

	private final AtomicLong reserved = new AtomicLong();

	RequestBodies(long budget) {
		this.budget = budget;
	}

	/**
	 * Read a whole body.
	 * @param request the request
	 * @param client the client it is for, named in problems
	 * @param limit the largest body accepted
	 * @return the body; fails with 413 when it is larger than the limit, with 503 when
	 * the budget has no room for it
	 */
	Mono<byte[]> read(ServerHttpRequest request, String client, int limit) {
		long declared = request.getHeaders().getContentLength();
		if (declared > limit) {
			return Mono.error(Problems.bodyTooLarge(client, limit));
		}
		return Mono.create((sink) -> {
			Body body = new Body(sink, client, limit);
			sink.onDispose(body);
			request.getBody().subscribe(body);
		});
	}

	/**
	 * Reactor Netty fails a body at the request timeout, and fails it again when it
	 * discards the connection after the 408: operators that already passed the first
	 * failure on report the second as dropped, by default an ERROR line per timed-out
	 * request.
	 */
	private static void failedAgain(Throwable failure) {
		if (logger.isDebugEnabled()) {
			logger.debug("A request body failed after it had ended: " + failure);
		}
	}

	/**
	 * One body being read; what it holds is reserved in the budget until it ends. Once
	 * the request is given up (the response was cancelled, say because the connection
	 * closed at the request timeout), a failure of its body concerns nobody: it is not
	 * passed on, so that Reactor does not log it as a dropped error, one line per
	 * abandoned request.
	 */
	private final class Body implements CoreSubscriber<DataBuffer>, Disposable {

		private final MonoSink<byte[]> sink;

		private final String client;

		private final int limit;

		private volatile @Nullable Subscription subscription;

		private volatile boolean disposed;

		private byte[] bytes = new byte[0];

		private int length;

		private boolean released;

		Body(MonoSink<byte[]> sink, String client, int limit) {
			this.sink = sink;
			this.client = client;
			this.limit = limit;
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			this.subscription = subscription;
			if (this.disposed) {
				subscription.cancel();
			}
			else {
				subscription.request(Long.MAX_VALUE);
			}
		}

		@Override
		public void onNext(DataBuffer buffer) {
			@Nullable ErrorResponseException refused;
			try {
				refused = append(buffer);
			}
			finally {
				DataBufferUtils.release(buffer);
			}
			if (refused != null) {
				dispose();
				this.sink.error(refused);
			}
		}

		@Override
		public void onComplete() {
			byte[] whole = (this.length == this.bytes.length) ? this.bytes : Arrays.copyOf(this.bytes, this.length);
			release();
			this.sink.success(whole);
		}

		@Override
		public void onError(Throwable failure) {
			release();
			if (!this.disposed) {
				this.sink.error(failure);
			}
		}

		@Override
		public void dispose() {
			this.disposed = true;
			Subscription current = this.subscription;
			if (current != null) {
				current.cancel();
			}
			release();
		}

		@Override
		public boolean isDisposed() {
			return this.disposed;
		}

		@Override
		public Context currentContext() {
			Consumer<Throwable> failedAgain = RequestBodies::failedAgain;
			return Context.of(this.sink.contextView()).put(ON_ERROR_DROPPED, failedAgain);
		}

		private synchronized @Nullable ErrorResponseException append(DataBuffer buffer) {
			if (this.released) {
				return null;
			}
			int size = buffer.readableByteCount();
			if ((long) this.length + size > this.limit) {
				return Problems.bodyTooLarge(this.client, this.limit);
			}
			if (RequestBodies.this.reserved.addAndGet(size) > RequestBodies.this.budget) {
				RequestBodies.this.reserved.addAndGet(-size);
				return Problems.busy(
						"the request bodies the bridge is reading take all of its " + "bridge.send.max-buffered-bytes");
			}
			if (this.length + size > this.bytes.length) {
				this.bytes = Arrays.copyOf(this.bytes,
						Math.min(this.limit, Math.max(this.length + size, this.length * 2)));
			}
			buffer.read(this.bytes, this.length, size);
			this.length += size;
			return null;
		}

		private synchronized void release() {
			if (!this.released) {
				this.released = true;
				RequestBodies.this.reserved.addAndGet(-this.length);
				this.bytes = new byte[0];
			}
		}

	}

}
