package dev.wsclient.bridge;

import java.util.stream.Stream;

import dev.wsclient.bridge.support.TestKeys;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Security settings that name clients are checked against the configured clients when the
 * bridge starts: a typo stops it, naming the property, rather than granting nothing.
 */
class SecurityConfigurationTests {

	@Test
	void aGrantForAClientThatIsNotConfiguredStopsTheStartUp() {
		assertThatException()
			.isThrownBy(() -> start("bridge.security.api-keys.reader.sha256=" + "a".repeat(64),
					"bridge.security.api-keys.reader.grants=read:prices"))
			.havingRootCause()
			.withMessageStartingWith("bridge.security.api-keys.reader.grants: 'read:prices' names a client that is "
					+ "not configured; the clients are [demo]");
	}

	@Test
	void aGrantThatIsNotAGrantStopsTheStartUp() {
		assertThatException()
			.isThrownBy(() -> start(TestKeys.READER_HASH, "bridge.security.api-keys.reader.grants=admin"))
			.havingRootCause()
			.withMessageContaining(
					"'admin' is not a grant: use read:<client>, write:<client>, read:*, write:* or monitor");
	}

	@Test
	void anAnonymousReadOfAClientThatIsNotConfiguredStopsTheStartUp() {
		assertThatException().isThrownBy(() -> start("bridge.security.anonymous-read=demo,pirces"))
			.havingRootCause()
			.withMessage("bridge.security.anonymous-read names 'pirces', which is not a configured client; the clients "
					+ "are [demo]");
	}

	private static void start(String... properties) {
		// As command-line arguments, which win over the demo's own settings, as
		// application.yml does; default properties would not.
		String[] arguments = Stream.concat(Stream.of("server.port=0"), Stream.of(properties))
			.map((property) -> "--" + property)
			.toArray(String[]::new);
		new SpringApplicationBuilder(BridgeApplication.class).run(arguments).close();
	}

}
