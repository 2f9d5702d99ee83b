package dev.wsclient.bridge.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a request body leaves behind when its request is given up: the bridge's budget
 * back, and no error for Reactor to log as dropped.
 */
class RequestBodiesTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final List<Throwable> dropped = new CopyOnWriteArrayList<>();

	@BeforeEach
	void recordDroppedErrors() {
		Hooks.onErrorDropped(this.dropped::add);
	}

	@AfterEach
	void resetHooks() {
		Hooks.resetOnErrorDropped();
	}

	@Test
	void aBodyThatFailsAfterItsRequestWasGivenUpIsNeitherReportedNorKeptInTheBudget() {
		RequestBodies bodies = new RequestBodies(4);
		// Like Reactor Netty's inbound at the request timeout: it may still fail a body
		// whose reader has just cancelled.
		TestPublisher<DataBuffer> body = TestPublisher.createNoncompliant(TestPublisher.Violation.DEFER_CANCELLATION);
		StepVerifier.create(bodies.read(MockServerHttpRequest.post("/").body(body.flux()), "echo", 100))
			.then(() -> body.next(buffer("123")))
			.thenCancel()
			.verify(TIMEOUT);
		body.error(new IllegalStateException("Request timed out"));

		assertThat(this.dropped).isEmpty();
		StepVerifier.create(bodies.read(MockServerHttpRequest.post("/").body(Flux.just(buffer("1234"))), "echo", 100))
			.assertNext((bytes) -> assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("1234"))
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void aBodyThatFailsWhileItsRequestWaitsFailsTheRequest() {
		RequestBodies bodies = new RequestBodies(4);
		TestPublisher<DataBuffer> body = TestPublisher.create();
		StepVerifier.create(bodies.read(MockServerHttpRequest.post("/").body(body.flux()), "echo", 100))
			.then(() -> body.error(new IllegalStateException("Request timed out")))
			.expectErrorMessage("Request timed out")
			.verify(TIMEOUT);
		assertThat(this.dropped).isEmpty();
	}

	@Test
	void aBodyThatFailsAgainAfterItsFailureWasPassedOnIsNotReportedAsDropped() {
		RequestBodies bodies = new RequestBodies(4);
		// As Reactor Netty does after a request timeout: once when the body times out,
		// again when the connection is discarded after the 408.
		TestPublisher<DataBuffer> body = TestPublisher.createNoncompliant(TestPublisher.Violation.CLEANUP_ON_TERMINATE);
		StepVerifier
			.create(bodies.read(MockServerHttpRequest.post("/").body(body.flux().map((buffer) -> buffer)), "echo", 100))
			.then(() -> {
				body.error(new IllegalStateException("Request timed out"));
				body.error(new IllegalStateException("Request timed out"));
			})
			.expectErrorMessage("Request timed out")
			.verify(TIMEOUT);
		assertThat(this.dropped).isEmpty();
	}

	private static DataBuffer buffer(String text) {
		return DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8));
	}

}
