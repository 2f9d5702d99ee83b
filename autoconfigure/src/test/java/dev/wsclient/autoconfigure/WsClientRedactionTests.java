package dev.wsclient.autoconfigure;

import java.net.URI;
import java.util.List;

import dev.wsclient.core.WsUrls;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WsClientRedaction}.
 */
class WsClientRedactionTests {

	private static final URI URL = URI
		.create("wss://user:pa55@feed.example.com/v1?token=t0ken&jwt=j.w.t&channel=btc&%6Awt=encoded");

	@Test
	void byDefaultHidesWhatCoreHides() {
		assertThat(WsClientRedaction.defaults().url(URL)).isEqualTo(WsUrls.redact(URL))
			.isEqualTo("wss://***@feed.example.com/v1?token=***&jwt=j.w.t&channel=btc&%6Awt=encoded");
	}

	@Test
	void configuredParametersAreHiddenWhateverTheirCaseOrEncoding() {
		WsClientRedaction redaction = new WsClientRedaction(List.of("JWT"), false, List.of());
		assertThat(redaction.url(URL))
			.isEqualTo("wss://***@feed.example.com/v1?token=***&jwt=***&channel=btc&%6Awt=***");
	}

	@Test
	void textCoreRedactedAlreadyIsRedactedFurther() {
		WsClientRedaction redaction = new WsClientRedaction(List.of("jwt"), false, List.of());
		assertThat(redaction.url(WsUrls.redact(URL))).isEqualTo(redaction.url(URL));
	}

	@Test
	void theWholeQueryCanBeHidden() {
		WsClientRedaction redaction = new WsClientRedaction(List.of(), true, List.of());
		assertThat(redaction.url(URL)).isEqualTo("wss://***@feed.example.com/v1?***");
		assertThat(redaction.url("ws://127.0.0.1:8080/plain")).isEqualTo("ws://127.0.0.1:8080/plain");
	}

	@Test
	void textThatIsNotAUriIsHiddenWhole() {
		assertThat(WsClientRedaction.defaults().url("ws://host/a b?token=x y")).isEqualTo("***");
	}

	@Test
	void headersNamedLikeCredentialsAndConfiguredOnesAreSensitive() {
		WsClientRedaction redaction = new WsClientRedaction(List.of(), false, List.of("X-Tenant"));
		assertThat(redaction.isSensitiveHeader("Authorization")).isTrue();
		assertThat(redaction.isSensitiveHeader("proxy-authorization")).isTrue();
		assertThat(redaction.isSensitiveHeader("Cookie")).isTrue();
		assertThat(redaction.isSensitiveHeader("X-Api-Key")).isTrue();
		assertThat(redaction.isSensitiveHeader("X-Session-Id")).isTrue();
		assertThat(redaction.isSensitiveHeader("x-tenant")).isTrue();
		assertThat(redaction.isSensitiveHeader("User-Agent")).isFalse();
		assertThat(WsClientRedaction.defaults().isSensitiveHeader("X-Tenant")).isFalse();
		assertThat(redaction.headerValue("X-Tenant", "acme")).isEqualTo(WsClientRedaction.HIDDEN);
		assertThat(redaction.headerValue("User-Agent", "prices/1.0")).isEqualTo("prices/1.0");
	}

}
