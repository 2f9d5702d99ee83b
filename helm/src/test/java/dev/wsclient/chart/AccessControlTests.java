package dev.wsclient.chart;

import java.nio.file.Path;
import java.util.Map;

import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The {@code security} values: who may read, send and monitor, rendered into the bridge's
 * {@code bridge.security.*} and {@code spring.security.oauth2.resourceserver.jwt.*}
 * settings, and API keys imported from an existing Secret.
 */
class AccessControlTests {

	private static final String PRICES = """
			clients:
			  prices:
			    url: wss://feed.example.com/v1/prices
			  news:
			    url: wss://news.example.com/v1
			""";

	private static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

	/** The bridge accepts upper-case hexadecimal digits as well. */
	private static final String UPPER_CASE_HASH = "60303AE22B998861BCE3B28F33EEC1BE758A213C86C93C076DBE9F558C11C752";

	private BridgeChart chart;

	@BeforeEach
	void createChart(@TempDir Path workDirectory) {
		this.chart = new BridgeChart(workDirectory);
	}

	@Test
	void anonymousReadAndAllowedOriginsBecomeBridgeSecuritySettings() {
		Map<String, Object> properties = this.chart.render(PRICES + """
				security:
				  anonymousRead: [news]
				  allowedOrigins: [https://status.example.com, "http://localhost:3000"]
				""").applicationProperties();
		assertThat(properties).containsEntry("bridge.security.anonymous-read[0]", "news")
			.doesNotContainKey("bridge.security.anonymous-read[1]")
			.containsEntry("bridge.security.allowed-origins[0]", "https://status.example.com")
			.containsEntry("bridge.security.allowed-origins[1]", "http://localhost:3000");
	}

	@Test
	void jwtSettingsBecomeSpringBootResourceServerSettings() {
		Map<String, Object> properties = this.chart.render(PRICES + """
				security:
				  jwt:
				    issuerUri: https://login.example.com/realms/feeds
				    jwkSetUri: https://login.example.com/realms/feeds/protocol/openid-connect/certs
				    audiences: [wsclient-bridge]
				""").applicationProperties();
		String prefix = "spring.security.oauth2.resourceserver.jwt.";
		assertThat(properties).containsEntry(prefix + "issuer-uri", "https://login.example.com/realms/feeds")
			.containsEntry(prefix + "jwk-set-uri",
					"https://login.example.com/realms/feeds/protocol/openid-connect/certs")
			.containsEntry(prefix + "audiences[0]", "wsclient-bridge");
	}

	@Test
	void jwtSettingsThatAreNotSetAreLeftOut() {
		Map<String, Object> properties = this.chart.render(PRICES + """
				security:
				  jwt:
				    jwkSetUri: https://keys.example.com/jwks.json
				""").applicationProperties();
		assertThat(properties.keySet().stream().filter((key) -> key.startsWith("spring.security.")))
			.containsExactly("spring.security.oauth2.resourceserver.jwt.jwk-set-uri");
		assertThat(properties).containsEntry("spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
				"https://keys.example.com/jwks.json");
	}

	@Test
	void apiKeysSecretIsMountedReadOnlyAndImportedIntoTheBridgeConfiguration() {
		Manifests manifests = this.chart.render(PRICES + """
				security:
				  apiKeys:
				    existingSecret: bridge-api-keys
				""");
		PodSpec pod = manifests.deployment().getSpec().getTemplate().getSpec();
		Volume volume = pod.getVolumes()
			.stream()
			.filter((candidate) -> candidate.getSecret() != null)
			.findFirst()
			.orElseThrow();
		assertThat(volume.getSecret().getSecretName()).isEqualTo("bridge-api-keys");
		KeyToPath item = volume.getSecret().getItems().stream().findFirst().orElseThrow();
		assertThat(volume.getSecret().getItems()).containsExactly(item);
		assertThat(item.getKey()).isEqualTo("api-keys.yaml");
		VolumeMount mount = manifests.bridgeContainer()
			.getVolumeMounts()
			.stream()
			.filter((candidate) -> volume.getName().equals(candidate.getName()))
			.findFirst()
			.orElseThrow();
		assertThat(mount.getReadOnly()).isTrue();
		assertThat(mount.getMountPath()).isNotEqualTo("/etc/wsclient-bridge").doesNotStartWith("/etc/wsclient-bridge/");
		assertThat(manifests.applicationProperties()).containsEntry("spring.config.import",
				"file:" + mount.getMountPath() + "/" + item.getPath());
	}

	@Test
	void apiKeysSecretKeyWithoutAYamlExtensionIsImportedAsYaml() {
		Manifests manifests = this.chart.render(PRICES + """
				security:
				  apiKeys:
				    existingSecret: bridge-api-keys
				    secretKey: keys
				""");
		assertThat(manifests.applicationProperties().get("spring.config.import")).asString()
			.startsWith("file:/")
			.endsWith("/keys[.yaml]");
	}

	@Test
	void inlineApiKeysCarryOnlyHashesAndGrants() {
		Manifests manifests = this.chart.render(PRICES + """
				security:
				  apiKeys:
				    keys:
				      dashboard:
				        sha256: %s
				        grants: [read:prices, "read:news"]
				      ops:
				        sha256: %s
				        grants: [monitor, "write:*"]
				""".formatted(HASH, UPPER_CASE_HASH));
		assertThat(manifests.applicationProperties()).containsEntry("bridge.security.api-keys.dashboard.sha256", HASH)
			.containsEntry("bridge.security.api-keys.dashboard.grants[0]", "read:prices")
			.containsEntry("bridge.security.api-keys.dashboard.grants[1]", "read:news")
			.containsEntry("bridge.security.api-keys.ops.sha256", UPPER_CASE_HASH)
			.containsEntry("bridge.security.api-keys.ops.grants[0]", "monitor")
			.containsEntry("bridge.security.api-keys.ops.grants[1]", "write:*")
			.doesNotContainKey("spring.config.import");
		assertThat(manifests.kinds()).doesNotContain("Secret");
	}

	@Test
	void demoStreamStaysReadableWhenOtherClientsAreListed() {
		Map<String, Object> properties = this.chart.render(PRICES + """
				demo:
				  enabled: true
				security:
				  anonymousRead: [prices]
				""").applicationProperties();
		assertThat(properties).containsEntry("bridge.security.anonymous-read[0]", "prices")
			.containsEntry("bridge.security.anonymous-read[1]", "demo")
			.doesNotContainKey("bridge.security.anonymous-read[2]");
	}

	@Test
	void wildcardAnonymousReadNeedsNoDemoEntry() {
		Map<String, Object> properties = this.chart.render("security:\n  anonymousRead: [\"*\"]\n")
			.applicationProperties();
		assertThat(properties).containsEntry("bridge.security.anonymous-read[0]", "*")
			.doesNotContainKey("bridge.security.anonymous-read[1]");
	}

	@Test
	void anonymousReadOfAClientTheBridgeDoesNotHaveIsRejected() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.chart.render(PRICES + "security:\n  anonymousRead: [prizes]\n"))
			.withMessageContaining("security.anonymousRead")
			.withMessageContaining("\"prizes\" is not a client of the bridge")
			.withMessageContaining("[news prices]");
	}

	@Test
	void grantForAClientTheBridgeDoesNotHaveIsRejected() {
		assertThatIllegalStateException().isThrownBy(() -> this.chart.render(PRICES + """
				security:
				  apiKeys:
				    keys:
				      dashboard:
				        sha256: %s
				        grants: [read:prices, write:prizes]
				""".formatted(HASH)))
			.withMessageContaining("security.apiKeys.keys.dashboard.grants")
			.withMessageContaining("\"write:prizes\" names a client the bridge does not have");
	}

	@Test
	void clientsConfiguredThroughExtraConfigCanBeGrantedAndReadAnonymously() {
		Map<String, Object> properties = this.chart.render("""
				demo:
				  enabled: false
				extraConfig:
				  wsclient:
				    clients:
				      ticker:
				        url: wss://ticker.example.com
				security:
				  anonymousRead: [ticker]
				  apiKeys:
				    keys:
				      writer:
				        sha256: %s
				        grants: [write:ticker]
				""".formatted(HASH)).applicationProperties();
		assertThat(properties).containsEntry("bridge.security.anonymous-read[0]", "ticker")
			.doesNotContainKey("bridge.security.anonymous-read[1]")
			.containsEntry("bridge.security.api-keys.writer.grants[0]", "write:ticker");
	}

}
