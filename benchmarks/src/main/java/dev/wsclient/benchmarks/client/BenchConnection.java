package dev.wsclient.benchmarks.client;

import java.util.concurrent.CompletableFuture;

/** One open connection of a client under test. */
public interface BenchConnection {

	/**
	 * Send a binary message without waiting for it to be written. May be called from the
	 * receiver, on the client's delivery thread.
	 * @param payload the payload, not changed afterwards
	 */
	void send(byte[] payload);

	/**
	 * Start the closing handshake with 1000.
	 */
	void close();

	/**
	 * Return when the connection ended, whoever closed it.
	 * @return completes once the connection is closed, after the last message
	 */
	CompletableFuture<Void> closed();

}
