package dev.wsclient.core;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.Disposable;

/**
 * The Reactor Netty configurations that clients with the same transport settings share,
 * so that an idle connection holds nothing but its own state. Clients whose options name
 * no {@code WsTransports} share {@link #shared()}, which lives as long as the JVM; an
 * application that creates and drops many clients, or a framework with a lifecycle (the
 * Spring Boot starter), gives its clients one of its own with
 * {@link WsClientOptions.Builder#transports(WsTransports)} and disposes it when they are
 * closed.
 *
 * <p>
 * A configuration holds no thread and no connection: the event loops are Reactor Netty's
 * shared ones. Disposing forgets the configurations; clients created before keep the one
 * they have, and creating a client with disposed transports fails.
 *
 * @since 0.2.0
 */
public final class WsTransports implements Disposable {

	private static final WsTransports SHARED = new WsTransports();

	private final Map<Object, Transport> transports = new ConcurrentHashMap<>();

	private volatile boolean disposed;

	private WsTransports() {
	}

	/**
	 * Return the transports of clients whose options name none.
	 * @return the JVM-wide transports, never disposed
	 */
	public static WsTransports shared() {
		return SHARED;
	}

	/**
	 * Create transports of their own, for clients that should not share with others, and
	 * to be disposed with them.
	 * @return new transports
	 */
	public static WsTransports create() {
		return new WsTransports();
	}

	/**
	 * Return the transport for a client with these options.
	 * @param options the client's options
	 * @return the transport
	 * @throws IllegalStateException when these transports were disposed
	 */
	Transport transport(WsClientOptions options) {
		if (this.disposed) {
			throw new IllegalStateException("the WsTransports of these options were disposed: create clients with "
					+ "WsTransports that are in use");
		}
		return Transport.forOptions(options, this.transports);
	}

	/**
	 * Forget the shared configurations. Does nothing to {@link #shared()}, which lives as
	 * long as the JVM.
	 */
	@Override
	public void dispose() {
		if (this != SHARED) {
			this.disposed = true;
			this.transports.clear();
		}
	}

	@Override
	public boolean isDisposed() {
		return this.disposed;
	}

}
