package dev.wsclient.autoconfigure.listener;

import dev.wsclient.autoconfigure.listener.WsClientListenerException.Stage;
import dev.wsclient.core.WsMessage;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default error handler logs the start of a text payload, never cuts a character in
 * two, describes binary payloads by their size, and logs no payload when asked not to.
 */
@ExtendWith(OutputCaptureExtension.class)
class LoggingErrorHandlerTests {

	@Test
	void aLongTextIsCutWithoutSplittingACharacter(CapturedOutput output) {
		// "ab" then U+1F600, two chars: cutting at 3 would split it.
		new LoggingErrorHandler(3).handleError(failure(WsMessage.text("ab\uD83D\uDE00cdef")));
		assertThat(output).contains("; payload: ab... (6 more characters)");
	}

	@Test
	void aShortTextIsLoggedWhole(CapturedOutput output) {
		new LoggingErrorHandler(10).handleError(failure(WsMessage.text("short")));
		assertThat(output).contains(
				"the payload could not be converted: java.lang.IllegalArgumentException: bad; " + "payload: short");
	}

	@Test
	void aBinaryPayloadIsDescribedBySize(CapturedOutput output) {
		new LoggingErrorHandler(10).handleError(failure(WsMessage.binary(new byte[] { 's', 'e', 'c', 'r', 'e', 't' })));
		assertThat(output).contains("; payload: binary, 6 bytes").doesNotContain("secret");
	}

	@Test
	void aLengthOfZeroLogsNoPayload(CapturedOutput output) {
		new LoggingErrorHandler(0).handleError(failure(WsMessage.text("secret")));
		assertThat(output).contains("the payload could not be converted").doesNotContain("secret");
	}

	private static WsClientListenerException failure(@Nullable WsMessage message) {
		return new WsClientListenerException("prices", "PriceFeed.on", "PriceFeed.on(Tick)", Stage.CONVERSION, message,
				new IllegalArgumentException("bad"));
	}

}
