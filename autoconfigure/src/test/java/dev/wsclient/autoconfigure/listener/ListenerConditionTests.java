package dev.wsclient.autoconfigure.listener;

import dev.wsclient.autoconfigure.JacksonMessageConverterAccess;
import dev.wsclient.autoconfigure.WsMessageConverter.PayloadReader;
import dev.wsclient.core.WsMessage;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.expression.EvaluationException;
import org.springframework.expression.spel.standard.SpelExpressionParser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Conditions select messages by their JSON fields, the raw message and the client name; a
 * field that is not there, or a payload without fields, never fails the condition.
 */
class ListenerConditionTests {

	private static final PayloadReader FIELDS = JacksonMessageConverterAccess.fieldsReader();

	@Test
	void topLevelAndNestedFieldsAreProperties() {
		String order = "{\"type\":\"ack\",\"order\":{\"side\":\"buy\",\"legs\":[{\"qty\":5}]},\"seq\":7}";
		assertThat(matches("type == 'ack' && order.side == 'buy'", order)).isTrue();
		assertThat(matches("order.legs[0].qty == 5 && seq > 6", order)).isTrue();
		assertThat(matches("type == 'tick'", order)).isFalse();
	}

	@Test
	void aMissingFieldIsNull() {
		assertThat(matches("type == null", "{\"seq\":1}")).isTrue();
		assertThat(matches("order?.side == 'buy'", "{\"seq\":1}")).isFalse();
	}

	@Test
	void aPayloadThatIsNotAJsonObjectHasNoFields() {
		assertThat(matches("type == 'tick'", "pong")).isFalse();
		assertThat(matches("type == 'tick'", "[1,2]")).isFalse();
		assertThat(matches("type == null", "\"just a string\"")).isTrue();
	}

	@Test
	void theRawMessageAndTheClientAreVariables() {
		assertThat(matches("#message.text().startsWith('pong') && #client == 'prices'", "pong 1")).isTrue();
		assertThat(matches("#message.isText() && #client == 'orders'", "pong 1")).isFalse();
	}

	@Test
	void withoutAJsonMapperThereAreNoFieldsButTheMessageIsThere() {
		assertThat(condition("type == null && #message.size() == 17", null)
			.matches(new InboundMessage().reset(WsMessage.text("{\"type\":\"tick\"}  ")), "prices")).isTrue();
	}

	@Test
	void aConditionThatCannotBeEvaluatedFails() {
		assertThatExceptionOfType(EvaluationException.class).isThrownBy(() -> matches("order.side == 'buy'", "{}"));
	}

	private static boolean matches(String expression, String payload) {
		return condition(expression, FIELDS).matches(new InboundMessage().reset(WsMessage.text(payload)), "prices");
	}

	private static ListenerCondition condition(String expression, @Nullable PayloadReader fields) {
		return new ListenerCondition(new SpelExpressionParser().parseExpression(expression),
				new JsonFieldAccessor(fields), new DefaultListableBeanFactory());
	}

}
