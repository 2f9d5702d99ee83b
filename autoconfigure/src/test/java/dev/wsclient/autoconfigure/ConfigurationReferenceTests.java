package dev.wsclient.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the configuration reference of {@code README.md} against the configuration
 * metadata generated from {@link WsClientProperties}: every key is documented, with the
 * generated default and description, and the README documents no key that does not exist.
 */
class ConfigurationReferenceTests {

	private static final String DEFAULTS = "wsclient.defaults.";

	@Test
	void everyClientKeyIsDocumentedWithItsDefaultAndDescription() throws IOException {
		Map<String, Row> documented = table("| Key | Default | Meaning |", 0);
		Map<String, JsonNode> generated = new LinkedHashMap<>();
		metadata().forEach((name, property) -> {
			if (name.startsWith(DEFAULTS)) {
				generated.put(name.substring(DEFAULTS.length()), property);
			}
		});
		assertThat(generated).isNotEmpty();
		assertThat(documented.keySet()).as("keys in README.md")
			.containsExactlyInAnyOrderElementsOf(concat(generated.keySet(), "url"));
		generated.forEach((key, property) -> assertDocumented(documented.get(key), key, property));
	}

	@Test
	void otherKeysAreDocumentedWithTheirDefaultAndDescription() throws IOException {
		Map<String, Row> documented = table("| Key | Default | Meaning |", 1);
		Map<String, JsonNode> metadata = metadata();
		assertThat(documented).isNotEmpty();
		documented.forEach((key, row) -> {
			assertThat(metadata).as("metadata").containsKey(key);
			assertDocumented(row, key, metadata.get(key));
		});
	}

	private static void assertDocumented(@Nullable Row row, String key, @Nullable JsonNode property) {
		assertThat(row).as("README.md row of %s", key).isNotNull();
		assertThat(property).as("metadata of %s", key).isNotNull();
		if (row == null || property == null) {
			return;
		}
		assertThat(row.meaning()).as("meaning of %s", key).isEqualTo(property.get("description").asString());
		JsonNode defaultValue = property.get("defaultValue");
		if (defaultValue != null) {
			assertThat(row.defaultValue()).as("default of %s", key).isEqualTo("`" + defaultValue.asString() + "`");
		}
		else {
			assertThat(row.defaultValue()).as("default of %s", key).doesNotContain("`");
		}
	}

	private static List<String> concat(Iterable<String> keys, String extra) {
		List<String> all = new ArrayList<>();
		keys.forEach(all::add);
		all.add(extra);
		return all;
	}

	private static Map<String, JsonNode> metadata() throws IOException {
		Map<String, JsonNode> properties = new LinkedHashMap<>();
		try (InputStream in = ConfigurationReferenceTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("generated metadata").isNotNull();
			JsonNode root = JsonMapper.builder().build().readTree(in);
			for (JsonNode property : root.get("properties")) {
				properties.put(property.get("name").asString(), property);
			}
		}
		return properties;
	}

	/**
	 * Read the rows of a table of the configuration reference.
	 * @param header the header line of the table
	 * @param index which table with that header, from 0
	 * @return the rows by key
	 */
	private static Map<String, Row> table(String header, int index) throws IOException {
		List<String> lines = Files.readAllLines(Path.of("README.md"));
		int found = -1;
		Map<String, Row> rows = new LinkedHashMap<>();
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).equals(header) && ++found == index) {
				for (int j = i + 2; j < lines.size() && lines.get(j).startsWith("|"); j++) {
					String[] cells = lines.get(j).split("\\s*\\|\\s*", -1);
					String key = cells[1].replace("`", "");
					rows.put(key, new Row(cells[2], cells[3]));
				}
				return rows;
			}
		}
		throw new IllegalStateException("README.md has no table '" + header + "' number " + index);
	}

	private record Row(String defaultValue, String meaning) {
	}

}
