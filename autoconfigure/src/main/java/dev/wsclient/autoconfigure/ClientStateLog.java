package dev.wsclient.autoconfigure;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsClientInstrumentation;
import dev.wsclient.core.WsCloseStatus;
import dev.wsclient.core.WsState;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Logs what happens to one client's connection, for the people who operate it, on the
 * logger {@code dev.wsclient.client.<name>}: one INFO line per change of state (connected
 * with the redacted URL and the subprotocol, closed, reconnecting with the attempt and
 * the delay), a WARN when an attempt fails or an open connection is lost, at most one
 * such WARN a minute, which counts the failures left out since the previous one, and
 * always a WARN when the client gives up after a failure. What is left out goes to DEBUG.
 *
 * <p>
 * The state is a few fields per client, whatever the number of failures. Calls for one
 * client never overlap but come from several threads, hence the lock.
 */
final class ClientStateLog implements WsClientInstrumentation {

	/** Prefix of the loggers; the client's name follows. */
	static final String LOGGER_PREFIX = "dev.wsclient.client.";

	static final long WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

	private final Log logger;

	private final String client;

	private final LongSupplier nanoTime;

	private final WsClientRedaction redaction;

	private String url = "";

	private boolean open;

	private boolean attemptFailed;

	private long failuresInARow;

	private boolean warned;

	private long lastWarnNanos;

	private long failuresNotLogged;

	private boolean lastFailureLogged;

	/**
	 * Create the log of a client.
	 * @param name the client's name
	 * @param nanoTime the clock of the rate limit, {@code System::nanoTime} outside tests
	 */
	ClientStateLog(String name, LongSupplier nanoTime) {
		this(name, nanoTime, WsClientRedaction.defaults());
	}

	/**
	 * Create the log of a client.
	 * @param name the client's name
	 * @param nanoTime the clock of the rate limit, {@code System::nanoTime} outside tests
	 * @param redaction what to hide of the URL in the log lines
	 */
	ClientStateLog(String name, LongSupplier nanoTime, WsClientRedaction redaction) {
		this.logger = LogFactory.getLog(LOGGER_PREFIX + name);
		this.client = "WebSocket client '" + name + "'";
		this.nanoTime = nanoTime;
		this.redaction = redaction;
	}

	@Override
	public synchronized void connectStarted(WsClient client, String url) {
		// Core redacted the URL by default; the configured redaction may hide more.
		this.url = this.redaction.url(url);
		this.attemptFailed = false;
		if (this.logger.isDebugEnabled()) {
			this.logger.debug(this.client + " connecting to " + this.url);
		}
	}

	@Override
	public synchronized void connected(WsClient client, @Nullable String subprotocol) {
		this.open = true;
		StringBuilder line = new StringBuilder(this.client).append(" connected to ").append(this.url);
		line.append((subprotocol != null) ? " with subprotocol " + subprotocol : " without subprotocol");
		if (this.failuresInARow > 0) {
			line.append(" after ").append(this.failuresInARow).append(" failed attempts");
		}
		this.logger.info(line);
		this.failuresInARow = 0;
		this.failuresNotLogged = 0;
		// The next outage is news again.
		this.warned = false;
	}

	@Override
	public synchronized void connectFailed(WsClient client, WsCloseStatus status) {
		// Logged by closed(), which follows with the same status and knows whether the
		// client tries again.
		this.attemptFailed = true;
	}

	@Override
	public synchronized void closed(WsClient client, WsCloseStatus status) {
		String what = this.open ? "lost its connection to " + this.url
				: this.attemptFailed ? "could not connect to " + this.url : "closed";
		this.open = false;
		this.attemptFailed = false;
		if (!status.isError()) {
			this.logger.info(this.client + " closed: " + describe(status));
			return;
		}
		this.failuresInARow++;
		if (client.state() == WsState.CLOSED) {
			this.logger.warn(this.client + " " + what + ": " + describe(status) + "; it gave up after "
					+ this.failuresInARow + ((this.failuresInARow == 1) ? " failure" : " failures in a row")
					+ " and stays closed until it is connected again" + notLogged());
			this.failuresInARow = 0;
			this.warned = false;
			return;
		}
		long now = this.nanoTime.getAsLong();
		this.lastFailureLogged = !this.warned || now - this.lastWarnNanos >= WARN_INTERVAL_NANOS;
		if (this.lastFailureLogged) {
			this.logger.warn(this.client + " " + what + ": " + describe(status) + notLogged());
			this.warned = true;
			this.lastWarnNanos = now;
		}
		else {
			this.failuresNotLogged++;
			if (this.logger.isDebugEnabled()) {
				this.logger.debug(this.client + " " + what + ": " + describe(status));
			}
		}
	}

	@Override
	public synchronized void reconnecting(WsClient client, long attempt, Duration delay) {
		String line = this.client + " reconnecting: attempt " + attempt + " in " + delay.toMillis() + " ms";
		if (this.lastFailureLogged) {
			this.logger.info(line);
		}
		else if (this.logger.isDebugEnabled()) {
			this.logger.debug(line);
		}
	}

	/**
	 * Say how many failures were left out since the last WARN, and start counting again.
	 */
	private String notLogged() {
		long count = this.failuresNotLogged;
		this.failuresNotLogged = 0;
		return (count == 0) ? "" : " (" + count + ((count == 1) ? " more failure" : " more failures")
				+ " since the previous warning not logged)";
	}

	/**
	 * Describe a status for a person: the code and its meaning, the close code and reason
	 * or HTTP status when there was one. Reasons never hold secrets: core builds them
	 * from redacted URLs.
	 */
	static String describe(WsCloseStatus status) {
		StringBuilder text = new StringBuilder().append(status.code()).append(' ').append(status.status());
		if (status.rfcCode() != null) {
			text.append(", close code ").append(status.rfcCode());
		}
		if (status.httpStatus() != null) {
			text.append(", HTTP status ").append(status.httpStatus());
		}
		if (!status.reason().isEmpty()) {
			text.append(", reason '").append(status.reason()).append('\'');
		}
		return text.toString();
	}

}
