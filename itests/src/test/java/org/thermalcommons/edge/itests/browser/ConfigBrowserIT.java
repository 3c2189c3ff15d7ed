package org.thermalcommons.edge.itests.browser;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Configuration forms against the assembled gateway (demo configuration, its own process): an installer opens the
 * control cycle's form, an out-of-range period is refused beside its field with the loader's rule and the etc/ file
 * stays as it was; a valid period is saved into the file and reaches the running cycle (its log line, and the form's
 * "applied" from the component runtime); Rollback puts the previous period back in the file and in the cycle. A viewer
 * has no Configuration entry and the API refuses it.
 */
public class ConfigBrowserIT {
    private static final String CYCLE = "org.thermalcommons.edge.core.Cycle";
    private static LiveSite site;
    private static LiveGateway gateway;
    private static Browser browser;

    @BeforeClass
    public static void start() throws Exception {
        site = LiveSite.start(Files.createTempDirectory(Path.of("target"), "live-config"));
        gateway = site.gateway;
        browser = site.browser;
        site.adminAndAccounts("installer", "viewer");
    }

    @AfterClass
    public static void stop() throws Exception {
        if (site != null) {
            site.close();
        }
    }

    private static void enterPeriod(String value) {
        WebElement period = browser.find(By.id("cfg-field-periodMs"));
        period.clear();
        period.sendKeys(value);
        browser.find(By.id("cfg-save")).click();
    }

    @Test
    public void anInstallerIsRefusedAnOutOfRangePeriodThenSavesOneThatReachesTheCycleAndRollsItBack() throws Exception {
        Path file = gateway.etc().resolve(CYCLE + ".cfg");
        String shipped = Files.readString(file);
        assertTrue(shipped, shipped.contains("periodMs = 1000"));
        browser.signIn("installer");
        browser.waitUpTo(20).until(d -> d.findElement(By.id("nav-config")).isDisplayed());
        browser.find(By.id("nav-config")).click();
        browser.waitUpTo(20).until(d -> !d.findElements(By.id("cfg-row-" + CYCLE)).isEmpty());
        browser.find(By.id("cfg-row-" + CYCLE)).click();
        browser.waitUpTo(20).until(d -> "applied".equals(d.findElement(By.id("cfg-state")).getAttribute("data-stage")));
        assertEquals("10", browser.find(By.id("cfg-field-periodMs")).getAttribute("min"));
        browser.shot("config-01-cycle-form");

        // Out of range: refused beside the field with the rule; the file is as it was.
        enterPeriod("5");
        browser.waitUpTo(20).until(d -> !d.findElement(By.id("cfg-error-periodMs")).getText().isEmpty());
        String why = browser.find(By.id("cfg-error-periodMs")).getText();
        assertTrue(why, why.contains("key 'periodMs'") && why.contains("[rule range]"));
        assertEquals(shipped, Files.readString(file));
        browser.shot("config-02-out-of-range-refused");

        // Valid: in the file, in the running cycle, and "applied" in the form.
        enterPeriod("500");
        browser.waitUpTo(30).until(d -> d.findElement(By.id("cfg-message")).getText().startsWith("Saved"));
        assertTrue(Files.readString(file).contains("periodMs = 500"));
        gateway.awaitLog("Control cycle reconfigured, period 500 ms", Duration.ofSeconds(30));
        browser.waitUpTo(30).until(d -> "applied".equals(d.findElement(By.id("cfg-state")).getAttribute("data-stage")));
        assertTrue("the shipped comment is kept", Files.readString(file).startsWith(shipped.lines().findFirst().orElseThrow()));
        browser.shot("config-03-saved-applied");

        // Rollback: the previous period is back in the file and in the cycle.
        browser.find(By.id("cfg-rollback")).click();
        browser.waitUpTo(30).until(d -> d.findElement(By.id("cfg-message")).getText().startsWith("Rolled back"));
        assertEquals(shipped, Files.readString(file));
        gateway.awaitLog("Control cycle reconfigured, period 1000 ms", Duration.ofSeconds(30));
        browser.waitUpTo(30).until(d -> "1000".equals(d.findElement(By.id("cfg-field-periodMs")).getAttribute("value")));
        browser.shot("config-04-rolled-back");
        String events = ConsoleApi.signIn(gateway.console(), "admin", Browser.PASSWORD).get("/api/events?category=config").body();
        assertTrue(events, events.contains("installer (installer): saved " + CYCLE + ".cfg: periodMs 1000 → 500"));
    }

    @Test
    public void aViewerSeesNoConfigurationEntryAndTheApiRefusesIt() throws Exception {
        browser.signIn("viewer");
        assertTrue("nav-config hidden", browser.driver().findElements(By.id("nav-config")).stream().noneMatch(WebElement::isDisplayed));
        ConsoleApi viewer = ConsoleApi.signIn(gateway.console(), "viewer", Browser.PASSWORD);
        assertEquals(403, viewer.get("/api/config").statusCode());
        assertEquals(403, viewer.send("PUT", "/api/config/" + CYCLE, "{\"values\":{\"periodMs\":\"500\"}}").statusCode());
        browser.shot("config-05-viewer");
    }
}
