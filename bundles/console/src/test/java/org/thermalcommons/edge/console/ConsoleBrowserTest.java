package org.thermalcommons.edge.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.thermalcommons.edge.api.control.CycleContext;
import org.thermalcommons.edge.api.control.CycleReport;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.point.PointId;

/**
 * The console in a real browser (Debian's Chromium, headless, driven by Selenium): first-run setup through the
 * one-time link, sign-in, the overview updating live with the market block, a viewer unable to write, an installer's
 * override reaching the device and the audit log, a year-long chart, the daily energy bars, the battery and market
 * pages; one browser session for all of it. Each page's screenshot goes to {@code target/screenshots/}.
 * <p>
 * The servlets are the production ones in Jetty 12; the gateway around them is a fake whose "cycle" thread runs the
 * console's real override controller every 100 ms and hands what it requests to a fake device, whose value the next
 * snapshot reports.
 */
class ConsoleBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SHOTS = Path.of("target/screenshots");

    @TempDir
    Path dir;
    ConsoleServer server;
    WebDriver browser;
    final Map<PointId, Double> device = new ConcurrentHashMap<>();
    final AtomicBoolean running = new AtomicBoolean(true);
    Thread cycle;

    @BeforeEach
    void start() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        assumeTrue(ci || (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)),
                "Chromium and chromedriver are not installed (apt-get install chromium chromium-driver; .ci/run does)");
        Files.createDirectories(SHOTS);
        server = new ConsoleServer(dir);
        server.gateway.store = new YearStore();
        server.gateway.withMarketAndDispatcher(Instant.now());
        device.put(FakeGateway.ZONE_SETPOINT, 24.0);
        cycle = new Thread(this::cycleLoop, "fake-cycle");
        cycle.setDaemon(true);
        cycle.start();
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900");
        ChromeDriverService svc = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(svc, o);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
    }

    @AfterEach
    void stop() throws Exception {
        running.set(false);
        if (browser != null) {
            browser.quit();
        }
        if (cycle != null) {
            cycle.join(2_000);
        }
        if (server != null) {
            server.close();
        }
    }

    private void cycleLoop() {
        long n = 0;
        while (running.get()) {
            n++;
            Instant now = Instant.now();
            server.gateway.set(FakeGateway.ZONE_TEMP, 24 + (n % 20) / 10.0, now);
            server.gateway.set(FakeGateway.ZONE_SETPOINT, device.get(FakeGateway.ZONE_SETPOINT), now);
            PointSnapshot snap = server.gateway.publish(now);
            long k = n;
            server.console.overrideController().run(new CycleContext() {
                @Override
                public long cycle() {
                    return k;
                }

                @Override
                public Instant now() {
                    return now;
                }

                @Override
                public Duration period() {
                    return Duration.ofMillis(100);
                }

                @Override
                public PointSnapshot snapshot() {
                    return snap;
                }

                @Override
                public void request(PointId point, double value) {
                    device.put(point, value);
                }

                @Override
                public void release(PointId point) {
                }
            });
            server.console.cycleCompleted(new CycleReport(n, snap, List.of(), Duration.ZERO, Duration.ZERO));
            try {
                Thread.sleep(100); // the fake cycle's period, not a wait for a condition
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private WebDriverWait waitUpTo(int seconds) {
        WebDriverWait w = new WebDriverWait(browser, Duration.ofSeconds(seconds));
        w.pollingEvery(Duration.ofMillis(50));
        // Tables are re-rendered when the stream reports changes: an element found a moment ago may be replaced.
        w.ignoring(StaleElementReferenceException.class);
        return w;
    }

    private void shot(String name) throws Exception {
        File f = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private void signIn(String user) {
        browser.manage().deleteAllCookies();
        browser.get(server.base + "/#overview");
        browser.navigate().refresh(); // a change of the fragment alone does not reload the page
        waitUpTo(10).until(d -> d.findElement(By.id("page-login")).isDisplayed());
        browser.findElement(By.id("login-username")).sendKeys(user);
        browser.findElement(By.id("login-password")).sendKeys(ConsoleServer.PASSWORD);
        browser.findElement(By.id("login-submit")).click();
        waitUpTo(10).until(d -> d.findElement(By.id("who")).getText().startsWith(user + " ("));
    }

    private void goTo(String page) {
        browser.get(server.base + "/#" + page);
        browser.navigate().refresh();
        waitUpTo(10).until(d -> page.equals(d.findElement(By.tagName("body")).getAttribute("data-page")));
    }

    @Test
    void firstRunSetupLiveOverviewRolesOverrideAuditYearChartEnergyBatteryAndMarketPages() throws Exception {
        // First run: the one-time link creates the admin.
        String token = server.console.issueSetupToken().orElseThrow();
        browser.get(server.base + "/#setup=" + token);
        waitUpTo(10).until(d -> d.findElement(By.id("page-setup")).isDisplayed());
        shot("01-setup");
        browser.findElement(By.id("setup-username")).sendKeys("admin");
        browser.findElement(By.id("setup-password")).sendKeys(ConsoleServer.PASSWORD);
        browser.findElement(By.id("setup-submit")).click();
        waitUpTo(10).until(d -> d.findElement(By.id("who")).getText().equals("admin (admin)"));
        assertThat(server.client().setup(token, "again", ConsoleServer.PASSWORD).statusCode()).as("the link died").isEqualTo(403);

        // The overview updates live from the stream.
        By gauge = By.cssSelector("#gauge-zone_1_temperature .value");
        waitUpTo(10).until(d -> !d.findElement(gauge).getText().equals("–"));
        String firstStamp = browser.findElement(gauge).getAttribute("data-t");
        waitUpTo(10).until(d -> !firstStamp.equals(d.findElement(gauge).getAttribute("data-t")));
        assertThat(browser.findElement(By.id("live-state")).getText()).isEqualTo("live");
        // The market block: link state, outbox, carbon avoided today and in total, the trade log.
        waitUpTo(10).until(d -> d.findElement(By.id("market-link")).getText().equals("market"));
        assertThat(browser.findElement(By.id("market-outbox")).getText()).isEqualTo("0 waiting");
        assertThat(browser.findElement(By.id("carbon-today")).getText()).isEqualTo("12.50 kg");
        assertThat(browser.findElement(By.id("carbon-total")).getText()).isEqualTo("812.50 kg");
        assertThat(browser.findElements(By.cssSelector("#overview-trades tbody tr"))).hasSize(10);
        shot("02-overview-live");

        // The admin adds an installer and a viewer on the users page.
        goTo("users");
        for (String role : new String[] {"installer", "viewer"}) {
            browser.findElement(By.id("user-username")).sendKeys(role);
            browser.findElement(By.id("user-password")).sendKeys(ConsoleServer.PASSWORD);
            new Select(browser.findElement(By.id("user-role"))).selectByVisibleText(role);
            browser.findElement(By.id("user-submit")).click();
            waitUpTo(10).until(d -> d.findElement(By.id("users-table")).getText().contains(role + "\n") ||
                    d.findElement(By.id("users-table")).getText().contains(role + " "));
        }
        shot("03-users");

        // A viewer sees the points but cannot write one: no override button, and the API refuses a forged request.
        signIn("viewer");
        goTo("points");
        waitUpTo(10).until(d -> d.findElement(By.id("points-table")).getText().contains("zone-1/cooling-setpoint"));
        assertThat(browser.findElements(By.cssSelector("#points-table button.override"))).isEmpty();
        Object status = ((ChromeDriver) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch('/api/session').then(r => r.json()).then(s => fetch('/api/overrides', {method: 'POST',"
                        + " headers: {'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf},"
                        + " body: JSON.stringify({point: 'zone-1/cooling-setpoint', value: 19, minutes: 30, confirm: true})}))"
                        + ".then(r => done(r.status));");
        assertThat(((Number) status).intValue()).isEqualTo(403);
        assertThat(device.get(FakeGateway.ZONE_SETPOINT)).isEqualTo(24.0);
        shot("04-points-viewer");

        // An installer overrides the setpoint: confirmed, it reaches the device and the audit log.
        signIn("installer");
        goTo("points");
        // The table is re-rendered when the stream reports commands: look the button up afresh until a click lands.
        waitUpTo(10).until(d -> {
            try {
                d.findElement(By.cssSelector("tr[data-point='zone-1/cooling-setpoint'] button.override")).click();
                return d.findElement(By.id("override-panel")).isDisplayed();
            } catch (StaleElementReferenceException | NoSuchElementException e) {
                return false;
            }
        });
        WebElement value = browser.findElement(By.id("override-value"));
        value.clear();
        value.sendKeys("21");
        browser.findElement(By.id("override-submit")).click();
        waitUpTo(5).until(d -> d.findElement(By.id("override-error")).getText().contains("confirm must be true"));
        browser.findElement(By.id("override-confirm")).click();
        browser.findElement(By.id("override-submit")).click();
        waitUpTo(10).until(d -> d.findElement(By.cssSelector("tr[data-point='zone-1/cooling-setpoint'] .command"))
                .getText().startsWith("OVERRIDE 21.0"));
        waitUpTo(10).until(d -> device.get(FakeGateway.ZONE_SETPOINT) == 21.0);
        waitUpTo(10).until(d -> d.findElement(By.cssSelector("tr[data-point='zone-1/cooling-setpoint'] .value")).getText().equals("21.0"));
        shot("05-points-override");
        goTo("events");
        waitUpTo(10).until(d -> d.findElement(By.id("events-table")).getText()
                .contains("installer (installer): set manual override zone-1/cooling-setpoint = 21.0"));
        shot("06-events");

        // A year of history draws at once, downsampled to the point budget.
        goTo("charts");
        new Select(browser.findElement(By.id("chart-point"))).selectByValue("zone-1/temperature");
        new Select(browser.findElement(By.id("chart-span"))).selectByValue("31536000");
        browser.findElement(By.id("chart-draw")).click();
        waitUpTo(10).until(d -> "2000".equals(d.findElement(By.id("chart")).getAttribute("data-drawn")));
        assertThat(browser.findElement(By.id("chart-info")).getText()).contains("2000 points from 8760 HOUR buckets");
        shot("07-chart-year");

        // Daily import/export energy of the meters, from their counters.
        waitUpTo(10).until(d -> "28".equals(d.findElement(By.id("energy-chart")).getAttribute("data-bars")));
        assertThat(browser.findElement(By.id("energy-info")).getText()).contains("meter/import-kwh (import)", "meter/export-kwh (export)");
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("document.getElementById('energy-chart').scrollIntoView()");
        shot("08-energy-bars");

        goTo("battery");
        waitUpTo(10).until(d -> d.findElement(By.id("battery")).getText().contains("battery/soc"));
        assertThat(browser.findElement(By.id("battery-mode")).getText()).isEqualTo("LP");
        assertThat(browser.findElement(By.id("battery-cycles")).getText()).isEqualTo("37.5 %");
        assertThat(browser.findElement(By.id("battery-marginal")).getText()).isEqualTo("0.142 /kWh");
        assertThat(browser.findElement(By.id("battery-forecast-info")).getText()).contains("96 intervals");
        shot("09-battery");

        goTo("market");
        waitUpTo(10).until(d -> d.findElement(By.id("market-success")).getText().startsWith("Bid success rate: "));
        assertThat(browser.findElement(By.id("market-state")).getText()).startsWith("Link: market");
        FakeMarket market = (FakeMarket) server.gateway.market;
        assertThat(browser.findElements(By.cssSelector("#bids-table tbody tr"))).hasSize(market.bids.size());
        assertThat(browser.findElements(By.cssSelector("#trades-table tbody tr"))).hasSize(market.trades.size());
        assertThat(browser.findElements(By.cssSelector("#clearings-table tbody tr"))).hasSize(market.clearings.size());
        assertThat(browser.findElements(By.cssSelector("#deliveries-table tbody tr"))).hasSize(market.deliveries.size());
        shot("10-market");
    }
}
