package dev.wsclient.test.server.raw;

import java.util.Arrays;
import java.util.Objects;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Checks the {@link Frame} codec.
 */
class FrameTests {

	private static final byte[] KEY = { 0x11, 0x22, 0x33, 0x44 };

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 125, 126, 127, 65535, 65536, 100_000 })
	void unmaskedFramesRoundTrip(int length) {
		Frame frame = Frame.binary(payload(length));
		byte[] wire = frame.encode();
		assertThat(wire).hasSize(headerLength(length) + length);
		Frame.Decoded decoded = decode(wire, 0, wire.length);
		assertThat(decoded.wireLength()).isEqualTo(wire.length);
		assertThat(decoded.frame()).isEqualTo(frame);
		assertThat(decoded.frame().masked()).isFalse();
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 5, 125, 126, 65535, 65536, 70_000 })
	void maskedFramesRoundTrip(int length) {
		byte[] payload = payload(length);
		Frame frame = Frame.binary(payload).toBuilder().mask(KEY).build();
		byte[] wire = frame.encode();
		int header = headerLength(length) + 4;
		assertThat(wire).hasSize(header + length);
		assertThat(wire[1] & 0x80).isEqualTo(0x80);
		if (length > 0) {
			assertThat(wire[header]).isEqualTo((byte) (payload[0] ^ KEY[0]));
		}
		Frame decoded = decode(wire, 0, wire.length).frame();
		assertThat(decoded.masked()).isTrue();
		assertThat(decoded.maskKey()).containsExactly(KEY);
		assertThat(decoded.payload()).isEqualTo(payload);
	}

	@Test
	void lengthEncodingsFollowRfc6455() {
		assertThat(Frame.binary(payload(125)).encode()[1]).isEqualTo((byte) 125);
		byte[] sixteen = Frame.binary(payload(65535)).encode();
		assertThat(Arrays.copyOfRange(sixteen, 1, 4)).containsExactly(126, 0xFF, 0xFF);
		byte[] sixtyFour = Frame.binary(payload(65536)).encode();
		assertThat(Arrays.copyOfRange(sixtyFour, 1, 10)).containsExactly(127, 0, 0, 0, 0, 0, 1, 0, 0);
	}

	@Test
	void nonMinimalLengthCanBeForced() {
		Frame frame = Frame.text("hello").toBuilder().lengthBits(64).build();
		byte[] wire = frame.encode();
		assertThat(wire).hasSize(2 + 8 + 5);
		assertThat(wire[1]).isEqualTo((byte) 127);
		assertThat(decode(wire, 0, wire.length).frame().text()).isEqualTo("hello");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Frame.binary(payload(126)).toBuilder().lengthBits(7).build());
	}

	@Test
	void incompleteBytesDecodeToNothing() {
		byte[] wire = Frame.binary(payload(70_000)).toBuilder().mask(KEY).build().encode();
		for (int available : new int[] { 0, 1, 2, 9, 10, 13, 14, 100, wire.length - 1 }) {
			assertThat(Frame.decode(wire, 0, available)).as("decode of %d bytes", available).isNull();
		}
		assertThat(Frame.decode(wire, 0, wire.length)).isNotNull();
	}

	@Test
	void decodesAtAnOffsetAndLeavesTheRest() {
		byte[] first = Frame.text("one").encode();
		byte[] second = Frame.ping("two").encode();
		byte[] wire = new byte[3 + first.length + second.length];
		System.arraycopy(first, 0, wire, 3, first.length);
		System.arraycopy(second, 0, wire, 3 + first.length, second.length);
		Frame.Decoded decoded = decode(wire, 3, wire.length - 3);
		assertThat(decoded.frame().text()).isEqualTo("one");
		Frame next = decode(wire, 3 + decoded.wireLength(), second.length).frame();
		assertThat(next.opcode()).isEqualTo(Frame.PING);
		assertThat(next.text()).isEqualTo("two");
	}

	@Test
	void headerBitsRoundTrip() {
		Frame frame = Frame.builder().fin(false).rsv(0b101).opcode(0xB).payload("x").build();
		byte[] wire = frame.encode();
		assertThat(wire[0] & 0xFF).isEqualTo(0b0101_1011);
		Frame decoded = decode(wire, 0, wire.length).frame();
		assertThat(decoded.fin()).isFalse();
		assertThat(decoded.rsv1()).isTrue();
		assertThat(decoded.rsv2()).isFalse();
		assertThat(decoded.rsv3()).isTrue();
		assertThat(decoded.opcode()).isEqualTo(0xB);
		assertThat(decoded.isControl()).isTrue();
	}

	@Test
	void closeFramesCarryCodeAndReason() {
		Frame close = Frame.close(4000, "bye ✓");
		byte[] wire = close.encode();
		assertThat(Arrays.copyOfRange(wire, 2, 4)).containsExactly(0x0F, 0xA0);
		Frame decoded = decode(wire, 0, wire.length).frame();
		assertThat(decoded.closeCode()).isEqualTo(4000);
		assertThat(decoded.closeReason()).isEqualTo("bye ✓");
		assertThat(Frame.close().closeCode()).isEqualTo(Frame.NO_STATUS_CODE);
		assertThat(Frame.closeRaw(new byte[] { 3 }).length()).isEqualTo(1);
		assertThat(Frame.continuation("tail", true).opcode()).isEqualTo(Frame.CONTINUATION);
		assertThat(Frame.pong("p").text()).isEqualTo("p");
	}

	@Test
	void acceptKeyMatchesTheRfcExample() {
		assertThat(RawHandshakeRequest.acceptFor("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
	}

	@Test
	void handshakeRequestHeadersAreCaseInsensitive() {
		RawHandshakeRequest request = RawHandshakeRequest.parse(String.join("\r\n", "GET /feed?x=1 HTTP/1.1",
				"Host: 127.0.0.1", "sec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Protocol: a, b",
				"Sec-WebSocket-Protocol: c", "X-Multi: 1", "x-multi: 2", ""));
		assertThat(request.method()).isEqualTo("GET");
		assertThat(request.path()).isEqualTo("/feed");
		assertThat(request.query()).isEqualTo("x=1");
		assertThat(request.key()).isEqualTo("dGhlIHNhbXBsZSBub25jZQ==");
		assertThat(request.expectedAccept()).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
		assertThat(request.header("HOST")).isEqualTo("127.0.0.1");
		assertThat(request.headerValues("X-MULTI")).containsExactly("1", "2");
		assertThat(request.subprotocols()).containsExactly("a", "b", "c");
		assertThat(request.header("absent")).isNull();
	}

	private static byte[] payload(int length) {
		byte[] payload = new byte[length];
		for (int i = 0; i < length; i++) {
			payload[i] = (byte) (i * 31);
		}
		return payload;
	}

	private static int headerLength(int length) {
		if (length <= 125) {
			return 2;
		}
		return (length <= 65535) ? 4 : 10;
	}

	private static Frame.Decoded decode(byte[] wire, int offset, int available) {
		Frame.Decoded decoded = Frame.decode(wire, offset, available);
		assertThat(decoded).as("decoded frame").isNotNull();
		return Objects.requireNonNull(decoded);
	}

}
