package dev.wsclient.bridge;

import java.time.Duration;
import java.util.List;

import dev.wsclient.bridge.support.HeadlessChromium;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status page in a real headless browser ({@link HeadlessChromium}), out of the box:
 * the demo client is readable by anyone.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class StatusPageBrowserTests {

	static final Duration TIMEOUT = Duration.ofSeconds(30);

	@RegisterExtension
	final HeadlessChromium browser = new HeadlessChromium();

	@LocalServerPort
	private int port;

	@Test
	void pageShowsTheDemoClientOpenAndNewMessagesArriving() {
		WebDriver driver = this.browser.driver();
		driver.get("http://127.0.0.1:" + this.port + "/");
		assertThat(driver.getTitle()).isEqualTo("wsclient bridge");
		assertShowsTheDemoClientLive(driver);
	}

	/**
	 * Wait until the page shows the demo client open and new messages arriving.
	 * @param driver the browser
	 */
	static void assertShowsTheDemoClientLive(WebDriver driver) {
		WebDriverWait wait = new WebDriverWait(driver, TIMEOUT);
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
		List<WebElement> shown = driver.findElements(By.cssSelector("[data-client='demo'] .messages li .data"));
		assertThat(shown).isNotEmpty();
		assertThat(shown.get(0).getText()).startsWith("{\"type\":\"tick\"");
		WebElement rate = driver.findElement(By.cssSelector("[data-client='demo'] [data-field='rate']"));
		wait.until((browser) -> rate.getText().endsWith("msg/s"));
	}

	private static @Nullable Long newestSequence(WebDriver browser) {
		List<WebElement> items = browser.findElements(By.cssSelector("[data-client='demo'] .messages li[data-seq]"));
		return items.isEmpty() ? null : Long.valueOf(items.get(0).getAttribute("data-seq"));
	}

}
