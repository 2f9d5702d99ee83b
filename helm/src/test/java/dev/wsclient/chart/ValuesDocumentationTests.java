package dev.wsclient.chart;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code values.yaml} documents every value with {@code ## @param <key> <description>},
 * {@code values.schema.json} covers exactly the top-level keys it declares, and
 * {@code helm/README.md} names each access control, network and management value.
 */
class ValuesDocumentationTests {

	private static final Pattern PARAM = Pattern.compile("(?m)^\\s*## @param (\\S+) (\\S.*)$");

	/** Values that helm/README.md documents one by one. */
	private static final List<String> README_PREFIXES = List.of("security.", "networkPolicy.", "management.",
			"service.managementPort");

	private static JsonNode values;

	private static Map<String, String> documented;

	@BeforeAll
	static void readValues() throws IOException {
		String text = Files.readString(BridgeChart.chartDirectory().resolve("values.yaml"), StandardCharsets.UTF_8);
		values = new YAMLMapper().readTree(text);
		documented = new LinkedHashMap<>();
		Matcher matcher = PARAM.matcher(text);
		while (matcher.find()) {
			assertThat(documented.put(matcher.group(1), matcher.group(2))).as("second @param for %s", matcher.group(1))
				.isNull();
		}
	}

	@Test
	void everyValueIsDocumentedItselfOrThroughItsParent() {
		List<String> undocumented = new ArrayList<>();
		for (String path : leafPaths(values, "")) {
			if (!isDocumented(path)) {
				undocumented.add(path);
			}
		}
		assertThat(undocumented).isEmpty();
	}

	@Test
	void everyDocumentedKeyExists() {
		assertThat(documented.keySet())
			.allSatisfy((key) -> assertThat(values.at("/" + key.replace('.', '/')).isMissingNode())
				.as("@param %s names a key that values.yaml does not have", key)
				.isFalse());
	}

	@Test
	void schemaDeclaresExactlyTheTopLevelValues() throws IOException {
		JsonNode schema = new JsonMapper().readTree(
				Files.readString(BridgeChart.chartDirectory().resolve("values.schema.json"), StandardCharsets.UTF_8));
		assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
		Set<String> declared = fieldNames(schema.path("properties"));
		declared.remove("global");
		assertThat(declared).isEqualTo(fieldNames(values));
	}

	@Test
	void accessNetworkAndManagementValuesAreDocumentedInTheReadme() throws IOException {
		String readme = Files.readString(BridgeChart.chartDirectory().resolveSibling("README.md"),
				StandardCharsets.UTF_8);
		List<String> keys = documented.keySet()
			.stream()
			.filter((key) -> README_PREFIXES.stream().anyMatch(key::startsWith))
			.toList();
		assertThat(keys).contains("security.apiKeys.existingSecret", "networkPolicy.enabled", "management.port",
				"service.managementPort");
		assertThat(keys)
			.allSatisfy((key) -> assertThat(readme).as("README.md mentions `%s`", key).contains("`" + key + "`"));
	}

	private static boolean isDocumented(String path) {
		String candidate = path;
		while (true) {
			if (documented.containsKey(candidate)) {
				return true;
			}
			int dot = candidate.lastIndexOf('.');
			if (dot < 0) {
				return false;
			}
			candidate = candidate.substring(0, dot);
		}
	}

	private static List<String> leafPaths(JsonNode node, String prefix) {
		List<String> paths = new ArrayList<>();
		if (node.isObject() && !node.isEmpty()) {
			for (Map.Entry<String, JsonNode> field : node.properties()) {
				String key = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
				paths.addAll(leafPaths(field.getValue(), key));
			}
		}
		else {
			paths.add(prefix);
		}
		return paths;
	}

	private static Set<String> fieldNames(JsonNode node) {
		Set<String> names = new TreeSet<>();
		node.properties().forEach((field) -> names.add(field.getKey()));
		return names;
	}

}
