package org.thermalcommons.edge.itests.browser;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven by its chromedriver, pointed at a {@link LiveGateway}'s console. Screenshots go
 * to {@code target/screenshots/<name>.png}. Outside CI the test is skipped when Chromium is not installed; in CI
 * ({@code CI=true}) a missing browser fails it.
 */
public final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    public static final Path SHOTS = Path.of("target/screenshots");
    public static final String PASSWORD = "correct-horse-battery-staple";

    private final ChromeDriver driver;
    private final URI base;

    private Browser(ChromeDriver driver, URI base) {
        this.driver = driver;
        this.base = base;
    }

    /** Whether a browser test can run here: true in CI (where a missing browser must fail), or when one is installed. */
    public static boolean available() {
        return "true".equals(System.getenv("CI")) || (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER));
    }

    public static Browser open(URI console) throws Exception {
        Files.createDirectories(SHOTS);
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000",
                "--ignore-certificate-errors");
        ChromeDriverService svc = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver d = new ChromeDriver(svc, o);
        d.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new Browser(d, console);
    }

    public WebDriver driver() {
        return driver;
    }

    public URI base() {
        return base;
    }

    /**
     * Waits up to {@code seconds} for a condition of the page; an element the page re-rendered while the condition
     * read it is looked up again at the next poll (the pages redraw their tables from the live stream).
     */
    public WebDriverWait waitUpTo(int seconds) {
        WebDriverWait w = new WebDriverWait(driver, Duration.ofSeconds(seconds), Duration.ofMillis(100));
        w.ignoring(StaleElementReferenceException.class);
        return w;
    }

    public WebElement find(By by) {
        return driver.findElement(by);
    }

    public void shot(String name) throws Exception {
        File f = driver.getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Creates the gateway's first admin through the one-time setup link the console printed, signed in after. */
    public void createFirstAdmin(String setupLink, String user) {
        driver.manage().deleteAllCookies();
        driver.get(setupLink);
        driver.navigate().refresh();
        waitUpTo(20).until(d -> d.findElement(By.id("page-setup")).isDisplayed());
        find(By.id("setup-username")).sendKeys(user);
        find(By.id("setup-password")).sendKeys(PASSWORD);
        find(By.id("setup-submit")).click();
        waitUpTo(20).until(d -> d.findElement(By.id("who")).getText().equals(user + " (admin)"));
    }

    /** Signs out whoever is signed in and signs {@code user} in with {@link #PASSWORD}. */
    public void signIn(String user) {
        signIn(user, PASSWORD);
    }

    public void signIn(String user, String password) {
        driver.manage().deleteAllCookies();
        driver.get(base + "/#overview");
        driver.navigate().refresh(); // a change of the fragment alone does not reload the page
        waitUpTo(20).until(d -> d.findElement(By.id("page-login")).isDisplayed());
        find(By.id("login-username")).sendKeys(user);
        find(By.id("login-password")).sendKeys(password);
        find(By.id("login-submit")).click();
        waitUpTo(20).until(d -> d.findElement(By.id("who")).getText().startsWith(user + " ("));
    }

    /** Opens a page of the console by its fragment, e.g. {@code commissioning}, and waits until it is shown. */
    public void goTo(String page) {
        driver.get(base + "/#" + page);
        driver.navigate().refresh();
        waitUpTo(20).until(d -> page.equals(d.findElement(By.tagName("body")).getAttribute("data-page")));
    }

    @Override
    public void close() {
        driver.quit();
    }
}
