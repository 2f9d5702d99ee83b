package dev.wsclient.autoconfigure;

import java.net.URI;
import java.util.function.Supplier;

import dev.wsclient.core.WsConnectException;
import dev.wsclient.core.WsUrls;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import reactor.core.publisher.Mono;

/**
 * Observes each connection started through {@link WsClients} as a
 * {@code wsclient.connect} observation (a timer and, with tracing, a span), from the
 * start of the attempt until the connection is open or given up.
 */
final class ObservationConnectInterceptor implements ConnectInterceptor {

	static final String NAME = "wsclient.connect";

	private final ObservationRegistry registry;

	ObservationConnectInterceptor(ObservationRegistry registry) {
		this.registry = registry;
	}

	@Override
	public Mono<Void> connect(String clientName, URI url, Supplier<Mono<Void>> connect) {
		Observation observation = Observation.createNotStarted(NAME, this.registry)
			.contextualName("wsclient connect " + clientName)
			.lowCardinalityKeyValue("client", clientName)
			.highCardinalityKeyValue("url", WsUrls.redact(url))
			.start();
		Mono<Void> outcome;
		try {
			outcome = connect.get();
		}
		catch (RuntimeException ex) {
			observation.error(ex);
			observation.stop();
			throw ex;
		}
		// Connecting goes ahead unsubscribed, so the observation must end unsubscribed
		// too.
		Mono<Void> observed = outcome.doOnSuccess((ignored) -> observation.lowCardinalityKeyValue("outcome", "0"))
			.doOnError((failure) -> {
				String code = (failure instanceof WsConnectException connectFailure)
						? Integer.toString(connectFailure.status().code()) : "error";
				observation.lowCardinalityKeyValue("outcome", code);
				observation.error(failure);
			})
			.doFinally((signal) -> observation.stop())
			.cache();
		observed.subscribe(null, (failure) -> {
		});
		return observed;
	}

}
