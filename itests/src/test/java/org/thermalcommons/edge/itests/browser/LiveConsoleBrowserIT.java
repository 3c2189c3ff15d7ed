package org.thermalcommons.edge.itests.browser;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.openqa.selenium.By;

/**
 * The assembled gateway with the demo configuration, in its own process, seen through a real browser: the first admin
 * comes from the setup link the gateway printed, the overview shows the simulated building's zones live over BACnet,
 * and a viewer sees no installer or admin navigation.
 */
public class LiveConsoleBrowserIT {
    private static LiveSite site;
    private static LiveGateway gateway;
    private static Browser browser;

    @BeforeClass
    public static void start() throws Exception {
        site = LiveSite.start(Files.createTempDirectory(Path.of("target"), "live-console"));
        gateway = site.gateway;
        browser = site.browser;
    }

    @AfterClass
    public static void stop() throws Exception {
        if (site != null) {
            site.close();
        }
    }

    @Test
    public void theFirstAdminFromTheSetupLinkSeesTheSimulatedZonesLiveAndAViewerSeesNoInstallerOrAdminPages() throws Exception {
        browser.createFirstAdmin(gateway.setupLink(), "admin");
        By zone = By.cssSelector("#gauge-zone_1_temp .value");
        browser.waitUpTo(60).until(d -> !d.findElement(zone).getText().equals("–"));
        String first = browser.find(zone).getAttribute("data-t");
        browser.waitUpTo(30).until(d -> !first.equals(d.findElement(zone).getAttribute("data-t")));
        assertEquals("live", browser.find(By.id("live-state")).getText());
        assertTrue("admin sees Users", browser.find(By.id("nav-users")).isDisplayed());
        browser.shot("live-01-overview-admin");

        ConsoleApi.signIn(gateway.console(), "admin", Browser.PASSWORD).createUser("viewer", "viewer");
        browser.signIn("viewer");
        for (String nav : new String[] {"nav-commissioning", "nav-config", "nav-bundles", "nav-users"}) {
            assertTrue(nav + " absent or hidden", browser.driver().findElements(By.id(nav)).stream().noneMatch(e -> e.isDisplayed()));
        }
        assertFalse(browser.find(By.id("who")).getText().isEmpty());
        browser.shot("live-02-overview-viewer");
        assertTrue("the gateway still runs", gateway.alive());
    }
}
