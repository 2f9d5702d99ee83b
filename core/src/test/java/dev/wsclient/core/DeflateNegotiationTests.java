package dev.wsclient.core;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import dev.wsclient.test.server.raw.Frame;
import dev.wsclient.test.server.raw.RawHandshakeRequest;
import dev.wsclient.test.server.raw.ScriptedServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.test.StepVerifier;

import static dev.wsclient.core.TestResources.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * permessage-deflate negotiation against a scripted raw-TCP server that answers the
 * client's offer with exactly the header under test: every valid answer (RFC 7692 section
 * 7) opens a compressed connection whose messages go both ways; every invalid one fails
 * the handshake with -7 and a reason naming what is wrong, before any frame.
 */
class DeflateNegotiationTests {

	private static final String TEXT = "compressed both ways, compressed both ways, compressed both ways";

	@RegisterExtension
	final TestResources resources = new TestResources();

	@Test
	void theOfferAlwaysCarriesClientMaxWindowBits() {
		assertThat(DeflateNegotiation.offer(WsCompression.DEFAULT))
			.isEqualTo("permessage-deflate; client_max_window_bits");
		assertThat(DeflateNegotiation.offer(new WsCompression(true, true, 10, 9)))
			.isEqualTo("permessage-deflate; client_no_context_takeover; server_no_context_takeover; "
					+ "server_max_window_bits=9; client_max_window_bits=10");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "permessage-deflate", "permessage-deflate; client_no_context_takeover",
			"permessage-deflate; server_no_context_takeover", "permessage-deflate; server_max_window_bits=10",
			"permessage-deflate; client_max_window_bits=9", "permessage-deflate; client_max_window_bits=\"12\"",
			"PerMessage-Deflate ; Server_No_Context_Takeover ; client_no_context_takeover",
			"permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=8; "
					+ "client_max_window_bits=8" })
	void everyValidAnswerOpensACompressedConnectionBothWays(String answer) {
		AtomicReference<@Nullable String> offered = new AtomicReference<>();
		AtomicReference<@Nullable String> fromClient = new AtomicReference<>();
		ScriptedServer server = this.resources.track(ScriptedServer.start((connection) -> {
			RawHandshakeRequest request = connection.readHandshake();
			offered.set(request.header("Sec-WebSocket-Extensions"));
			connection.acceptHandshake(request, "Sec-WebSocket-Extensions: " + answer);
			connection.sendFrame(Frame.text("")
				.toBuilder()
				.rsv1(true)
				.payload(PerMessageDeflate.compress(TEXT.getBytes(StandardCharsets.UTF_8)))
				.build());
			Frame frame = connection.readFrame(TIMEOUT);
			// zlib cannot deflate within an 8-bit window: then the message goes out
			// uncompressed, as RFC 7692 allows.
			boolean compressed = !answer.contains("client_max_window_bits=8");
			assertThat(frame.rsv1()).as("the client's message is compressed").isEqualTo(compressed);
			fromClient.set(new String(compressed ? inflate(frame.payload()) : frame.payload(), StandardCharsets.UTF_8));
			connection.expectClose(TIMEOUT);
		}));
		WsClient client = this.resources
			.client(WsClientOptions.builder().compression(true).closeTimeout(Duration.ofMillis(200)).build());
		StepVerifier.create(client.messages().map(WsMessage::text).take(1))
			.then(() -> client.connect(server.uri("/")).block(TIMEOUT))
			.expectNext(TEXT)
			.expectComplete()
			.verify(TIMEOUT);
		client.send(TEXT.repeat(20)).block(TIMEOUT);
		client.close().block(TIMEOUT);
		TestResources.awaitScripts(server);
		assertThat(offered.get()).isEqualTo("permessage-deflate; client_max_window_bits");
		assertThat(fromClient.get()).isEqualTo(TEXT.repeat(20));
	}

	@ParameterizedTest(name = "{1}")
	@CsvSource(delimiter = '|', textBlock = """
			server_max_window_bits      | permessage-deflate; server_max_window_bits=7
			server_max_window_bits      | permessage-deflate; server_max_window_bits=16
			server_max_window_bits      | permessage-deflate; server_max_window_bits=010
			server_max_window_bits      | permessage-deflate; server_max_window_bits=ten
			server_max_window_bits      | permessage-deflate; server_max_window_bits
			client_max_window_bits      | permessage-deflate; client_max_window_bits
			client_max_window_bits      | permessage-deflate; client_max_window_bits=20
			client_no_context_takeover  | permessage-deflate; client_no_context_takeover=1
			server_no_context_takeover  | permessage-deflate; server_no_context_takeover; server_no_context_takeover
			unknown_parameter           | permessage-deflate; unknown_parameter
			x-webkit-deflate-frame      | x-webkit-deflate-frame
			2 extensions                | permessage-deflate, permessage-deflate; client_no_context_takeover
			""")
	void everyInvalidAnswerFailsTheHandshakeWithMinus7NamingTheParameter(String named, String answer) {
		assertRejected(WsCompression.DEFAULT, answer, named);
	}

	@Test
	void aServerThatIgnoresTheOfferedServerMaxWindowBitsIsRejected() {
		WsCompression offer = WsCompression.DEFAULT.withServerMaxWindowBits(10);
		assertRejected(offer, "permessage-deflate", "server_max_window_bits=10");
		assertRejected(offer, "permessage-deflate; server_max_window_bits=12", "larger than the offered 10");
	}

	@Test
	void aServerThatIgnoresTheOfferedServerNoContextTakeoverIsRejected() {
		assertRejected(WsCompression.DEFAULT.withServerNoContextTakeover(true), "permessage-deflate",
				"server_no_context_takeover");
	}

	@Test
	void anExtensionAnsweredWithoutAnOfferIsRejected() {
		assertRejected(null, "permessage-deflate", "'permessage-deflate', which the client did not offer");
	}

	@Test
	void aServerThatDeclinesCompressionGetsUncompressedMessages() {
		AtomicReference<@Nullable Frame> fromClient = new AtomicReference<>();
		ScriptedServer server = this.resources.track(ScriptedServer.start((connection) -> {
			connection.acceptHandshake(connection.readHandshake());
			connection.sendFrame(Frame.text("plain"));
			fromClient.set(connection.readFrame(TIMEOUT));
			connection.expectClose(TIMEOUT);
		}));
		WsClient client = this.resources
			.client(WsClientOptions.builder().compression(true).closeTimeout(Duration.ofMillis(200)).build());
		StepVerifier.create(client.messages().map(WsMessage::text).take(1))
			.then(() -> client.connect(server.uri("/")).block(TIMEOUT))
			.expectNext("plain")
			.expectComplete()
			.verify(TIMEOUT);
		client.send("plain back").block(TIMEOUT);
		client.close().block(TIMEOUT);
		TestResources.awaitScripts(server);
		assertThat(fromClient.get()).isNotNull().satisfies((frame) -> {
			assertThat(frame.rsv1()).isFalse();
			assertThat(frame.text()).isEqualTo("plain back");
		});
	}

	private void assertRejected(@Nullable WsCompression offer, String answer, String named) {
		ScriptedServer server = this.resources.track(ScriptedServer.start((connection) -> {
			connection.acceptHandshake(connection.readHandshake(), "Sec-WebSocket-Extensions: " + answer);
			// The client fails the connection: TCP closed, not a single frame.
			assertThat(connection.awaitClientClose(TIMEOUT)).as("client closed TCP").isTrue();
			assertThat(connection.framesRead()).isEmpty();
		}));
		WsClient client = this.resources.client(WsClientOptions.builder().compression(offer).build());
		assertThatExceptionOfType(WsConnectException.class)
			.isThrownBy(() -> client.connect(server.uri("/")).block(TIMEOUT))
			.satisfies((ex) -> {
				assertThat(ex.status().code()).as(ex.status().toString()).isEqualTo(-7);
				assertThat(ex.status().rfcCode()).isNull();
				assertThat(ex.status().reason()).contains(named);
			});
		TestResources.awaitScripts(server);
		assertThat(client.state()).isEqualTo(WsState.CLOSED);
	}

	private static byte[] inflate(byte[] compressed) {
		Inflater inflater = new Inflater(true);
		try {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			byte[] input = new byte[compressed.length + 4];
			System.arraycopy(compressed, 0, input, 0, compressed.length);
			input[compressed.length + 2] = (byte) 0xFF;
			input[compressed.length + 3] = (byte) 0xFF;
			inflater.setInput(input);
			byte[] chunk = new byte[4096];
			int inflated;
			while ((inflated = inflater.inflate(chunk)) > 0) {
				out.write(chunk, 0, inflated);
			}
			return out.toByteArray();
		}
		catch (DataFormatException ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			inflater.end();
		}
	}

}
