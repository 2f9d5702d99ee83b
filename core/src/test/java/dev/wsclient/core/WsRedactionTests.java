package dev.wsclient.core;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link WsRedaction} on its own; the URLs and headers a client shows are
 * checked in {@code RedactionTests}.
 */
class WsRedactionTests {

	private static final URI URL = URI
		.create("wss://user:pa55@feed.example.com/v1?token=t0ken&jwt=j.w.t&channel=btc&%6Awt=encoded");

	@Test
	void byDefaultHidesUserInfoAndParametersNamedLikeCredentials() {
		assertThat(WsRedaction.defaults().redact(URL))
			.isEqualTo("wss://***@feed.example.com/v1?token=***&jwt=j.w.t&channel=btc&%6Awt=encoded");
	}

	@Test
	void configuredParametersAreHiddenWhateverTheirCaseOrEncoding() {
		WsRedaction redaction = WsRedaction.defaults().withQueryParameters("JWT");
		assertThat(redaction.redact(URL))
			.isEqualTo("wss://***@feed.example.com/v1?token=***&jwt=***&channel=btc&%6Awt=***");
		assertThat(redaction.queryParameters()).containsExactly("jwt");
	}

	@Test
	void redactedTextCanBeRedactedAgain() {
		WsRedaction redaction = WsRedaction.defaults().withQueryParameters("jwt");
		assertThat(redaction.redact(WsRedaction.defaults().redact(URL))).isEqualTo(redaction.redact(URL));
	}

	@Test
	void theWholeQueryCanBeHidden() {
		WsRedaction redaction = WsRedaction.defaults().withWholeQuery(true);
		assertThat(redaction.redact(URL)).isEqualTo("wss://***@feed.example.com/v1?***");
		assertThat(redaction.redact("ws://127.0.0.1:8080/plain")).isEqualTo("ws://127.0.0.1:8080/plain");
		assertThat(redaction.withWholeQuery(false).redact(URL)).isEqualTo(WsRedaction.defaults().redact(URL));
	}

	@Test
	void textThatIsNotAUriIsHiddenWhole() {
		assertThat(WsRedaction.defaults().redact("ws://host/a b?token=x y")).isEqualTo(WsRedaction.HIDDEN);
	}

	@Test
	void aParameterNameThatDoesNotDecodeIsHidden() {
		assertThat(WsRedaction.defaults().isSensitiveQueryParameter("%zz")).isTrue();
		assertThat(WsRedaction.defaults().isSensitiveQueryParameter("%6Bey")).isTrue();
		assertThat(WsRedaction.defaults().isSensitiveQueryParameter("x")).isFalse();
	}

	@Test
	void headersNamedLikeCredentialsAndConfiguredOnesAreSensitive() {
		WsRedaction redaction = WsRedaction.defaults().withHeaders(List.of("X-Tenant"));
		assertThat(redaction.isSensitiveHeader("Authorization")).isTrue();
		assertThat(redaction.isSensitiveHeader("proxy-authorization")).isTrue();
		assertThat(redaction.isSensitiveHeader("Cookie")).isTrue();
		assertThat(redaction.isSensitiveHeader("Set-Cookie")).isTrue();
		assertThat(redaction.isSensitiveHeader("X-Api-Key")).isTrue();
		assertThat(redaction.isSensitiveHeader("X-Session-Id")).isTrue();
		assertThat(redaction.isSensitiveHeader("x-tenant")).isTrue();
		assertThat(redaction.isSensitiveHeader("User-Agent")).isFalse();
		assertThat(WsRedaction.defaults().isSensitiveHeader("X-Tenant")).isFalse();
		assertThat(redaction.headerValue("X-Tenant", "acme")).isEqualTo(WsRedaction.HIDDEN);
		assertThat(redaction.headerValue("User-Agent", "prices/1.0")).isEqualTo("prices/1.0");
	}

	@Test
	void queryParametersAndHeadersShareOneListOfSecretWords() {
		for (String word : WsRedaction.secretWords()) {
			assertThat(WsRedaction.defaults().isSensitiveHeader("X-" + word.toUpperCase(java.util.Locale.ROOT) + "-Id"))
				.as(word)
				.isTrue();
			assertThat(WsRedaction.defaults().isSensitiveQueryParameter("my_" + word)).as(word).isTrue();
		}
		assertThat(WsRedaction.defaults().isSensitiveQueryParameter("channel")).isFalse();
	}

	@Test
	void isImmutableAndComparedByValue() {
		WsRedaction defaults = WsRedaction.defaults();
		WsRedaction configured = defaults.withQueryParameters("jwt").withWholeQuery(true).withHeaders("X-Tenant");
		assertThat(defaults.queryParameters()).isEmpty();
		assertThat(defaults.wholeQuery()).isFalse();
		assertThat(defaults.headers()).isEmpty();
		assertThat(configured)
			.isEqualTo(WsRedaction.defaults().withHeaders("x-tenant").withWholeQuery(true).withQueryParameters("JWT"))
			.hasSameHashCodeAs(
					WsRedaction.defaults().withHeaders("x-tenant").withWholeQuery(true).withQueryParameters("jwt"))
			.hasToString("WsRedaction[queryParameters=[jwt], wholeQuery=true, headers=[x-tenant]]");
	}

	@Test
	void blankNamesAreRefusedNamingTheArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> WsRedaction.defaults().withQueryParameters("jwt", " "))
			.withMessage("queryParameters[1] must not be empty");
		assertThatIllegalArgumentException().isThrownBy(() -> WsRedaction.defaults().withHeaders(""))
			.withMessage("headers[0] must not be empty");
	}

}
