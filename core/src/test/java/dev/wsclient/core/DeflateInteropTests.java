package dev.wsclient.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * permessage-deflate (RFC 7692) against Node's {@code ws}, whose options cover every
 * parameter: each combination of what the client offers and what the server answers is
 * negotiated, then messages are echoed both ways. The messages repeat blocks of 2 KiB, so
 * a deflater that ignored a window smaller than 2 KiB (11 bits) would reference data the
 * other side no longer has, and the echo would fail.
 */
class DeflateInteropTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@RegisterExtension
	static final InteropServers interop = new InteropServers();

	@RegisterExtension
	final TestResources resources = new TestResources();

	static Stream<Arguments> combinations() {
		List<Arguments> combinations = new ArrayList<>();
		List<WsCompression> offers = List.of(WsCompression.DEFAULT,
				WsCompression.DEFAULT.withClientNoContextTakeover(true),
				WsCompression.DEFAULT.withServerNoContextTakeover(true),
				WsCompression.DEFAULT.withServerMaxWindowBits(10), WsCompression.DEFAULT.withClientMaxWindowBits(9));
		List<String> answers = List.of("", "&serverNoContextTakeover=true", "&clientNoContextTakeover=true",
				"&serverMaxWindowBits=9", "&clientMaxWindowBits=9", "&clientMaxWindowBits=12",
				"&serverNoContextTakeover=true&clientNoContextTakeover=true&serverMaxWindowBits=10&clientMaxWindowBits=10");
		for (WsCompression offer : offers) {
			for (String answer : answers) {
				// ws refuses the handshake (400) when its clientMaxWindowBits is larger
				// than the window the client offered: no negotiation to test.
				boolean impossible = offer.clientMaxWindowBits() < 10
						&& (answer.contains("clientMaxWindowBits=12") || answer.contains("clientMaxWindowBits=10"));
				if (!impossible) {
					combinations.add(Arguments.of(offer, answer));
				}
			}
		}
		return combinations.stream();
	}

	@ParameterizedTest(name = "offer {0}, server options {1}")
	@MethodSource("combinations")
	void everyOfferAndAnswerIsNegotiatedAndEchoedBothWays(WsCompression offer, String serverOptions) {
		WsClient client = this.resources.client(WsClientOptions.builder().compression(offer).build());
		List<WsMessage> messages = messages();
		StepVerifier.create(client.messages().take(1 + messages.size())).then(() -> {
			client.connect(interop.node().uri("/negotiated?deflate=true" + serverOptions)).block(TIMEOUT);
			messages.forEach((message) -> client.send(message).block(TIMEOUT));
		}).assertNext((negotiated) -> {
			// The parameters ws accepted: compression is on, with what each side asked.
			assertThat(negotiated.text()).startsWith("{");
			if (offer.serverMaxWindowBits() < 15 || serverOptions.contains("serverMaxWindowBits")) {
				assertThat(negotiated.text()).contains("\"server_max_window_bits\":");
			}
			if (offer.serverNoContextTakeover() || serverOptions.contains("serverNoContextTakeover")) {
				assertThat(negotiated.text()).contains("\"server_no_context_takeover\":true");
			}
			if (serverOptions.contains("clientNoContextTakeover")) {
				assertThat(negotiated.text()).contains("\"client_no_context_takeover\":true");
			}
			if (serverOptions.contains("clientMaxWindowBits")) {
				assertThat(negotiated.text()).contains("\"client_max_window_bits\":");
			}
		}).expectNextSequence(messages).expectComplete().verify(TIMEOUT);
		assertThat(client.state()).isEqualTo(WsState.OPEN);
	}

	private static List<WsMessage> messages() {
		Random random = new Random(7);
		byte[] block = new byte[2048];
		random.nextBytes(block);
		byte[] repeated = new byte[block.length * 16];
		for (int i = 0; i < 16; i++) {
			System.arraycopy(block, 0, repeated, i * block.length, block.length);
		}
		String text = "wsclient compresses well. ".repeat(2000);
		return List.of(WsMessage.binary(repeated), WsMessage.text(text), WsMessage.text("small"),
				WsMessage.binary(repeated),
				WsMessage.text(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)));
	}

}
