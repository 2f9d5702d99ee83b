package dev.wsclient.autoconfigure;

import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsClientInstrumentation;
import dev.wsclient.core.WsCloseStatus;
import dev.wsclient.core.WsConnectException;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Observes every connection attempt of one client, reconnections included, as a
 * {@code wsclient.connect} observation (a timer and, with tracing, a span), from the
 * start of the attempt until the connection is open or the attempt ended without opening:
 * refused, failed, timed out, or abandoned because the client was closed.
 *
 * <p>
 * Built on the core's {@link WsClientInstrumentation} only. The core reports, for every
 * {@code connectStarted}, either {@code connected} or {@code connectFailed} and then
 * exactly one {@code closed}; this instrumentation stops the observation on the first of
 * {@code connected} and {@code connectFailed}, and on {@code closed} should neither have
 * come, so no attempt's observation stays open. A close during a backoff wait has no
 * observation to end: the wait is between attempts.
 *
 * <p>
 * A client makes one attempt at a time and its instrumentation calls never overlap, so
 * one field holds the attempt under way.
 */
final class ObservationInstrumentation implements WsClientInstrumentation {

	static final String NAME = "wsclient.connect";

	/** Low-cardinality key: the client's name. */
	static final String CLIENT = "client";

	/**
	 * Low-cardinality key: the close status code the attempt ended with, {@code 0} when
	 * it opened (or was abandoned by {@code close()}, which also sets the error).
	 */
	static final String OUTCOME = "outcome";

	/** High-cardinality key: the URL, with its secrets redacted. */
	static final String URL = "url";

	private final String clientName;

	private final ObservationRegistry registry;

	private volatile @Nullable Observation current;

	ObservationInstrumentation(String clientName, ObservationRegistry registry) {
		this.clientName = clientName;
		this.registry = registry;
	}

	@Override
	public void connectStarted(WsClient client, String url) {
		this.current = Observation.createNotStarted(NAME, this.registry)
			.contextualName("wsclient connect " + this.clientName)
			.lowCardinalityKeyValue(CLIENT, this.clientName)
			.highCardinalityKeyValue(URL, url)
			.start();
	}

	@Override
	public void connected(WsClient client, @Nullable String subprotocol) {
		Observation observation = take();
		if (observation != null) {
			observation.lowCardinalityKeyValue(OUTCOME, "0").stop();
		}
	}

	@Override
	public void connectFailed(WsClient client, WsCloseStatus status) {
		fail(status);
	}

	@Override
	public void closed(WsClient client, WsCloseStatus status) {
		fail(status);
	}

	private void fail(WsCloseStatus status) {
		Observation observation = take();
		if (observation != null) {
			observation.lowCardinalityKeyValue(OUTCOME, Integer.toString(status.code()))
				.error(new WsConnectException(status))
				.stop();
		}
	}

	private @Nullable Observation take() {
		Observation observation = this.current;
		this.current = null;
		return observation;
	}

}
