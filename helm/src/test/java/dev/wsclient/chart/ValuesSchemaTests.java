package dev.wsclient.chart;

import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * {@code values.schema.json}: bad values fail {@code helm template} (and so
 * {@code helm install}) with a message that names the offending field.
 */
class ValuesSchemaTests {

	private BridgeChart chart;

	@BeforeEach
	void createChart(@TempDir Path workDirectory) {
		this.chart = new BridgeChart(workDirectory);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidValues")
	void invalidValuesAreRejectedNamingTheField(String description, String values, String field) {
		assertThatIllegalStateException().isThrownBy(() -> this.chart.render(values))
			.withMessageContaining("schema")
			.withMessageContaining(field);
	}

	static Stream<Arguments> invalidValues() {
		return Stream.of(arguments("negative replicas", "replicaCount: -1", "replicaCount"),
				arguments("replicas not a number", "replicaCount: three", "replicaCount"),
				arguments("fractional replicas", "replicaCount: 1.5", "replicaCount"),
				arguments("client url over http", client("url: http://x"), "/clients/prices/url"),
				arguments("client url without scheme", client("url: feed.example.com"), "/clients/prices/url"),
				arguments("client without url", client("required: true"), "url"),
				arguments("client that is not a map", "clients:\n  prices: wss://feed.example.com", "/clients/prices"),
				arguments("client name with a dot", "clients:\n  eu.prices:\n    url: wss://x", "eu.prices"),
				arguments("defaults url over http", "defaults:\n  url: https://x", "/defaults/url"),
				arguments("header value not a string", client("url: wss://x\n    headers:\n      X-Id: {a: b}"),
						"/clients/prices/headers/X-Id"),
				arguments("secret header without key",
						client("url: wss://x\n    secretHeaders:\n      Authorization: {secretName: token}"),
						"secretKey"),
				arguments("secret header with a typo", client(
						"url: wss://x\n    secretHeaders:\n      Authorization: {secretName: t, secretKey: k, prefx: x}"),
						"prefx"),
				arguments("secret name not a Kubernetes name", client(
						"url: wss://x\n    secretHeaders:\n      Authorization: {secretName: Feed_Token, secretKey: k}"),
						"secretName"),
				arguments("on-connect-messages not a list", client("url: wss://x\n    on-connect-messages: hello"),
						"on-connect-messages"),
				arguments("required not a boolean", client("url: wss://x\n    required: sometimes"), "required"),
				arguments("ping interval not a duration", client("url: wss://x\n    ping-interval: soon"),
						"ping-interval"),
				arguments("max message size not a size", client("url: wss://x\n    max-message-size: big"),
						"max-message-size"),
				arguments("unknown top-level key", "replicas: 3", "replicas"),
				arguments("demo switch not true, false or auto", "demo:\n  enabled: maybe", "/demo/enabled"),
				arguments("port out of range", "containerPort: 70000", "containerPort"),
				arguments("service type unknown", "service:\n  type: Ingress", "/service/type"),
				arguments("pull policy unknown", "image:\n  pullPolicy: Sometimes", "/image/pullPolicy"),
				arguments("empty image repository", "image:\n  repository: \"\"", "/image/repository"),
				arguments("negative shutdown timeout", "shutdown:\n  timeoutSeconds: -5", "timeoutSeconds"),
				arguments("probe period zero", "probes:\n  liveness:\n    periodSeconds: 0", "periodSeconds"),
				arguments("budget not a number or percentage",
						"podDisruptionBudget:\n  enabled: true\n  maxUnavailable: one", "maxUnavailable"),
				arguments("service monitor interval malformed", "serviceMonitor:\n  interval: often", "interval"),
				arguments("management port out of range", "management:\n  port: 0", "/management/port"),
				arguments("management port not a number", "management:\n  port: actuator", "/management/port"),
				arguments("service management port out of range", "service:\n  managementPort: 65536",
						"/service/managementPort"),
				arguments("anonymous read not a list", "security:\n  anonymousRead: prices", "/security/anonymousRead"),
				arguments("anonymous read of a name with a dot", "security:\n  anonymousRead: [eu.prices]",
						"/security/anonymousRead/0"),
				arguments("allowed origin with a path", "security:\n  allowedOrigins: [https://x.example.com/page]",
						"/security/allowedOrigins/0"),
				arguments("allowed origin wildcard", "security:\n  allowedOrigins: [\"*\"]",
						"/security/allowedOrigins/0"),
				arguments("issuer not a URL", "security:\n  jwt:\n    issuerUri: login.example.com",
						"/security/jwt/issuerUri"),
				arguments("JWK set not a URL", "security:\n  jwt:\n    jwkSetUri: keys.json",
						"/security/jwt/jwkSetUri"),
				arguments("misspelt security key", "security:\n  anonymousReads: [prices]", "anonymousReads"),
				arguments("API key secret not a Kubernetes name", "security:\n  apiKeys:\n    existingSecret: Api_Keys",
						"/security/apiKeys/existingSecret"),
				arguments("API key with a plain secret",
						apiKey("{sha256: " + "a".repeat(64) + ", grants: [monitor], secret: s3cr3t}"), "secret"),
				arguments("API key hash too short", apiKey("{sha256: abc123, grants: [monitor]}"), "sha256"),
				arguments("API key hash not hexadecimal", apiKey("{sha256: " + "g".repeat(64) + ", grants: [monitor]}"),
						"sha256"),
				arguments("API key without grants", apiKey("{sha256: " + "a".repeat(64) + "}"), "grants"),
				arguments("API key with no grant", apiKey("{sha256: " + "a".repeat(64) + ", grants: []}"), "grants"),
				arguments("API key grant unknown", apiKey("{sha256: " + "a".repeat(64) + ", grants: [admin]}"),
						"/security/apiKeys/keys/ops/grants/0"),
				arguments("API key id with a dot",
						"security:\n  apiKeys:\n    keys:\n      ops.team: {sha256: " + "a".repeat(64)
								+ ", grants: [monitor]}",
						"ops.team"),
				arguments("network policy switch not a boolean", "networkPolicy:\n  enabled: sometimes",
						"/networkPolicy/enabled"),
				arguments("network policy peer misspelt",
						"networkPolicy:\n  api:\n    extraFrom:\n" + "      - namespaceSelecter: {matchLabels: {a: b}}",
						"namespaceSelecter"),
				arguments("network policy peer empty", "networkPolicy:\n  api:\n    extraFrom:\n      - {}",
						"/networkPolicy/api/extraFrom/0"),
				arguments("network policy peers not a list",
						"networkPolicy:\n  management:\n    from: {namespaceSelector: {}}",
						"/networkPolicy/management/from"),
				arguments("network policy label value not a string",
						"networkPolicy:\n  api:\n    from:\n" + "      - podSelector: {matchLabels: {access: true}}",
						"access"),
				arguments("network policy ipBlock without cidr",
						"networkPolicy:\n  api:\n    from:\n      - ipBlock: {except: [10.0.0.0/8]}", "cidr"));
	}

	@Test
	void securityAndNetworkPolicyValuesInTheirDocumentedFormsAreAccepted() {
		Manifests manifests = this.chart.render("""
				clients:
				  prices:
				    url: wss://feed.example.com
				security:
				  anonymousRead: ["*"]
				  allowedOrigins: [https://status.example.com, "http://localhost:3000"]
				  jwt:
				    issuerUri: https://login.example.com/realms/feeds
				    audiences: [wsclient-bridge]
				  apiKeys:
				    existingSecret: bridge-api-keys
				    secretKey: api-keys.yml
				    keys:
				      Ops_team-1:
				        sha256: %s
				        grants: [monitor, "read:*", "write:*", read:prices, write:prices]
				networkPolicy:
				  api:
				    extraFrom:
				      - ipBlock: {cidr: 192.168.0.0/16}
				""".formatted("0123456789ABCDEF".repeat(4)));
		assertThat(manifests.applicationProperties()).containsEntry("bridge.security.anonymous-read[0]", "*");
	}

	@Test
	void secureAndPlainWebSocketUrlsAreAccepted() {
		Manifests manifests = this.chart.render("""
				clients:
				  secure:
				    url: wss://feed.example.com:8443/v1/stream?token=${FEED_TOKEN}
				  plain:
				    url: ws://10.0.0.7:9000
				""");
		assertThat(manifests.applicationProperties()).containsEntry("wsclient.clients.plain.url", "ws://10.0.0.7:9000");
	}

	@Test
	void valuesFromAParentChartAreAccepted() {
		assertThat(this.chart.render("global:\n  imageRegistry: registry.example.com\n").kinds())
			.contains("Deployment");
	}

	private static String apiKey(String key) {
		return "security:\n  apiKeys:\n    keys:\n      ops: " + key + "\n";
	}

	private static String client(String settings) {
		return "clients:\n  prices:\n    " + settings + "\n";
	}

}
