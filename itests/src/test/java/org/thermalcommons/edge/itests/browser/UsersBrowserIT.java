package org.thermalcommons.edge.itests.browser;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * Users and roles in the assembled gateway (its own process, the demo configuration, the real store): a gateway
 * upgraded in place keeps the accounts of a {@code console.db} of the first schema; a viewer sees none of the
 * installer and admin navigation; an admin disables a user, whose session ends and whose sign-in is refused, and sees
 * what that user did in the per-user audit view, read from the store's SQLite audit log by actor.
 */
public class UsersBrowserIT {
    private static final Set<String> PRIVILEGED_NAV = Set.of("Commissioning", "Configuration", "Bundles", "Users");
    private static LiveSite site;
    private static LiveGateway gateway;
    private static Browser browser;

    @BeforeClass
    public static void start() throws Exception {
        Path work = Files.createTempDirectory(Path.of("target"), "live-users");
        firstSchemaConsoleDb(Files.createDirectories(work.resolve("data")).resolve("console.db"));
        site = LiveSite.start(work);
        gateway = site.gateway;
        browser = site.browser;
    }

    @AfterClass
    public static void stop() throws Exception {
        if (site != null) {
            site.close();
        }
    }

    /** console.db as the first console wrote it (no schema version): an admin boss and an installer ann. */
    private static void firstSchemaConsoleDb(Path file) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE users (username TEXT PRIMARY KEY, role TEXT NOT NULL, hash TEXT NOT NULL, "
                    + "created_ms INTEGER NOT NULL, created_by TEXT NOT NULL)");
            s.execute("INSERT INTO users VALUES ('boss', 'admin', '" + pbkdf2(Browser.PASSWORD) + "', 1767225600000, 'setup-link')");
            s.execute("INSERT INTO users VALUES ('ann', 'installer', '" + pbkdf2(Browser.PASSWORD) + "', 1767225600000, 'boss')");
        }
    }

    /** The console's stored password format, {@code $pbkdf2-sha256$i=<n>$<salt>$<hash>}, at a low count for speed. */
    private static String pbkdf2(String password) throws Exception {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        int n = 10_000;
        byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, n, 256)).getEncoded();
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$pbkdf2-sha256$i=" + n + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(key);
    }

    @Test
    public void aGatewayUpgradedInPlaceKeepsItsUsersAndAViewerSeesNoInstallerOrAdminNavigation() throws Exception {
        assertFalse("accounts exist: no setup link printed", gateway.log().contains("#setup="));
        assertTrue(gateway.log().contains("migrated from schema version 0 to 2; its accounts are kept"));
        ConsoleApi.signIn(gateway.console(), "boss", Browser.PASSWORD).createUser("vera", "viewer");

        browser.signIn("vera");
        List<String> shown = browser.driver().findElements(By.cssSelector("#nav a")).stream().filter(WebElement::isDisplayed)
                .map(WebElement::getText).toList();
        assertTrue("a viewer's navigation " + shown, shown.contains("Overview"));
        assertTrue("a viewer's navigation " + shown + " has none of " + PRIVILEGED_NAV, shown.stream().noneMatch(PRIVILEGED_NAV::contains));
        browser.goTo("users");
        browser.waitUpTo(20).until(d -> d.findElement(By.id("users-table")).getText().contains("Only admins manage users."));
        assertFalse(browser.find(By.id("user-form")).isDisplayed());
        browser.shot("live-users-01-viewer");
    }

    @Test
    public void anAdminDisablesAUserWhoseSessionEndsAndSeesWhatTheyDidInTheStoresAuditLog() throws Exception {
        ConsoleApi ann = ConsoleApi.signIn(gateway.console(), "ann", Browser.PASSWORD);
        assertEquals(200, ann.send("POST", "/api/account/password", "{\"current\":\"" + Browser.PASSWORD + "\",\"password\":\""
                + Browser.PASSWORD + "\"}").statusCode());

        browser.signIn("boss");
        browser.driver().get(browser.base() + "/#users=ann");
        browser.driver().navigate().refresh();
        browser.waitUpTo(20).until(d -> d.findElement(By.id("user-detail")).isDisplayed());
        // The store writes the audit log in batches: ask the page again until ann's events are there.
        By trail = By.id("user-audit-table");
        browser.waitUpTo(30).until(d -> {
            ((JavascriptExecutor) d).executeScript("Console.pages.users.render()");
            String t = d.findElement(trail).getText();
            return t.contains("ann (installer): changed their own password") && t.contains("ann (installer): signed in from");
        });
        assertFalse(browser.find(trail).getText().contains("boss (admin)"));

        browser.find(By.id("user-toggle")).click();
        browser.waitUpTo(20).until(d -> d.findElement(By.id("user-detail-state")).getText().startsWith("installer, disabled"));
        assertEquals("ann's session ended", 401, ann.get("/api/points").statusCode());
        try {
            ConsoleApi.signIn(gateway.console(), "ann", Browser.PASSWORD);
            throw new IllegalStateException("a disabled account signed in");
        } catch (AssertionError refused) {
            assertTrue(refused.getMessage(), refused.getMessage().contains("403") && refused.getMessage().contains("disabled"));
        }
        ((JavascriptExecutor) browser.driver()).executeScript("document.getElementById('user-detail').scrollIntoView()");
        browser.shot("live-users-02-admin-disabled-ann");
        assertTrue("the gateway still runs", gateway.alive());
    }
}
