package dev.wsclient.starter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The BOM ({@code bom/pom.xml}) against the reactor: it manages every published module of
 * the root pom, at the reactor's version, and nothing else. A module is published unless
 * its pom sets {@code maven.deploy.skip} to {@code true}, the property that also turns
 * off its sources and javadoc jars.
 */
class BomTests {

	private static final String GROUP_ID = "dev.wsclient";

	// Surefire runs in the module's directory: the reactor root is its parent.
	private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

	private static final Element ROOT_POM = pom(ROOT.resolve("pom.xml"));

	@BeforeAll
	static void reactorRootFound() {
		assertThat(text(ROOT_POM, "artifactId")).isEqualTo("wsclient-parent");
	}

	@Test
	void bomIsBuiltWithTheReactor() {
		assertThat(children(child(ROOT_POM, "modules"), "module")).contains("bom");
	}

	@Test
	void bomManagesEveryPublishedModuleAndNothingElse() {
		Map<String, String> published = new TreeMap<>();
		for (String module : children(child(ROOT_POM, "modules"), "module")) {
			Element pom = pom(ROOT.resolve(module).resolve("pom.xml"));
			Element properties = child(pom, "properties");
			Element deploySkip = (properties != null) ? child(properties, "maven.deploy.skip") : null;
			boolean deploySkipped = deploySkip != null && "true".equals(deploySkip.getTextContent().trim());
			String artifactId = text(pom, "artifactId");
			if (!deploySkipped && !"wsclient-bom".equals(artifactId)) {
				published.put(artifactId, module);
			}
		}
		assertThat(published).as("published modules").containsKeys("wsclient-core", "wsclient-spring-boot-starter");

		List<String> managed = new ArrayList<>();
		for (Element dependency : elements(child(child(bom(), "dependencyManagement"), "dependencies"), "dependency")) {
			assertThat(text(dependency, "groupId")).isEqualTo(GROUP_ID);
			assertThat(text(dependency, "version")).isEqualTo("${project.version}");
			assertThat(child(dependency, "type")).as("type of %s", text(dependency, "artifactId")).isNull();
			assertThat(child(dependency, "scope")).as("scope of %s", text(dependency, "artifactId")).isNull();
			managed.add(text(dependency, "artifactId"));
		}
		assertThat(managed).as("artifacts managed by bom/pom.xml (published modules: %s)", published)
			.doesNotHaveDuplicates()
			.containsExactlyInAnyOrderElementsOf(published.keySet());
	}

	@Test
	void bomHasTheReactorsVersionAndNoParent() {
		Element bom = bom();
		// A parent would bring its dependencyManagement (Spring Boot's) into every
		// importer.
		assertThat(child(bom, "parent")).isNull();
		assertThat(text(bom, "groupId")).isEqualTo(GROUP_ID);
		assertThat(text(bom, "packaging")).isEqualTo("pom");
		assertThat(text(bom, "version")).isEqualTo(text(ROOT_POM, "version"));
		assertThat(child(bom, "dependencies")).isNull();
		assertThat(child(bom, "build")).isNull();
		assertThat(child(bom, "properties")).isNull();
	}

	private static Element bom() {
		return pom(ROOT.resolve("bom").resolve("pom.xml"));
	}

	private static Element pom(Path file) {
		try {
			DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
			factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
			DocumentBuilder builder = factory.newDocumentBuilder();
			if (!Files.exists(file)) {
				throw new IllegalStateException("No " + file);
			}
			Document document = builder.parse(file.toFile());
			return document.getDocumentElement();
		}
		catch (ParserConfigurationException | SAXException | IOException ex) {
			throw new IllegalStateException("Cannot read " + file, ex);
		}
	}

	private static List<Element> elements(Element parent, String name) {
		List<Element> elements = new ArrayList<>();
		for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
			if (node instanceof Element element && element.getTagName().equals(name)) {
				elements.add(element);
			}
		}
		return elements;
	}

	private static List<String> children(Element parent, String name) {
		return elements(parent, name).stream().map((element) -> element.getTextContent().trim()).toList();
	}

	private static Element child(Element parent, String name) {
		List<Element> elements = elements(parent, name);
		return elements.isEmpty() ? null : elements.get(0);
	}

	private static String text(Element parent, String name) {
		Element child = child(parent, name);
		assertThat(child).as("<%s> in <%s>", name, parent.getTagName()).isNotNull();
		return child.getTextContent().trim();
	}

}
