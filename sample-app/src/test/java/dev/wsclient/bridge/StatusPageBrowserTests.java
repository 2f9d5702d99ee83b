package dev.wsclient.bridge;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The status page in a real headless browser: Debian's {@code chromium} driven through
 * {@code chromedriver} by Selenium. Skipped, with a message naming what is missing, when
 * either is not installed ({@code apt-get install chromium chromium-driver}).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class StatusPageBrowserTests {

	private static final Log logger = LogFactory.getLog(StatusPageBrowserTests.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@LocalServerPort
	private int port;

	private WebDriver driver;

	@BeforeEach
	void startBrowser(@TempDir Path profile) throws IOException {
		// Checked per test rather than per class: a skipped class would be reported as
		// "Tests run: 0", a skipped test as "Skipped: 1".
		Path chromium = Path.of(System.getProperty("bridge.test.chromium", "/usr/bin/chromium"));
		Path chromedriver = Path.of(System.getProperty("bridge.test.chromedriver", "/usr/bin/chromedriver"));
		requireExecutable(chromium, "chromium", "chromium");
		requireExecutable(chromedriver, "chromedriver", "chromium-driver");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(chromium.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--user-data-dir=" + Files.createDirectories(profile.resolve("chromium")));
		// An explicit driver: Selenium Manager never runs, nothing is downloaded.
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File(chromedriver.toString()))
			.usingAnyFreePort()
			.build();
		this.driver = new ChromeDriver(service, options);
	}

	@AfterEach
	void stopBrowser() {
		if (this.driver != null) {
			this.driver.quit();
		}
	}

	@Test
	void pageShowsTheDemoClientOpenAndNewMessagesArriving() {
		this.driver.get("http://127.0.0.1:" + this.port + "/");
		assertThat(this.driver.getTitle()).isEqualTo("wsclient bridge");
		WebDriverWait wait = new WebDriverWait(this.driver, TIMEOUT);

		WebElement state = wait
			.until((browser) -> browser.findElements(By.cssSelector("[data-client='demo'] [data-field='state']"))
				.stream()
				.filter((element) -> element.getText().equals("OPEN"))
				.findFirst()
				.orElse(null));
		assertThat(state.getAttribute("data-state")).isEqualTo("OPEN");

		long firstSeen = wait.until((browser) -> newestSequence(browser));
		long later = wait.until((browser) -> {
			Long newest = newestSequence(browser);
			return (newest != null && newest > firstSeen + 2) ? newest : null;
		});
		assertThat(later).isGreaterThan(firstSeen);
		List<WebElement> shown = this.driver.findElements(By.cssSelector("[data-client='demo'] .messages li .data"));
		assertThat(shown).isNotEmpty();
		assertThat(shown.get(0).getText()).startsWith("{\"type\":\"tick\"");
		WebElement rate = this.driver.findElement(By.cssSelector("[data-client='demo'] [data-field='rate']"));
		wait.until((browser) -> rate.getText().endsWith("msg/s"));
	}

	private static @Nullable Long newestSequence(WebDriver browser) {
		List<WebElement> items = browser.findElements(By.cssSelector("[data-client='demo'] .messages li[data-seq]"));
		return items.isEmpty() ? null : Long.valueOf(items.get(0).getAttribute("data-seq"));
	}

	private static void requireExecutable(Path path, String binary, String debianPackage) {
		boolean present = Files.isExecutable(path);
		if (!present) {
			logger.warn("SKIPPING the status page browser test: " + binary + " not found at " + path
					+ " (apt-get install " + debianPackage + ")");
		}
		assumeTrue(present, () -> "SKIPPED: " + binary + " not found at " + path + "; install Debian's package '"
				+ debianPackage + "' (apt-get install " + debianPackage + ")");
	}

}
