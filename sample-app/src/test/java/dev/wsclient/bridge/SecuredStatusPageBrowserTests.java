package dev.wsclient.bridge;

import dev.wsclient.bridge.support.HeadlessChromium;
import dev.wsclient.bridge.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status page in a real headless browser with nothing readable anonymously: the page
 * shows nothing until given a key, then shows the client and its messages, which it reads
 * through single-use stream tickets (an {@code EventSource} cannot send the key).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "bridge.security.anonymous-read=", TestKeys.READER_HASH, TestKeys.READER_GRANTS })
class SecuredStatusPageBrowserTests {

	@RegisterExtension
	final HeadlessChromium browser = new HeadlessChromium();

	@LocalServerPort
	private int port;

	@Test
	void pageShowsNothingUntilGivenAKeyThenTheClientAndItsMessages() {
		WebDriver driver = this.browser.driver();
		driver.get("http://127.0.0.1:" + this.port + "/");
		WebDriverWait wait = new WebDriverWait(driver, StatusPageBrowserTests.TIMEOUT);
		wait.until((page) -> page.findElement(By.id("status")).getText().contains("enter an API key"));
		assertThat(driver.findElements(By.cssSelector("[data-client]"))).isEmpty();

		driver.findElement(By.id("credential")).sendKeys(TestKeys.READER);
		driver.findElement(By.cssSelector("#credentials button[type='submit']")).click();

		StatusPageBrowserTests.assertShowsTheDemoClientLive(driver);
		// The key stays in the page's memory: not in its address, not in its storage.
		assertThat(driver.getCurrentUrl()).doesNotContain("reader-secret");
		Object stored = ((JavascriptExecutor) driver)
			.executeScript("return JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie;");
		assertThat(String.valueOf(stored)).doesNotContain("reader-secret");
	}

}
