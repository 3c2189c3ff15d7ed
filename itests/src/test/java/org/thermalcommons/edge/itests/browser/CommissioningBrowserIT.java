package org.thermalcommons.edge.itests.browser;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The commissioning flow in a real browser against the assembled gateway running the demo configuration (the
 * simulated building served over BACnet/IP and Modbus TCP on loopback by the gateway's own sim bundle, every port
 * free): an installer discovers the four zone controllers and probes the three Modbus units, browses a zone's
 * setpoint object (present value and priority array, the gateway's slot 12), drafts a profile for zone controller 1001
 * whose points and roles are the shipped {@code bacnet-zone-controller}'s and saves it, tests zone-1's points (the
 * setpoint written, verified and relinquished, then read at the device) and downloads the report PDF, whose first page
 * becomes {@code target/screenshots/commissioning-report-page1.png}. A viewer sees none of it. One gateway for the class.
 */
public class CommissioningBrowserIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = "Simulated building (IT)";
    private static final String SETPOINT = "zone-1/cooling-setpoint";
    private static LiveSite site;
    private static LiveGateway gateway;
    private static Browser browser;
    private static Path library;

    @BeforeClass
    public static void start() throws Exception {
        Path work = Files.createTempDirectory(Path.of("target"), "commissioning");
        // The profile library is the test's own copy of the shipped profiles: a saved draft never lands in the build.
        library = Files.createDirectories(work.resolve("profiles"));
        try (Stream<Path> shipped = Files.list(LiveGateway.DISTRIBUTION.resolve("profiles"))) {
            for (Path p : (Iterable<Path>) shipped.filter(p -> p.toString().endsWith(".json"))::iterator) {
                Files.copy(p, library.resolve(p.getFileName().toString()));
            }
        }
        site = LiveSite.start(work, etc -> {
            try {
                Files.writeString(etc.resolve("org.thermalcommons.edge.profiles.Profiles.cfg"), "directory = " + library.toAbsolutePath() + "\n");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
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

    private static void set(String id, String value) {
        WebElement e = browser.find(By.id(id));
        e.clear();
        e.sendKeys(value);
    }

    private static Set<String> texts(String css, String attribute) {
        return browser.driver().findElements(By.cssSelector(css)).stream().map(e -> e.getAttribute(attribute))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** A screenshot with the element of that id scrolled into view. */
    private static void shot(String id, String name) throws Exception {
        ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript("document.getElementById(arguments[0]).scrollIntoView()", id);
        browser.shot(name);
    }

    private static WebElement slot(int n) {
        return browser.find(By.cssSelector("#priority-array td[data-slot='" + n + "']"));
    }

    @Test
    public void anInstallerScansBrowsesDraftsTestsAndDownloadsTheReportOfTheSimulatedBuilding() throws Exception {
        browser.signIn("installer");
        assertTrue("installer sees Commissioning", browser.find(By.id("nav-commissioning")).isDisplayed());
        browser.goTo("commissioning");

        // Scan: a Who-Is now finds the four zone controllers. (The driver allows one round every few seconds; when it
        // refuses, the directory its own discovery filled is read instead, until the four are there.)
        browser.find(By.id("discover-bacnet")).click();
        browser.waitUpTo(60).until(d -> {
            if (texts("#bacnet-table tr.bacnet-device", "data-instance").size() >= 4) {
                return true;
            }
            if (!d.findElement(By.id("scan-error")).getText().isEmpty() || d.findElement(By.id("scan-status")).getText().contains("device(s)")) {
                d.findElement(By.id("scan-bacnet")).click();
            }
            return false;
        });
        assertEquals(Set.of("1001", "1002", "1003", "1004"), texts("#bacnet-table tr.bacnet-device", "data-instance"));
        browser.shot("commissioning-01-bacnet-scan");

        // Modbus: one probe per port of the sim's battery, meter and heat pump; each answers as unit 1.
        set("probe-first", "127.0.0.1");
        set("probe-last", "127.0.0.1");
        set("probe-port", gateway.port("battery") + ", " + gateway.port("meter") + ", " + gateway.port("heatpump"));
        set("probe-u0", "1");
        set("probe-u1", "1");
        set("probe-timeout", "1000");
        browser.find(By.id("probe-modbus")).click();
        browser.waitUpTo(60).until(d -> d.findElements(By.cssSelector("#modbus-table tr.modbus-unit")).size() == 3);
        String units = browser.find(By.id("modbus-table")).getText();
        for (String device : new String[] {"battery", "meter", "heatpump"}) {
            assertTrue(device + " answered: " + units, units.contains("127.0.0.1:" + gateway.port(device)));
        }
        shot("modbus-table", "commissioning-02-modbus-probe");

        // Browse zone 1001's setpoint: its present value and priority array, slot 12 written by the gateway (the comfort
        // agent commands the setpoint every cycle through the BACnet driver at priority 12).
        By browse = By.cssSelector("#bacnet-table tr.bacnet-device[data-instance='1001'] button.browse-object[data-object='analog-value:3']");
        browser.find(browse).click();
        browser.waitUpTo(60).until(d -> {
            List<WebElement> s = d.findElements(By.cssSelector("#priority-array td[data-slot='12'].set"));
            if (s.isEmpty() && d.findElement(By.id("object-refresh")).isEnabled()) {
                d.findElement(By.id("object-refresh")).click();
            }
            return !s.isEmpty();
        });
        assertEquals(16, browser.driver().findElements(By.cssSelector("#priority-array td.slot")).size());
        assertTrue(slot(12).getAttribute("class").contains("gateway"));
        double slot12 = Double.parseDouble(slot(12).getText());
        assertTrue("slot 12 within the setpoint's limits: " + slot12, slot12 >= 18 && slot12 <= 30);
        assertTrue(browser.find(By.id("object-title")).getText().contains("1001"));
        assertTrue(browser.find(By.id("object-units")).getText().contains("celsius"));
        assertFalse(browser.find(By.id("object-pv")).getAttribute("data-value").isEmpty());
        shot("object-view", "commissioning-03-object-priority-array");

        // Draft a profile for zone controller 1001 from the suggestions: the shipped profile's points and roles. Saved.
        browser.find(By.cssSelector("#bacnet-table tr.bacnet-device[data-instance='1001'] button.draft-from")).click();
        browser.waitUpTo(30).until(d -> d.findElements(By.cssSelector("#draft-table tr.draft-point")).size() >= 5);
        Map<String, String> shipped = pointsAndRoles(JSON.readTree(library.resolve("bacnet-zone-controller.json").toFile()));
        Map<String, String> onPage = new TreeMap<>();
        for (WebElement row : browser.driver().findElements(By.cssSelector("#draft-table tr.draft-point"))) {
            onPage.put(row.findElement(By.cssSelector(".draft-name")).getAttribute("value"), row.findElement(By.cssSelector(".draft-role")).getAttribute("value"));
        }
        assertEquals("the draft table's points and roles", shipped, onPage);
        set("draft-id", "site-zone-controller");
        browser.find(By.id("draft-save")).click();
        browser.waitUpTo(30).until(d -> d.findElement(By.id("draft-result")).getText().contains("saved to the profile library as site-zone-controller.json"));
        JsonNode saved = JSON.readTree(library.resolve("site-zone-controller.json").toFile());
        assertEquals("bacnet", saved.path("protocol").asText());
        assertEquals("the saved profile's points and roles", shipped, pointsAndRoles(saved));
        shot("cx-draft", "commissioning-04-draft-saved");

        // Test zone-1: every point read; the setpoint written (after the installer confirms), verified, relinquished.
        browser.waitUpTo(30).until(d -> !d.findElements(By.cssSelector("#test-device option[value='zone-1']")).isEmpty());
        new Select(browser.find(By.id("test-device"))).selectByValue("zone-1");
        browser.waitUpTo(10).until(d -> d.findElement(By.id("test-writes")).getText().contains(SETPOINT));
        browser.find(By.id("test-confirm")).click();
        browser.find(By.id("test-run")).click();
        browser.waitUpTo(200).until(d -> "true".equals(d.findElement(By.id("test-status")).getAttribute("data-finished")));
        // The table as one snapshot (read in one script, so no row is replaced between two reads).
        Map<String, List<String>> rows = testTable();
        List<String> sp = rows.get(SETPOINT);
        assertEquals("the setpoint's outcome (lifecycle " + sp.get(1) + ")", "verified, relinquished", sp.get(2));
        // The test's command: sent, then verified (REQUESTED may come first while the core waits out the point's
        // minimum write interval; the comfort agent's command follows once the test releases the point).
        int sent = sp.get(1).indexOf("SENT");
        assertTrue("lifecycle " + sp.get(1), sent >= 0 && sp.get(1).indexOf("VERIFIED", sent) > sent);
        rows.forEach((point, cells) -> {
            if (!point.equals(SETPOINT)) {
                assertEquals(point + " read", "read", cells.get(2));
            }
        });
        assertEquals("zone-1's five points", 5, rows.size());
        double testValue = Double.parseDouble(sp.get(0));
        shot("cx-test", "commissioning-05-point-test");

        // Read at the device: the test's value is no longer commanded there once relinquished (the gateway's slot 12
        // carries the comfort agent's setpoint again), and the core's command on the point is no longer the test's.
        ConsoleApi installer = ConsoleApi.signIn(gateway.console(), "installer", Browser.PASSWORD);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        JsonNode object = null;
        String origin = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> o = installer.get("/api/commissioning/bacnet/1001/objects/analog-value/3");
            assertEquals(o.body(), 200, o.statusCode());
            object = JSON.readTree(o.body());
            origin = command(installer).path("origin").asText();
            JsonNode s12 = object.path("priorityArray").get(11);
            if (!origin.equals("commissioning-test") && (s12.isNull() || Math.abs(s12.asDouble() - testValue) > 0.05)) {
                break;
            }
            Thread.sleep(500); // the pause between two polls of the device; the deadline above bounds the loop
        }
        assertFalse("the core's command is no longer the test's", origin.equals("commissioning-test"));
        JsonNode s12 = object.path("priorityArray").get(11);
        assertTrue("slot 12 at the device no longer holds the test value " + testValue + ": " + object,
                s12.isNull() || Math.abs(s12.asDouble() - testValue) > 0.05);

        // The report: named site, devices, points, test results and the installer; the PDF's first page as PNG.
        set("report-site", SITE);
        String href = browser.find(By.id("report-pdf")).getAttribute("href");
        HttpResponse<byte[]> pdf = installer.getBytes(href.substring(href.indexOf("/api/")));
        assertEquals(200, pdf.statusCode());
        assertEquals("%PDF-", new String(pdf.body(), 0, 5, StandardCharsets.ISO_8859_1));
        Path pdfFile = Browser.SHOTS.resolve("commissioning-report.pdf");
        Files.write(pdfFile, pdf.body());
        // Text as pdftotext gives it: the fi/fl ligatures of the font spelled out, line breaks as spaces.
        String text = run("pdftotext", pdfFile.toString(), "-").replace("\uFB01", "fi").replace("\uFB02", "fl").replaceAll("\\s+", " ");
        for (String expected : new String[] {SITE, "1001", "1004", "cooling-setpoint", "Zone_Air_Cooling_Temperature_Setpoint",
            "verified, relinquished", "installer (installer)", "site-zone-controller"}) {
            assertTrue("the report names " + expected, text.contains(expected));
        }
        run("pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", pdfFile.toString(),
                Browser.SHOTS.resolve("commissioning-report-page1").toString());
        assertTrue(Files.size(Browser.SHOTS.resolve("commissioning-report-page1.png")) > 0);
        browser.driver().get(browser.find(By.id("report-html")).getAttribute("href"));
        browser.waitUpTo(30).until(d -> d.getPageSource().contains("Commissioning report: Simulated building"));
        browser.shot("commissioning-06-report-html");
        assertTrue("the gateway still runs", gateway.alive());
    }

    @Test
    public void aViewerSeesNoCommissioningAndIsRefusedEveryRoute() throws Exception {
        browser.signIn("viewer");
        assertFalse(browser.find(By.id("nav-commissioning")).isDisplayed());
        browser.driver().get(gateway.console() + "/#commissioning");
        browser.driver().navigate().refresh();
        browser.waitUpTo(20).until(d -> "overview".equals(d.findElement(By.tagName("body")).getAttribute("data-page")));
        assertFalse(browser.find(By.id("page-commissioning")).isDisplayed());
        browser.shot("commissioning-07-viewer");
        ConsoleApi viewer = ConsoleApi.signIn(gateway.console(), "viewer", Browser.PASSWORD);
        assertEquals(403, viewer.send("POST", "/api/commissioning/scan/bacnet", "{\"discover\":true}").statusCode());
        assertEquals(403, viewer.send("POST", "/api/commissioning/scan/modbus", "{}").statusCode());
        assertEquals(403, viewer.get("/api/commissioning/bacnet/1001/objects/analog-value/3").statusCode());
        assertEquals(403, viewer.get("/api/commissioning/suggest/1001").statusCode());
        assertEquals(403, viewer.send("POST", "/api/commissioning/draft", "{}").statusCode());
        assertEquals(403, viewer.send("POST", "/api/commissioning/tests", "{\"device\":\"zone-1\",\"confirm\":true}").statusCode());
        assertEquals(403, viewer.get("/api/commissioning/report.pdf?site=x").statusCode());
        assertEquals(403, viewer.get("/api/commissioning/report.html?site=x").statusCode());
    }

    /** Point → [test value, lifecycle states, outcome] of the test table. */
    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> testTable() {
        List<List<String>> rows = (List<List<String>>) ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript(
                "return [...document.querySelectorAll('#test-table tr.test-point')].map(r => [r.dataset.point, r.cells[3].textContent,"
                        + " r.querySelector('td.lifecycle .state') ? r.querySelector('td.lifecycle .state').textContent : r.cells[4].textContent,"
                        + " r.querySelector('td.outcome').textContent]);");
        Map<String, List<String>> m = new TreeMap<>();
        rows.forEach(r -> m.put(r.get(0), r.subList(1, 4)));
        return m;
    }

    private static JsonNode command(ConsoleApi api) throws Exception {
        for (JsonNode p : JSON.readTree(api.get("/api/points").body())) {
            if (p.path("id").asText().equals(SETPOINT)) {
                return p.path("command");
            }
        }
        throw new AssertionError(SETPOINT + " is not a configured point");
    }

    private static Map<String, String> pointsAndRoles(JsonNode profile) {
        Map<String, String> m = new TreeMap<>();
        profile.path("points").forEach(p -> m.put(p.path("name").asText(), p.path("role").asText()));
        return m;
    }

    /** Runs a poppler tool (Debian poppler-utils, installed by .ci/run) and returns its output. */
    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(command[0] + " finished", p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(command[0] + ": " + new String(out, StandardCharsets.UTF_8), 0, p.exitValue());
        return new String(out, StandardCharsets.UTF_8);
    }
}
