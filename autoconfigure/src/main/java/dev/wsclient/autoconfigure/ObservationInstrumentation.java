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
 * start of the attempt until the connection is open or the attempt failed.
 *
 * <p>
 * A client makes one attempt at a time and its listener calls never overlap, so one field
 * holds the attempt under way.
 */
final class ObservationInstrumentation implements WsClientInstrumentation {

	static final String NAME = "wsclient.connect";

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
			.lowCardinalityKeyValue("client", this.clientName)
			.highCardinalityKeyValue("url", url)
			.start();
	}

	@Override
	public void connected(WsClient client, @Nullable String subprotocol) {
		Observation observation = take();
		if (observation != null) {
			observation.lowCardinalityKeyValue("outcome", "0").stop();
		}
	}

	@Override
	public void connectFailed(WsClient client, WsCloseStatus status) {
		Observation observation = take();
		if (observation != null) {
			observation.lowCardinalityKeyValue("outcome", Integer.toString(status.code()))
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
