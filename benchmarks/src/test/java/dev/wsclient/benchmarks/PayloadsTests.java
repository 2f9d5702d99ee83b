package dev.wsclient.benchmarks;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PayloadsTests {

	@Test
	void everyRepresentationOfAPayloadHasTheSameChecksum() {
		byte[] payload = Payloads.payload(1000, false);
		long checksum = Payloads.checksum(payload);
		ByteBuf direct = Unpooled.directBuffer(1010).writeZero(10).writeBytes(payload).skipBytes(10);
		try {
			assertThat(Payloads.checksum(ByteBuffer.wrap(payload).asReadOnlyBuffer())).isEqualTo(checksum);
			assertThat(Payloads.checksum(direct)).isEqualTo(checksum);
			assertThat(direct.readerIndex()).isEqualTo(10);
		}
		finally {
			direct.release();
		}
	}

	@Test
	void textPayloadsAreAsciiSoCharactersAndBytesHaveTheSameChecksum() {
		byte[] payload = Payloads.payload(1024, true);
		String text = new String(payload, StandardCharsets.UTF_8);
		assertThat(text).hasSize(1024).matches("[a-z]+");
		assertThat(Payloads.checksum(text)).isEqualTo(Payloads.checksum(payload));
	}

	@Test
	void binaryPayloadsUseEveryByteValue() {
		byte[] payload = Payloads.payload(256, false);
		assertThat(new String(payload, StandardCharsets.ISO_8859_1).chars().distinct().count()).isEqualTo(256);
	}

}
