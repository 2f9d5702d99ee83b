package dev.wsclient.autoconfigure;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.wsclient.core.WsMessage;
import dev.wsclient.core.WsOpcode;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ResolvableType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Reading and writing payloads with Jackson, and the raw types every converter passes
 * through.
 */
class JacksonMessageConverterTests {

	private final JacksonMessageConverter converter = new JacksonMessageConverter(JsonMapper.shared());

	@Test
	void rawTypesAreReadWithoutDecoding() {
		WsMessage message = WsMessage.text("{not json");
		assertThat(read(message, String.class)).isEqualTo("{not json");
		assertThat(read(message, byte[].class)).isEqualTo("{not json".getBytes(StandardCharsets.UTF_8));
		assertThat(read(message, ByteBuffer.class))
			.isEqualTo(ByteBuffer.wrap("{not json".getBytes(StandardCharsets.UTF_8)));
		assertThat(read(message, WsMessage.class)).isSameAs(message);
	}

	@Test
	void jsonIsReadFromTextAndFromBinaryMessages() {
		assertThat(read(WsMessage.text("{\"symbol\":\"A\",\"bid\":1.5}"), Tick.class)).isEqualTo(new Tick("A", 1.5));
		assertThat(read(WsMessage.binary("{\"symbol\":\"B\",\"bid\":2}".getBytes(StandardCharsets.UTF_8)), Tick.class))
			.isEqualTo(new Tick("B", 2));
		Object ticks = this.converter.reader(ResolvableType.forClassWithGenerics(List.class, Tick.class))
			.read(WsMessage.text("[{\"symbol\":\"C\",\"bid\":3}]"));
		assertThat(ticks).isEqualTo(List.of(new Tick("C", 3)));
		assertThat(read(WsMessage.text("null"), Tick.class)).isNull();
	}

	@Test
	void aPolymorphicTypeReadsOtherSubtypesAsNull() {
		assertThat(read(WsMessage.text("{\"kind\":\"Quote\",\"symbol\":\"A\"}"), Quote.class))
			.isEqualTo(new Quote("A"));
		assertThat(read(WsMessage.text("{\"kind\":\"Trade\",\"size\":3}"), Quote.class)).isNull();
		assertThat(read(WsMessage.text("{\"kind\":\"Unknown\"}"), Event.class)).isNull();
		assertThat(read(WsMessage.text("{\"kind\":\"Trade\",\"size\":3}"), Event.class)).isEqualTo(new Trade(3));
	}

	@Test
	void aPayloadThatIsNotJsonOfTheTypeFailsNamingTheTypeTheSizeAndThePlaceButNotTheWholePayload() {
		assertThatExceptionOfType(WsMessageConversionException.class)
			.isThrownBy(() -> read(WsMessage.text("{\"symbol\":\"secret-token\",\"bid\":\"x\"}"), Tick.class))
			.withMessageStartingWith("Cannot read a text message of 35 bytes as "
					+ "dev.wsclient.autoconfigure.JacksonMessageConverterTests$Tick: ")
			.withMessageContaining("(at dev.wsclient.autoconfigure.JacksonMessageConverterTests$Tick[\"bid\"])")
			.withMessageNotContaining("secret-token");
	}

	@Test
	void aGenericTypeWithoutItsArgumentsCannotBeRead() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.converter.reader(ResolvableType.forClass(Box.class)))
			.withMessageContaining("its generic type arguments are not known");
	}

	@Test
	void valuesAreWrittenAsJsonTextAndRawTypesAsTheyAre() {
		WsMessage json = this.converter.write(Map.of("symbol", "A"));
		assertThat(json.opcode()).isEqualTo(WsOpcode.TEXT);
		assertThat(json.text()).isEqualTo("{\"symbol\":\"A\"}");
		assertThat(this.converter.write("plain")).isEqualTo(WsMessage.text("plain"));
		assertThat(this.converter.write(new byte[] { 1 })).isEqualTo(WsMessage.binary(new byte[] { 1 }));
		assertThat(this.converter.write(ByteBuffer.wrap(new byte[] { 2 })))
			.isEqualTo(WsMessage.binary(new byte[] { 2 }));
		WsMessage message = WsMessage.text("as is");
		assertThat(this.converter.write(message)).isSameAs(message);
	}

	@Test
	void aValueJacksonCannotWriteFails() {
		assertThatExceptionOfType(WsMessageConversionException.class)
			.isThrownBy(() -> this.converter.write(new Unwritable()))
			.withMessageStartingWith(
					"Cannot write a dev.wsclient.autoconfigure.JacksonMessageConverterTests$Unwritable as JSON: ");
	}

	private @Nullable Object read(WsMessage message, Class<?> type) {
		return this.converter.reader(ResolvableType.forClass(type)).read(message);
	}

	record Tick(String symbol, double bid) {
	}

	record Box<T>(T content) {
	}

	static class Unwritable {

		public String getValue() {
			throw new IllegalStateException("cannot be written");
		}

	}

	@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "kind")
	sealed interface Event permits Quote, Trade {

	}

	record Quote(String symbol) implements Event {
	}

	record Trade(int size) implements Event {
	}

}
