package dev.wsclient.autoconfigure.listener;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * Configuration properties of the listener methods of the WebSocket clients.
 *
 * @since 0.2.0
 */
@ConfigurationProperties(prefix = "wsclient.listener", ignoreUnknownFields = false)
public class WsClientListenerProperties {

	/**
	 * Number of payload characters the default error handler logs with a failure. 0
	 * leaves payloads out of the log.
	 */
	private int loggedPayloadLength = 256;

	private final Executor executor = new Executor();

	public int getLoggedPayloadLength() {
		return this.loggedPayloadLength;
	}

	public void setLoggedPayloadLength(int loggedPayloadLength) {
		this.loggedPayloadLength = loggedPayloadLength;
	}

	public Executor getExecutor() {
		return this.executor;
	}

	/**
	 * The executor of listener methods marked {@code blocking}.
	 */
	public static class Executor {

		/**
		 * Number of platform threads that run blocking listener methods on a JVM without
		 * virtual threads. With virtual threads (Java 21 and later) each invocation runs
		 * on a virtual thread of its own.
		 */
		private int poolSize = 8;

		/**
		 * Time to wait at shutdown for blocking listener methods that are still running.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration shutdownTimeout = Duration.ofSeconds(10);

		public int getPoolSize() {
			return this.poolSize;
		}

		public void setPoolSize(int poolSize) {
			this.poolSize = poolSize;
		}

		public Duration getShutdownTimeout() {
			return this.shutdownTimeout;
		}

		public void setShutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
		}

	}

}
