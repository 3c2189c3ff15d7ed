package org.thermalcommons.edge.itests.browser;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.thermalcommons.edge.itests.DevSigning;
import org.thermalcommons.edge.itests.ProbeBundles;

/**
 * The Bundles page against the assembled gateway (demo configuration, own process): an admin sees every bundle of the
 * framework with its state, uploads jars through the page to the deployment manager — an unsigned one is refused with
 * its rule, a signed update is applied and shown with its new version, a broken signed update is rolled back
 * automatically and the page says why — and a viewer sees no Bundles page and is refused by its API. The steps build
 * on each other (one gateway for the class), in name order.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class BundlesBrowserIT {
    private static final String BSN = "org.thermalcommons.edge.itests.deployed";
    private static LiveSite site;
    private static LiveGateway gateway;
    private static Browser browser;
    private static Path jars;

    @BeforeClass
    public static void start() throws Exception {
        Path work = Files.createTempDirectory(Path.of("target"), "live-bundles");
        jars = Files.createDirectories(work.resolve("jars"));
        site = LiveSite.start(work);
        gateway = site.gateway;
        browser = site.browser;
        browser.createFirstAdmin(gateway.setupLink(), "admin");
    }

    @AfterClass
    public static void stop() throws Exception {
        if (site != null) {
            site.close();
        }
    }

    private static By bundleRow(String bsn) {
        return By.cssSelector("#bundles-table tr[data-bsn='" + bsn + "']");
    }

    /**
     * Reads what {@code read} takes from the element {@code by} finds, again if the page re-rendered its table
     * meanwhile (it does when a request ends or an audit event arrives).
     */
    private static String read(By by, java.util.function.Function<WebElement, String> read) {
        return browser.waitUpTo(30).ignoring(StaleElementReferenceException.class).until(d -> read.apply(d.findElement(by)));
    }

    private static String text(By by) {
        return read(by, WebElement::getText);
    }

    private static String attr(By by, String name) {
        return read(by, e -> e.getAttribute(name));
    }

    /** Uploads {@code jar} through the page and waits for its request to end; returns the request's row. */
    private static By upload(Path jar) {
        browser.find(By.id("bundle-file")).sendKeys(jar.toAbsolutePath().toString());
        browser.find(By.id("bundle-upload")).click();
        By done = By.cssSelector("#bundle-requests tr[data-target='" + jar.getFileName() + "'][data-status='done']");
        browser.waitUpTo(120).until(d -> !d.findElements(done).isEmpty());
        return done;
    }

    @Test
    public void a_asAdminThePageListsEveryBundleOfTheFrameworkWithItsState() throws Exception {
        assertTrue("admin sees the Bundles entry", browser.find(By.id("nav-bundles")).isDisplayed());
        browser.goTo("bundles");
        browser.waitUpTo(30).until(d -> d.findElements(By.cssSelector("#bundles-table tr.bundle")).size() > 30);
        assertEquals("ACTIVE", attr(bundleRow("org.thermalcommons.edge.core"), "data-state"));
        assertEquals("ACTIVE", attr(bundleRow("org.thermalcommons.edge.deploy"), "data-state"));
        assertEquals("framework", attr(bundleRow("org.apache.felix.framework"), "data-source"));
        String states = read(By.id("bundles-table"), t -> String.join(",", t.findElements(By.cssSelector("tr.bundle")).stream()
                .map(r -> r.getAttribute("data-state")).toList()));
        assertTrue("every bundle has a state: " + states, List.of(states.split(",")).stream()
                .allMatch(st -> List.of("ACTIVE", "RESOLVED", "INSTALLED", "STARTING", "STOPPING").contains(st)));
        assertTrue(browser.find(By.id("bundles-info")).getText().contains("deployment manager running"));
        browser.shot("bundles-01-list");
    }

    @Test
    public void b_anUnsignedUploadIsRefusedAndThePageShowsTheRule() throws Exception {
        Path plain = ProbeBundles.build(jars.resolve("plain-probe.jar"), BSN + ".plain", "1.0.0", false, null);
        By row = upload(plain);
        assertEquals("REFUSED", attr(row, "data-kind"));
        String text = text(row);
        assertTrue(text, text.contains("unsigned") && text.contains("is not signed"));
        assertTrue("the refusal is in the history", text(By.cssSelector("#deploy-history tr[data-kind='REFUSED']")).contains("plain-probe.jar"));
        assertTrue("nothing installed", browser.driver().findElements(By.cssSelector("#bundles-table tr[data-bsn='" + BSN + ".plain']")).isEmpty());
        browser.shot("bundles-02-unsigned-refused");
    }

    @Test
    public void c_aSignedUpdateIsAppliedAndShownWithTheNewVersion() throws Exception {
        By first = upload(DevSigning.sign(ProbeBundles.build(jars.resolve("probe-1.0.0.jar"), BSN, "1.0.0", false, null)));
        assertEquals(text(first), "INSTALLED", attr(first, "data-kind"));
        By update = upload(DevSigning.sign(ProbeBundles.build(jars.resolve("probe-1.1.0.jar"), BSN, "1.1.0", false, null)));
        assertEquals(text(update), "UPDATED", attr(update, "data-kind"));
        By version = By.cssSelector("#bundles-table tr[data-bsn='" + BSN + "'] td.version");
        browser.waitUpTo(30).ignoring(StaleElementReferenceException.class).until(d -> d.findElement(version).getText().equals("1.1.0"));
        assertEquals("ACTIVE", attr(bundleRow(BSN), "data-state"));
        String row = text(bundleRow(BSN));
        assertTrue(row, row.contains("CN=COOL Edge development") && row.contains("UP") && row.contains("Roll back to 1.0.0"));
        read(bundleRow(BSN), e -> String.valueOf(((org.openqa.selenium.JavascriptExecutor) browser.driver())
                .executeScript("arguments[0].scrollIntoView({block: 'center'}); return true;", e)));
        browser.shot("bundles-03-signed-update-applied");
    }

    @Test
    public void d_aBrokenSignedUpdateIsRolledBackAutomaticallyAndThePageShowsTheReason() throws Exception {
        By row = upload(DevSigning.sign(ProbeBundles.build(jars.resolve("probe-2.0.0-broken.jar"), BSN, "2.0.0", true, null)));
        String text = text(row);
        assertEquals(text, "ROLLED_BACK", attr(row, "data-kind"));
        assertTrue(text, text.contains("activation-failed") && text.contains("deliberately thrown in activate by version 2.0.0")
                && text.contains("rolled back to 1.1.0"));
        assertEquals("1.1.0", text(By.cssSelector("#bundles-table tr[data-bsn='" + BSN + "'] td.version")));
        assertEquals("the previous version runs again", "ACTIVE", attr(bundleRow(BSN), "data-state"));
        assertTrue(text(By.cssSelector("#deploy-history tr[data-kind='ROLLED_BACK']")).contains("activation-failed"));
        browser.shot("bundles-04-broken-update-rolled-back");
    }

    @Test
    public void e_aViewerSeesNoBundlesPageAndIsRefusedByItsApi() throws Exception {
        ConsoleApi.signIn(gateway.console(), "admin", Browser.PASSWORD).createUser("viewer", "viewer");
        browser.signIn("viewer");
        assertTrue("no Bundles entry for a viewer", browser.driver().findElements(By.id("nav-bundles")).stream().noneMatch(WebElement::isDisplayed));
        ConsoleApi viewer = ConsoleApi.signIn(gateway.console(), "viewer", Browser.PASSWORD);
        HttpResponse<String> list = viewer.get("/api/bundles");
        assertEquals(list.body(), 403, list.statusCode());
        assertEquals(403, viewer.send("POST", "/api/features/bess", "{\"enabled\":false}").statusCode());
        browser.shot("bundles-05-viewer");
        assertTrue("the gateway still runs", gateway.alive());
    }
}
