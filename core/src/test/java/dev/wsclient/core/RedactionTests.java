package dev.wsclient.core;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.wsclient.core.testsupport.RoutesServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import static dev.wsclient.core.TestResources.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A client shows its URL only as its {@link WsRedaction} allows, everywhere it shows it:
 * the debug log line, the connected event, the instrumentation's URL, the statistics and
 * the reasons of an unusable URL, over real connections to 127.0.0.1.
 */
class RedactionTests {

	private static final String SECRET = "jwt-s3cr3t-4a7f";

	@RegisterExtension
	final TestResources resources = new TestResources();

	private final Logger logger = (Logger) LoggerFactory.getLogger(ClientEvents.class);

	private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

	private final List<String> instrumentedUrls = new CopyOnWriteArrayList<>();

	private RoutesServer server;

	@BeforeEach
	void start() {
		this.server = this.resources.track(RoutesServer.start());
		this.logs.start();
		this.logger.addAppender(this.logs);
	}

	@AfterEach
	void stopCapturing() {
		this.logger.detachAppender(this.logs);
	}

	@Test
	void aParameterOnlyTheRedactionNamesIsHiddenEverywhereTheClientShowsTheUrl() {
		assertThat(this.logger.isDebugEnabled()).as("the test's logback configuration logs core at DEBUG").isTrue();
		WsClient client = client(WsRedaction.defaults().withQueryParameters("jwt"));
		TestResources.EventRecorder events = this.resources.record(client);
		URI url = this.server.uri("/echo?jwt=" + SECRET + "&x=1");
		client.connect(url).block(TIMEOUT);
		String expected = this.server.uri("/echo?jwt=***&x=1").toString();
		assertThat(events.of(WsEvent.Connected.class)).singleElement()
			.satisfies((connected) -> assertThat(connected.url()).isEqualTo(expected));
		assertThat(this.instrumentedUrls).containsExactly(expected);
		assertThat(client.stats().url()).isEqualTo(expected);
		assertThat(debugLines()).contains("WebSocket open: " + expected);
		assertThatIllegalStateException().isThrownBy(() -> client.connect(url))
			.withMessageContaining(expected)
			.withMessageNotContaining(SECRET);
		assertThat(debugLines()).noneMatch((line) -> line.contains(SECRET));
		// The server was sent the secret: only its display is hidden.
		assertThat(this.server.requests()).singleElement()
			.satisfies((request) -> assertThat(request.target()).contains(SECRET));
	}

	@Test
	void withDefaultsTheSameParameterIsShownAsBefore() {
		WsClient client = client(WsRedaction.defaults());
		TestResources.EventRecorder events = this.resources.record(client);
		client.connect(this.server.uri("/echo?jwt=visible&token=" + SECRET)).block(TIMEOUT);
		String expected = this.server.uri("/echo?jwt=visible&token=***").toString();
		assertThat(events.of(WsEvent.Connected.class)).singleElement()
			.satisfies((connected) -> assertThat(connected.url()).isEqualTo(expected));
		assertThat(client.stats().url()).isEqualTo(expected);
	}

	@Test
	void theWholeQueryCanBeHiddenEverywhere() {
		WsClient client = client(WsRedaction.defaults().withWholeQuery(true));
		TestResources.EventRecorder events = this.resources.record(client);
		client.connect(this.server.uri("/echo?channel=" + SECRET)).block(TIMEOUT);
		String expected = this.server.uri("/echo?***").toString();
		assertThat(events.of(WsEvent.Connected.class)).singleElement()
			.satisfies((connected) -> assertThat(connected.url()).isEqualTo(expected));
		assertThat(this.instrumentedUrls).containsExactly(expected);
		assertThat(client.stats().url()).isEqualTo(expected);
		assertThat(debugLines()).contains("WebSocket open: " + expected).noneMatch((line) -> line.contains(SECRET));
	}

	@Test
	void theReasonOfAnUnusableUrlHidesWhatTheRedactionNames() {
		WsClient client = client(WsRedaction.defaults().withQueryParameters("jwt"));
		TestResources.EventRecorder events = this.resources.record(client);
		assertThatExceptionOfType(WsConnectException.class)
			.isThrownBy(() -> client.connect("ws://127.0.0.1:0/feed?jwt=" + SECRET + "&x=1").block(TIMEOUT))
			.satisfies((ex) -> assertThat(ex.status().reason())
				.isEqualTo("url 'ws://127.0.0.1:0/feed?jwt=***&x=1' has port 0; ports must be in 1..65535"));
		assertThat(events.closes()).singleElement()
			.satisfies((status) -> assertThat(status.reason()).doesNotContain(SECRET).contains("x=1"));
		assertThat(client.stats().url()).isNull();
	}

	@Test
	void theOptionsCarryTheRedactionIncludingItsHeaders() {
		WsRedaction redaction = WsRedaction.defaults().withHeaders("X-Tenant");
		WsClientOptions options = WsClientOptions.builder().redaction(redaction).build();
		assertThat(options.redaction()).isSameAs(redaction);
		assertThat(options.redaction().isSensitiveHeader("x-tenant")).isTrue();
		assertThat(options.mutate().build().redaction()).isSameAs(redaction);
		assertThat(WsClientOptions.defaults().redaction()).isSameAs(WsRedaction.defaults());
		assertThat(WsClientOptions.defaults().redaction().isSensitiveHeader("X-Tenant")).isFalse();
	}

	private WsClient client(WsRedaction redaction) {
		return this.resources
			.client(WsClientOptions.builder().redaction(redaction).instrumentation(new WsClientInstrumentation() {

				@Override
				public void connectStarted(WsClient client, String url) {
					RedactionTests.this.instrumentedUrls.add(url);
				}

			}).build());
	}

	private List<String> debugLines() {
		List<ILoggingEvent> events;
		// The appender appends under its own lock, on the event loops.
		synchronized (this.logs) {
			events = List.copyOf(this.logs.list);
		}
		return events.stream()
			.filter((event) -> event.getLevel() == Level.DEBUG)
			.map(ILoggingEvent::getFormattedMessage)
			.toList();
	}

}
