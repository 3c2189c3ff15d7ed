package org.thermalcommons.edge.itests.browser;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

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
    private static LiveGateway gateway;
    private static Browser browser;
    private static Path jars;

    @BeforeClass
    public static void start() throws Exception {
        assumeTrue("Chromium and chromedriver are not installed (apt-get install chromium chromium-driver; .ci/run does)",
                Browser.available());
        Path work = Files.createTempDirectory(Path.of("target"), "live-bundles");
        jars = Files.createDirectories(work.resolve("jars"));
        gateway = LiveGateway.start(work);
        browser = Browser.open(gateway.console());
        browser.createFirstAdmin(gateway.setupLink(), "admin");
    }

    @AfterClass
    public static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    private static WebElement bundleRow(String bsn) {
        return browser.find(By.cssSelector("#bundles-table tr[data-bsn='" + bsn + "']"));
    }

    /** Uploads {@code jar} through the page and waits for its request to end; returns the request's row. */
    private static WebElement upload(Path jar) {
        browser.find(By.id("bundle-file")).sendKeys(jar.toAbsolutePath().toString());
        browser.find(By.id("bundle-upload")).click();
        By done = By.cssSelector("#bundle-requests tr[data-target='" + jar.getFileName() + "'][data-status='done']");
        browser.waitUpTo(120).until(d -> !d.findElements(done).isEmpty());
        return browser.find(done);
    }

    @Test
    public void a_asAdminThePageListsEveryBundleOfTheFrameworkWithItsState() throws Exception {
        assertTrue("admin sees the Bundles entry", browser.find(By.id("nav-bundles")).isDisplayed());
        browser.goTo("bundles");
        browser.waitUpTo(30).until(d -> d.findElements(By.cssSelector("#bundles-table tr.bundle")).size() > 30);
        assertEquals("ACTIVE", bundleRow("org.thermalcommons.edge.core").findElement(By.className("state")).getText());
        assertEquals("ACTIVE", bundleRow("org.thermalcommons.edge.deploy").findElement(By.className("state")).getText());
        assertEquals("framework", bundleRow("org.apache.felix.framework").getAttribute("data-source"));
        List<WebElement> rows = browser.driver().findElements(By.cssSelector("#bundles-table tr.bundle"));
        assertTrue("every bundle has a state", rows.stream().noneMatch(r -> r.findElement(By.className("state")).getText().equals("–")));
        assertTrue(browser.find(By.id("bundles-info")).getText().contains("deployment manager running"));
        browser.shot("bundles-01-list");
    }

    @Test
    public void b_anUnsignedUploadIsRefusedAndThePageShowsTheRule() throws Exception {
        Path plain = ProbeBundles.build(jars.resolve("plain-probe.jar"), BSN + ".plain", "1.0.0", false, null);
        WebElement row = upload(plain);
        assertEquals("REFUSED", row.getAttribute("data-kind"));
        assertTrue(row.getText(), row.getText().contains("unsigned") && row.getText().contains("is not signed"));
        assertTrue("the refusal is in the history", browser.find(By.cssSelector("#deploy-history tr[data-kind='REFUSED']")).getText()
                .contains("plain-probe.jar"));
        assertTrue("nothing installed", browser.driver().findElements(By.cssSelector("#bundles-table tr[data-bsn='" + BSN + ".plain']")).isEmpty());
        browser.shot("bundles-02-unsigned-refused");
    }

    @Test
    public void c_aSignedUpdateIsAppliedAndShownWithTheNewVersion() throws Exception {
        WebElement first = upload(DevSigning.sign(ProbeBundles.build(jars.resolve("probe-1.0.0.jar"), BSN, "1.0.0", false, null)));
        assertEquals(first.getText(), "INSTALLED", first.getAttribute("data-kind"));
        WebElement update = upload(DevSigning.sign(ProbeBundles.build(jars.resolve("probe-1.1.0.jar"), BSN, "1.1.0", false, null)));
        assertEquals(update.getText(), "UPDATED", update.getAttribute("data-kind"));
        browser.waitUpTo(30).until(d -> bundleRow(BSN).findElement(By.className("version")).getText().equals("1.1.0"));
        WebElement row = bundleRow(BSN);
        assertEquals("ACTIVE", row.getAttribute("data-state"));
        assertTrue(row.getText(), row.getText().contains("CN=") && row.getText().contains("UP") && row.getText().contains("1.0.0"));
        ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript("arguments[0].scrollIntoView({block: 'center'})", row);
        browser.shot("bundles-03-signed-update-applied");
    }

    @Test
    public void d_aBrokenSignedUpdateIsRolledBackAutomaticallyAndThePageShowsTheReason() throws Exception {
        WebElement row = upload(DevSigning.sign(ProbeBundles.build(jars.resolve("probe-2.0.0-broken.jar"), BSN, "2.0.0", true, null)));
        assertEquals(row.getText(), "ROLLED_BACK", row.getAttribute("data-kind"));
        assertTrue(row.getText(), row.getText().contains("activation-failed")
                && row.getText().contains("deliberately thrown in activate by version 2.0.0") && row.getText().contains("rolled back to 1.1.0"));
        browser.waitUpTo(30).until(d -> bundleRow(BSN).findElement(By.className("version")).getText().equals("1.1.0"));
        assertEquals("the previous version runs again", "ACTIVE", bundleRow(BSN).getAttribute("data-state"));
        assertTrue(browser.find(By.cssSelector("#deploy-history tr[data-kind='ROLLED_BACK']")).getText().contains("activation-failed"));
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
