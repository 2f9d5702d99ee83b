package dev.wsclient.autoconfigure;

import java.net.URI;
import java.util.List;

import dev.wsclient.core.WsRedaction;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WsClientRedaction}, the starter's adapter over core's
 * {@link WsRedaction} (whose rules {@code WsRedactionTests} in core checks).
 */
class WsClientRedactionTests {

	private static final URI URL = URI
		.create("wss://user:pa55@feed.example.com/v1?token=t0ken&jwt=j.w.t&channel=btc&%6Awt=encoded");

	@Test
	void byDefaultHidesWhatCoreHides() {
		assertThat(WsClientRedaction.defaults().wsRedaction()).isEqualTo(WsRedaction.defaults());
		assertThat(WsClientRedaction.defaults().url(URL)).isEqualTo(WsRedaction.defaults().redact(URL))
			.isEqualTo("wss://***@feed.example.com/v1?token=***&jwt=j.w.t&channel=btc&%6Awt=encoded");
	}

	@Test
	void configuredNamesBecomeCoresRedactionIgnoringBlankOnes() {
		WsClientRedaction redaction = new WsClientRedaction(List.of("JWT", " "), true, List.of("X-Tenant", ""));
		assertThat(redaction.wsRedaction())
			.isEqualTo(WsRedaction.defaults().withQueryParameters("jwt").withWholeQuery(true).withHeaders("x-tenant"));
		assertThat(redaction.url(URL)).isEqualTo("wss://***@feed.example.com/v1?***");
		assertThat(redaction.url("ws://host/a b?token=x y")).isEqualTo(WsClientRedaction.HIDDEN);
	}

	@Test
	void configuredParametersAreHiddenWhateverTheirCaseOrEncoding() {
		WsClientRedaction redaction = new WsClientRedaction(List.of("JWT"), false, List.of());
		assertThat(redaction.url(URL))
			.isEqualTo("wss://***@feed.example.com/v1?token=***&jwt=***&channel=btc&%6Awt=***");
	}

	@Test
	void headersNamedLikeCredentialsAndConfiguredOnesAreSensitive() {
		WsClientRedaction redaction = new WsClientRedaction(List.of(), false, List.of("X-Tenant"));
		assertThat(redaction.isSensitiveHeader("Authorization")).isTrue();
		assertThat(redaction.isSensitiveHeader("x-tenant")).isTrue();
		assertThat(redaction.isSensitiveHeader("User-Agent")).isFalse();
		assertThat(WsClientRedaction.defaults().isSensitiveHeader("X-Tenant")).isFalse();
		assertThat(redaction.headerValue("X-Tenant", "acme")).isEqualTo(WsClientRedaction.HIDDEN);
		assertThat(redaction.headerValue("User-Agent", "prices/1.0")).isEqualTo("prices/1.0");
	}

}
