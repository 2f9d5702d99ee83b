package dev.wsclient.bridge.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.util.FileSystemUtils;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real headless browser for each test: Debian's {@code chromium} driven through
 * {@code chromedriver} by Selenium, with a profile of its own. A test is skipped, with a
 * message naming what is missing, when either is not installed
 * ({@code apt-get install chromium chromium-driver}); Selenium never downloads anything.
 * Register it with {@code @RegisterExtension}.
 */
public final class HeadlessChromium implements BeforeEachCallback, AfterEachCallback {

	private static final Log logger = LogFactory.getLog(HeadlessChromium.class);

	private @Nullable WebDriver driver;

	private @Nullable Path profile;

	@Override
	public void beforeEach(ExtensionContext context) throws IOException {
		// Checked per test rather than per class: a skipped class would be reported as
		// "Tests run: 0", a skipped test as "Skipped: 1".
		Path chromium = Path.of(System.getProperty("bridge.test.chromium", "/usr/bin/chromium"));
		Path chromedriver = Path.of(System.getProperty("bridge.test.chromedriver", "/usr/bin/chromedriver"));
		requireExecutable(chromium, "chromium", "chromium");
		requireExecutable(chromedriver, "chromedriver", "chromium-driver");
		Path userData = Files.createTempDirectory("chromium-profile");
		this.profile = userData;
		ChromeOptions options = new ChromeOptions();
		options.setBinary(chromium.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--user-data-dir=" + userData);
		// An explicit driver: Selenium Manager never runs, nothing is downloaded.
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File(chromedriver.toString()))
			.usingAnyFreePort()
			.build();
		this.driver = new ChromeDriver(service, options);
	}

	@Override
	public void afterEach(ExtensionContext context) throws IOException {
		WebDriver running = this.driver;
		this.driver = null;
		if (running != null) {
			running.quit();
		}
		Path userData = this.profile;
		if (userData != null) {
			FileSystemUtils.deleteRecursively(userData);
		}
	}

	/**
	 * Return the browser of the current test.
	 * @return the driver
	 */
	public WebDriver driver() {
		WebDriver running = this.driver;
		if (running == null) {
			throw new IllegalStateException("No browser outside a test");
		}
		return running;
	}

	private static void requireExecutable(Path path, String binary, String debianPackage) {
		boolean present = Files.isExecutable(path);
		if (!present) {
			logger.warn("SKIPPING a browser test: " + binary + " not found at " + path + " (apt-get install "
					+ debianPackage + ")");
		}
		assumeTrue(present, () -> "SKIPPED: " + binary + " not found at " + path + "; install Debian's package '"
				+ debianPackage + "' (apt-get install " + debianPackage + ")");
	}

}
