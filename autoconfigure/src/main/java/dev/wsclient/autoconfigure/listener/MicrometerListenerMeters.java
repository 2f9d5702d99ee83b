package dev.wsclient.autoconfigure.listener;

import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The listener meters on Micrometer: {@code wsclient.listener.duration} (timer, tags
 * {@code client}, {@code listener}), {@code wsclient.listener.errors} (counter, tags
 * {@code client}, {@code listener}, {@code exception}), and the counters of messages no
 * listener or typed stream could take.
 */
final class MicrometerListenerMeters implements ListenerMeters {

	private final MeterRegistry registry;

	MicrometerListenerMeters(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public InvocationTimer timer(String clientName, String listenerId) {
		Timer timer = Timer.builder("wsclient.listener.duration")
			.description("Time listener methods took per invocation")
			.tags("client", clientName, "listener", listenerId)
			.register(this.registry);
		return new InvocationTimer() {

			@Override
			public long start() {
				return System.nanoTime();
			}

			@Override
			public void stop(long start) {
				timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
			}

		};
	}

	@Override
	public void error(String clientName, String listenerId, Throwable cause) {
		Counter.builder("wsclient.listener.errors")
			.description("Failures of listener methods: conditions, conversions, invocations and replies")
			.tags("client", clientName, "listener", listenerId, "exception", cause.getClass().getSimpleName())
			.register(this.registry)
			.increment();
	}

	@Override
	public <T> void count(String name, String description, String clientName, T source, ToLongFunction<T> count) {
		FunctionCounter.builder(name, source, (value) -> count.applyAsLong(value))
			.description(description)
			.tags("client", clientName)
			.register(this.registry);
	}

}
