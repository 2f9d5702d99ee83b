package dev.wsclient.bridge;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * Settings of the bridge, under {@code bridge}. The upstream clients themselves are
 * configured under {@code wsclient.clients}. Durations without a unit are seconds, except
 * the demo interval (milliseconds). Invalid values stop the start-up with a message that
 * names the property.
 */
@ConfigurationProperties("bridge")
public class BridgeProperties implements InitializingBean {

	private final Demo demo = new Demo();

	private final Subscriber subscriber = new Subscriber();

	private final Sse sse = new Sse();

	private final Send send = new Send();

	public Demo getDemo() {
		return this.demo;
	}

	public Subscriber getSubscriber() {
		return this.subscriber;
	}

	public Sse getSse() {
		return this.sse;
	}

	public Send getSend() {
		return this.send;
	}

	@Override
	public void afterPropertiesSet() {
		requirePositive("bridge.demo.interval", this.demo.getInterval());
		if (this.subscriber.getBufferSize() < 1) {
			throw new IllegalStateException(
					"bridge.subscriber.buffer-size must be at least 1 but was " + this.subscriber.getBufferSize());
		}
		requirePositive("bridge.subscriber.close-timeout", this.subscriber.getCloseTimeout());
		requirePositive("bridge.sse.heartbeat-interval", this.sse.getHeartbeatInterval());
		requirePositive("bridge.send.timeout", this.send.getTimeout());
	}

	private static void requirePositive(String property, Duration value) {
		if (value.isZero() || value.isNegative()) {
			throw new IllegalStateException(property + " must be positive but was " + value);
		}
	}

	/**
	 * The embedded demo feed and its client {@code demo}.
	 */
	public static class Demo {

		/**
		 * Whether to serve the embedded demo feed at /demo/feed and configure the client
		 * 'demo' connected to it. Turn it off in production.
		 */
		private boolean enabled = true;

		/**
		 * Time between two ticks of the demo feed.
		 */
		@DurationUnit(ChronoUnit.MILLIS)
		private Duration interval = Duration.ofMillis(250);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

	}

	/**
	 * Downstream subscribers of /streams/{client}, over SSE or WebSocket.
	 */
	public static class Subscriber {

		/**
		 * Number of messages that may wait for one subscriber. A subscriber that falls
		 * further behind is disconnected (WebSocket close 1008, or a final SSE 'error'
		 * event), so that it never slows the upstream or the other subscribers.
		 */
		private int bufferSize = 1024;

		/**
		 * Time a subscriber the bridge disconnects gets to receive its close before its
		 * connection is dropped.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration closeTimeout = Duration.ofSeconds(5);

		public int getBufferSize() {
			return this.bufferSize;
		}

		public void setBufferSize(int bufferSize) {
			this.bufferSize = bufferSize;
		}

		public Duration getCloseTimeout() {
			return this.closeTimeout;
		}

		public void setCloseTimeout(Duration closeTimeout) {
			this.closeTimeout = closeTimeout;
		}

	}

	/**
	 * Server-Sent Events streams.
	 */
	public static class Sse {

		/**
		 * Time between two comment lines sent on every SSE stream, which keep idle
		 * streams open through proxies and reveal subscribers that went away.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration heartbeatInterval = Duration.ofSeconds(15);

		public Duration getHeartbeatInterval() {
			return this.heartbeatInterval;
		}

		public void setHeartbeatInterval(Duration heartbeatInterval) {
			this.heartbeatInterval = heartbeatInterval;
		}

	}

	/**
	 * Messages sent upstream with POST /clients/{client}/messages.
	 */
	public static class Send {

		/**
		 * Time to wait for a message to be written to the upstream connection before
		 * answering 504.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration timeout = Duration.ofSeconds(10);

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

}
