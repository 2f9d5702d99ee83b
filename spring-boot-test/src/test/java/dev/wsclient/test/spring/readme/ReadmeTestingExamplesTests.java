package dev.wsclient.test.spring.readme;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The examples of README.md's "Testing your application" are these tests, word for word
 * (the plain JUnit and reconnect ones live in wsclient-test).
 */
class ReadmeTestingExamplesTests {

	private static final String BEGIN = "// README example begins\n";

	private static final String END = "// README example ends\n";

	@ParameterizedTest
	@ValueSource(strings = { "../test/src/test/java/dev/wsclient/test/readme/PriceClientTests.java",
			"../test/src/test/java/dev/wsclient/test/readme/ReconnectTests.java",
			"src/test/java/dev/wsclient/test/spring/readme/PricesApplicationTests.java",
			"src/test/java/dev/wsclient/test/spring/readme/UpstreamContainerTests.java" })
	void theReadmeShowsTheExampleWordForWord(String file) throws IOException {
		String source = Files.readString(Path.of(file), StandardCharsets.UTF_8);
		String example = source.substring(source.indexOf(BEGIN) + BEGIN.length(), source.indexOf(END));
		String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
		assertThat(readme).contains("```java\n" + example + "```\n");
	}

}
