package org.thermalcommons.edge.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Bundles page in a real browser over the production servlets, the deployment manager and the feature service as
 * fakes (the real ones: {@code itests/browser/BundlesBrowserIT}): the list with states and the deployed bundle's
 * signer and previous version, an upload through the file input that stays pending until the manager ends it and then
 * shows its result live, a feature turned off, and a refusal shown with its rule.
 */
class BundlesPageBrowserTest {
    @TempDir
    Path dir;
    ConsoleServer server;
    ChromeDriver browser;
    final FakeDeployments deployments = new FakeDeployments();

    @BeforeEach
    void start() throws Exception {
        assumeTrue("true".equals(System.getenv("CI")) || (Files.isExecutable(ConsoleBrowserTest.CHROMIUM)
                && Files.isExecutable(ConsoleBrowserTest.CHROMEDRIVER)), "Chromium and chromedriver are not installed");
        Files.createDirectories(ConsoleBrowserTest.SHOTS);
        server = new ConsoleServer(dir, Clock.systemUTC(), 64 * 1024);
        server.gateway.deployments = deployments;
        server.gateway.features = new FakeFeatures();
        server.gateway.bundles.add(new BundleInfo(0, "org.apache.felix.framework", "7.0.5", "ACTIVE", "System Bundle"));
        server.gateway.bundles.add(new BundleInfo(40, "org.example.plugin", "1.1.0", "ACTIVE", "deploy:org.example.plugin"));
        deployments.deployed.add(FakeDeployments.bundle("org.example.plugin", "1.1.0", Optional.of("1.0.0")));
        ChromeOptions o = new ChromeOptions();
        o.setBinary(ConsoleBrowserTest.CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(ConsoleBrowserTest.CHROMEDRIVER.toFile())
                .usingAnyFreePort().build(), o);
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    private WebDriverWait waitUpTo(int seconds) {
        // The page re-renders its tables when a request ends or an audit event arrives: an element may go stale.
        WebDriverWait w = new WebDriverWait(browser, Duration.ofSeconds(seconds), Duration.ofMillis(100));
        w.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return w;
    }

    @Test
    void theAdminSeesTheBundlesUploadsAJarWhoseResultArrivesLiveAndTurnsAFeatureOff() throws Exception {
        String token = server.console.issueSetupToken().orElseThrow();
        browser.get(server.base + "/#setup=" + token);
        waitUpTo(10).until(d -> d.findElement(By.id("page-setup")).isDisplayed());
        browser.findElement(By.id("setup-username")).sendKeys("admin");
        browser.findElement(By.id("setup-password")).sendKeys(ConsoleServer.PASSWORD);
        browser.findElement(By.id("setup-submit")).click();
        waitUpTo(10).until(d -> d.findElement(By.id("who")).getText().equals("admin (admin)"));
        assertThat(browser.findElement(By.id("nav-bundles")).isDisplayed()).isTrue();
        browser.findElement(By.id("nav-bundles")).click();
        By plugin = By.cssSelector("#bundles-table tr[data-bsn='org.example.plugin']");
        waitUpTo(10).until(d -> !d.findElements(plugin).isEmpty());
        String pluginText = waitUpTo(10).until(d -> d.findElement(plugin).getText());
        assertThat(pluginText).contains("1.1.0").contains("ACTIVE").contains("CN=COOL Edge development")
                .contains("Roll back to 1.0.0").contains("Uninstall");

        deployments.hold = true;
        Path jar = Files.write(dir.resolve("plain-1.0.jar"), BundleRoutesTest.unsignedJar());
        browser.findElement(By.id("bundle-file")).sendKeys(jar.toAbsolutePath().toString());
        browser.findElement(By.id("bundle-upload")).click();
        By pending = By.cssSelector("#bundle-requests tr[data-target='plain-1.0.jar'][data-status='pending']");
        waitUpTo(10).until(d -> !d.findElements(pending).isEmpty());
        waitUpTo(10).until(d -> !deployments.held.isEmpty());
        deployments.complete(deployments.held.get(0), "install", "plain-1.0.jar");
        By done = By.cssSelector("#bundle-requests tr[data-target='plain-1.0.jar'][data-status='done']");
        waitUpTo(10).until(d -> !d.findElements(done).isEmpty());
        String kind = waitUpTo(10).until(d -> d.findElement(done).getAttribute("data-kind"));
        String text = waitUpTo(10).until(d -> d.findElement(done).getText());
        assertThat(kind).isEqualTo("REFUSED");
        assertThat(text).contains("unsigned").contains("is not signed");
        String history = waitUpTo(10).until(d -> d.findElement(By.cssSelector("#deploy-history tr[data-kind='REFUSED']")).getText());
        assertThat(history).contains("plain-1.0.jar");

        By bess = By.cssSelector("#features-table tr[data-feature='bess'] button");
        waitUpTo(10).until(d -> {
            d.findElement(bess).click();
            return true;
        });
        browser.switchTo().alert().accept();
        waitUpTo(10).until(d -> "false".equals(d.findElement(By.cssSelector("#features-table tr[data-feature='bess']")).getAttribute("data-enabled")));
        String coreEnabled = waitUpTo(10).until(d -> String.valueOf(d.findElement(By.cssSelector("#features-table tr[data-feature='core'] button")).isEnabled()));
        assertThat(coreEnabled).as("core cannot be turned off").isEqualTo("false");
        File f = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), ConsoleBrowserTest.SHOTS.resolve("11-bundles.png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
