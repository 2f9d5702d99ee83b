package dev.wsclient.test.server;

import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks {@link SelfSignedTls}.
 */
class SelfSignedTlsTests {

	@Test
	void certificateNamesLocalhostAndLoopback() throws Exception {
		X509Certificate certificate = SelfSignedTls.shared().certificate();
		assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
		assertThat(certificate.getSubjectAlternativeNames()).containsExactlyInAnyOrder(List.of(2, "localhost"),
				List.of(7, "127.0.0.1"));
		certificate.checkValidity();
		certificate.verify(certificate.getPublicKey());
	}

	@Test
	void trustManagersTrustTheCertificate() throws Exception {
		SelfSignedTls tls = SelfSignedTls.shared();
		TrustManager[] trustManagers = tls.trustManagerFactory().getTrustManagers();
		assertThat(trustManagers).singleElement().isInstanceOf(X509TrustManager.class);
		((X509TrustManager) trustManagers[0]).checkServerTrusted(new X509Certificate[] { tls.certificate() },
				"ECDHE_ECDSA");
		assertThat(tls.serverSslContext().isServer()).isTrue();
		assertThat(tls.clientSslContext().isClient()).isTrue();
		assertThat(tls.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----\n")
			.endsWith("-----END CERTIFICATE-----\n");
	}

	@Test
	void sharedIdentityIsCreatedOnce() {
		assertThat(SelfSignedTls.shared()).isSameAs(SelfSignedTls.shared());
	}

}
