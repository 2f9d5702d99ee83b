package dev.wsclient.autoconfigure.listener;

import java.util.function.ToLongFunction;

/**
 * Where listener dispatch reports what meters count, so that dispatch works the same with
 * Micrometer or without it ({@link #NONE}).
 */
interface ListenerMeters {

	/** Counts nothing. */
	ListenerMeters NONE = new ListenerMeters() {

		@Override
		public InvocationTimer timer(String clientName, String listenerId) {
			return InvocationTimer.NONE;
		}

		@Override
		public void error(String clientName, String listenerId, Throwable cause) {
		}

		@Override
		public <T> void count(String name, String description, String clientName, T source, ToLongFunction<T> count) {
		}

	};

	/**
	 * Return the timer of a listener's invocations on a client
	 * ({@code wsclient.listener.duration}).
	 * @param clientName the client name
	 * @param listenerId the listener id
	 * @return the timer
	 */
	InvocationTimer timer(String clientName, String listenerId);

	/**
	 * Count a failure ({@code wsclient.listener.errors}).
	 * @param clientName the client name
	 * @param listenerId the listener id
	 * @param cause the failure
	 */
	void error(String clientName, String listenerId, Throwable cause);

	/**
	 * Register a counter of a client that reads its value from a source when scraped.
	 * @param <T> the source type
	 * @param name the meter name
	 * @param description the meter description
	 * @param clientName the client name
	 * @param source the source
	 * @param count reads the count
	 */
	<T> void count(String name, String description, String clientName, T source, ToLongFunction<T> count);

	/**
	 * Times invocations.
	 */
	interface InvocationTimer {

		/** Times nothing, and reads no clock. */
		InvocationTimer NONE = new InvocationTimer() {

			@Override
			public long start() {
				return 0;
			}

			@Override
			public void stop(long start) {
			}

		};

		/**
		 * Start timing an invocation.
		 * @return the start, for {@link #stop(long)}
		 */
		long start();

		/**
		 * Record an invocation.
		 * @param start what {@link #start()} returned
		 */
		void stop(long start);

	}

}
