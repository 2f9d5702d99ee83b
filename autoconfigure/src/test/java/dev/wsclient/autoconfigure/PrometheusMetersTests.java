package dev.wsclient.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.wsclient.autoconfigure.listener.WsClientListener;
import dev.wsclient.core.WsState;
import dev.wsclient.test.server.MockWsServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The meters as Prometheus scrapes them from {@code /actuator/prometheus} of a running
 * WebFlux application with Actuator, Micrometer's Prometheus registry and Boot's
 * observation support, against a real WebSocket server on 127.0.0.1; checked against the
 * table of the README's Metrics section, so the README and the code cannot drift apart.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=prometheus", "wsclient.defaults.close-timeout=2s",
				"wsclient.clients.prices.ping-interval=1s", "wsclient.clients.prices.publish-message-events=false",
				"wsclient.clients.idle.auto-connect=false" })
class PrometheusMetersTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final Path README = Path.of("README.md");

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

	private static final Pattern CELL = Pattern.compile("\\|");

	private static final Pattern SPACE = Pattern.compile(" ");

	private static final Pattern CODE = Pattern.compile("`([^`]+)`");

	private static final MockWsServer server = MockWsServer.start();

	@LocalServerPort
	private int port;

	@Autowired
	private WsClients clients;

	private WebTestClient http;

	@DynamicPropertySource
	static void clients(DynamicPropertyRegistry registry) {
		registry.add("wsclient.clients.prices.url", () -> server.uri("/ws?token=s3cret"));
		registry.add("wsclient.clients.idle.url", () -> server.uri("/idle"));
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@BeforeEach
	void awaitPricesOpen() {
		this.http = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(TIMEOUT)
			.build();
		await().atMost(TIMEOUT).until(() -> this.clients.get("prices").state() == WsState.OPEN);
	}

	@Test
	void theScrapeHasTheNamesTypesAndTagsOfTheReadmeTable() {
		server.push("hello");
		server.push("boom");
		// Whatever series come with the first failure of a listener method and the end of
		// the first attempt are there too.
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(scrape()).contains("wsclient_listener_errors_total{")
				.contains("wsclient_connect_seconds_count{"));
		Scrape scrape = Scrape.parse(scrape());
		List<Row> rows = readmeMeters();
		Map<String, Row> documented = new TreeMap<>();
		rows.forEach((row) -> row.names().forEach((name) -> documented.put(name, row)));
		assertThat(scrape.names()).as("wsclient_* series in /actuator/prometheus vs the README table")
			.containsExactlyInAnyOrderElementsOf(documented.keySet());
		documented.forEach((name, row) -> {
			assertThat(scrape.tagKeys(name)).as("tags of %s", name).isEqualTo(row.tags());
			assertThat(scrape.type(name)).as("type of %s", name).isEqualTo(row.type());
		});
		Set<String> usedTags = new TreeSet<>();
		rows.forEach((row) -> usedTags.addAll(row.tags()));
		assertThat(readmeTags()).as("the README's tags table").containsExactlyInAnyOrderElementsOf(usedTags);
		// And the values are those of the traffic.
		assertThat(scrape.value("wsclient_messages_received_total", "client", "prices", "type", "text")).isEqualTo(2);
		assertThat(scrape.value("wsclient_bytes_received_bytes_total", "client", "prices")).isEqualTo(9);
		assertThat(scrape.value("wsclient_listener_errors_total", "client", "prices", "listener", "texts", "exception",
				"IllegalStateException"))
			.isEqualTo(1);
		assertThat(scrape.value("wsclient_connect_seconds_count", "client", "prices", "outcome", "0", "error", "none"))
			.isPositive();
		assertThat(scrape.value("wsclient_state", "client", "prices", "state", "open")).isEqualTo(1);
	}

	@Test
	void everyMeterOfAClientIsThereBeforeItFirstConnects() {
		Scrape scrape = Scrape.parse(scrape());
		List<Row> fromStartUp = readmeMeters().stream().filter((row) -> row.exists().equals("start-up")).toList();
		assertThat(fromStartUp).hasSizeGreaterThan(5);
		for (Row row : fromStartUp) {
			for (String name : row.names()) {
				List<Map.Entry<Map<String, String>, Double>> idle = scrape.series(name, "client", "idle");
				assertThat(idle).as("series of %s for the client that never connected", name).isNotEmpty();
				if (!name.equals("wsclient_state")) {
					assertThat(idle).as(name).allSatisfy((series) -> assertThat(series.getValue()).isZero());
				}
			}
		}
		assertThat(scrape.value("wsclient_ping_rtt_seconds_count", "client", "idle")).isZero();
		assertThat(scrape.value("wsclient_connection_attempts_total", "client", "idle", "outcome", "0")).isZero();
		assertThat(scrape.value("wsclient_state", "client", "idle", "state", "closed")).isEqualTo(1);
		assertThat(server.connections()).noneMatch((connection) -> connection.handshake().path().startsWith("/idle"));
	}

	private String scrape() {
		return Objects.requireNonNull(this.http.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
	}

	/**
	 * Return the rows of the README's table of meters.
	 * @return the rows
	 */
	private static List<Row> readmeMeters() {
		return table("| Prometheus name |").stream()
			.map((cells) -> new Row(codes(cells.get(0)), cells.get(1), new TreeSet<>(codes(cells.get(2))),
					cells.get(3)))
			.toList();
	}

	private static List<String> readmeTags() {
		return table("| Tag |").stream().map((cells) -> codes(cells.get(0)).get(0)).toList();
	}

	private static List<List<String>> table(String header) {
		String section = metricsSection();
		int start = section.indexOf(header);
		assertThat(start).as("README table starting %s", header).isNotNegative();
		List<List<String>> rows = new ArrayList<>();
		List<String> lines = section.substring(start).lines().toList();
		// The header and the separator, then the rows up to the first line that is not
		// one.
		for (String line : lines.subList(2, lines.size())) {
			if (!line.startsWith("|")) {
				break;
			}
			List<String> cells = new ArrayList<>();
			for (String cell : CELL.split(line.substring(1, line.length() - 1), -1)) {
				cells.add(cell.strip());
			}
			rows.add(cells);
		}
		assertThat(rows).isNotEmpty();
		return rows;
	}

	private static String metricsSection() {
		try {
			String readme = Files.readString(README, StandardCharsets.UTF_8);
			int start = readme.indexOf("\n### Metrics\n");
			assertThat(start).as("the Metrics section of " + README.toAbsolutePath()).isNotNegative();
			int end = readme.indexOf("\n## ", start);
			return readme.substring(start, (end < 0) ? readme.length() : end);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<String> codes(String cell) {
		List<String> codes = new ArrayList<>();
		Matcher matcher = CODE.matcher(cell);
		while (matcher.find()) {
			codes.add(matcher.group(1));
		}
		return codes;
	}

	record Row(List<String> names, String type, Set<String> tags, String exists) {
	}

	/**
	 * The {@code wsclient_*} series of a scrape in the Prometheus text format.
	 */
	record Scrape(Map<String, String> types, Map<String, List<Map.Entry<Map<String, String>, Double>>> samples) {

		static Scrape parse(String text) {
			Map<String, String> types = new TreeMap<>();
			Map<String, List<Map.Entry<Map<String, String>, Double>>> samples = new TreeMap<>();
			for (String line : text.lines().toList()) {
				if (line.startsWith("# TYPE wsclient_")) {
					String[] parts = SPACE.split(line, -1);
					types.put(parts[2], parts[3]);
				}
				else if (line.startsWith("wsclient_")) {
					Matcher sample = SAMPLE.matcher(line);
					assertThat(sample.matches()).as(line).isTrue();
					Map<String, String> labels = new LinkedHashMap<>();
					Matcher label = LABEL.matcher(Objects.requireNonNullElse(sample.group(2), ""));
					while (label.find()) {
						labels.put(label.group(1), label.group(2));
					}
					samples.computeIfAbsent(sample.group(1), (name) -> new ArrayList<>())
						.add(Map.entry(labels, Double.parseDouble(sample.group(3))));
				}
			}
			return new Scrape(types, samples);
		}

		Set<String> names() {
			return this.samples.keySet();
		}

		Set<String> tagKeys(String name) {
			Set<String> keys = new TreeSet<>();
			this.samples.getOrDefault(name, List.of()).forEach((series) -> keys.addAll(series.getKey().keySet()));
			return keys;
		}

		/**
		 * The Prometheus type of a series: that of its family, which for a summary is the
		 * name without {@code _count} or {@code _sum}.
		 */
		@Nullable String type(String name) {
			String type = this.types.get(name);
			if (type == null) {
				String family = name.replaceFirst("_(count|sum)$", "");
				type = "summary".equals(this.types.get(family)) ? "summary" : null;
			}
			return type;
		}

		List<Map.Entry<Map<String, String>, Double>> series(String name, String... tags) {
			return this.samples.getOrDefault(name, List.of()).stream().filter((series) -> {
				for (int i = 0; i < tags.length; i += 2) {
					if (!tags[i + 1].equals(series.getKey().get(tags[i]))) {
						return false;
					}
				}
				return true;
			}).toList();
		}

		double value(String name, String... tags) {
			List<Map.Entry<Map<String, String>, Double>> matching = series(name, tags);
			assertThat(matching).as("%s %s", name, List.of(tags)).hasSize(1);
			return matching.get(0).getValue();
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

		@Bean
		Listeners listeners() {
			return new Listeners();
		}

	}

	static class Listeners {

		@WsClientListener(value = "prices", id = "texts")
		void on(String text) {
			if (text.equals("boom")) {
				throw new IllegalStateException("boom");
			}
		}

	}

}
