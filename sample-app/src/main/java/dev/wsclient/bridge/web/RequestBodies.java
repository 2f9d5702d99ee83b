package dev.wsclient.bridge.web;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

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
	 * One body being read; what it holds is reserved in the budget until it ends.
	 */
	private final class Body extends BaseSubscriber<DataBuffer> {

		private final MonoSink<byte[]> sink;

		private final String client;

		private final int limit;

		private byte[] bytes = new byte[0];

		private int length;

		private boolean released;

		Body(MonoSink<byte[]> sink, String client, int limit) {
			this.sink = sink;
			this.client = client;
			this.limit = limit;
		}

		@Override
		protected void hookOnNext(DataBuffer buffer) {
			@Nullable ErrorResponseException refused;
			try {
				refused = append(buffer);
			}
			finally {
				DataBufferUtils.release(buffer);
			}
			if (refused != null) {
				cancel();
				release();
				this.sink.error(refused);
			}
		}

		@Override
		protected void hookOnComplete() {
			byte[] whole = (this.length == this.bytes.length) ? this.bytes : Arrays.copyOf(this.bytes, this.length);
			release();
			this.sink.success(whole);
		}

		@Override
		protected void hookOnCancel() {
			release();
		}

		@Override
		protected void hookOnError(Throwable failure) {
			release();
			this.sink.error(failure);
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
