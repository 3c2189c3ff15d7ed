package org.thermalcommons.edge.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The users page in a real browser (Debian's Chromium, headless, driven by Selenium), with a second browser for the
 * user being managed: the admin creates a user, changes its role and disables it (the second browser's session ends and
 * its sign-in is refused), enables it and issues a reset link, which the second browser opens to set a new password and
 * sign in, and she changes it again on her account page; the admin then sees what that user did in the per-user audit
 * view. Screenshots go to
 * {@code target/screenshots/users-*.png}. The servlets are the production ones in Jetty 12 around a fake gateway.
 */
class UsersBrowserTest {
    static final String NEW_PASSWORD = "ann-chose-this-one";
    static final String NEWER_PASSWORD = "and-then-this-one";

    @TempDir
    Path dir;
    ConsoleServer server;
    WebDriver admin;
    WebDriver other;

    @BeforeEach
    void start() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        assumeTrue(ci || (Files.isExecutable(ConsoleBrowserTest.CHROMIUM) && Files.isExecutable(ConsoleBrowserTest.CHROMEDRIVER)),
                "Chromium and chromedriver are not installed (apt-get install chromium chromium-driver; .ci/run does)");
        Files.createDirectories(ConsoleBrowserTest.SHOTS);
        server = new ConsoleServer(dir);
        admin = browser();
        other = browser();
    }

    private static WebDriver browser() {
        ChromeOptions o = new ChromeOptions();
        o.setBinary(ConsoleBrowserTest.CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900");
        ChromeDriverService svc = new ChromeDriverService.Builder().usingDriverExecutable(ConsoleBrowserTest.CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        WebDriver d = new ChromeDriver(svc, o);
        d.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
        return d;
    }

    @AfterEach
    void stop() throws Exception {
        for (WebDriver d : new WebDriver[] {admin, other}) {
            if (d != null) {
                d.quit();
            }
        }
        if (server != null) {
            server.close();
        }
    }

    private static WebDriverWait waitUpTo(WebDriver d, int seconds) {
        WebDriverWait w = new WebDriverWait(d, Duration.ofSeconds(seconds));
        w.pollingEvery(Duration.ofMillis(50));
        w.ignoring(StaleElementReferenceException.class);
        return w;
    }

    private static void shot(WebDriver d, String name) throws Exception {
        File f = ((ChromeDriver) d).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), ConsoleBrowserTest.SHOTS.resolve("users-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Opens a console URL afresh (a change of the fragment alone does not reload the page). */
    private void open(WebDriver d, String fragment) {
        d.get(server.base + "/" + fragment);
        d.navigate().refresh();
    }

    private static String text(WebDriver d, String id) {
        return d.findElement(By.id(id)).getText();
    }

    private void signIn(WebDriver d, String user, String password) {
        waitUpTo(d, 10).until(x -> x.findElement(By.id("page-login")).isDisplayed());
        d.findElement(By.id("login-username")).clear();
        d.findElement(By.id("login-username")).sendKeys(user);
        d.findElement(By.id("login-password")).clear();
        d.findElement(By.id("login-password")).sendKeys(password);
        d.findElement(By.id("login-submit")).click();
    }

    /** The admin's view of one user: the row's link, then the detail panel. */
    private void manage(String user) {
        open(admin, "#users");
        waitUpTo(admin, 10).until(x -> x.findElement(By.id("users-table")).getText().contains(user));
        admin.findElements(By.cssSelector("#users-table tr.user-row")).stream()
                .filter(r -> r.findElement(By.tagName("td")).getText().equals(user)).findFirst().orElseThrow()
                .findElement(By.cssSelector("a.manage")).click();
        waitUpTo(admin, 10).until(x -> x.findElement(By.id("user-detail")).isDisplayed() && text(x, "user-detail-name").equals(user));
    }

    private void waitForState(String expected) {
        waitUpTo(admin, 10).until(x -> text(x, "user-detail-state").startsWith(expected));
    }

    @Test
    void anAdminCreatesARoleChangesDisablesResetsAUserAndSeesWhatTheyDid() throws Exception {
        String token = server.console.issueSetupToken().orElseThrow();
        open(admin, "#setup=" + token);
        waitUpTo(admin, 10).until(x -> x.findElement(By.id("page-setup")).isDisplayed());
        admin.findElement(By.id("setup-username")).sendKeys("boss");
        admin.findElement(By.id("setup-password")).sendKeys(ConsoleServer.PASSWORD);
        admin.findElement(By.id("setup-submit")).click();
        waitUpTo(admin, 10).until(x -> text(x, "who").equals("boss (admin)"));

        // Create ann as a viewer, then make her an installer.
        open(admin, "#users");
        waitUpTo(admin, 10).until(x -> "users".equals(x.findElement(By.tagName("body")).getAttribute("data-page")));
        admin.findElement(By.id("user-username")).sendKeys("ann");
        admin.findElement(By.id("user-password")).sendKeys(ConsoleServer.PASSWORD);
        new Select(admin.findElement(By.id("user-role"))).selectByVisibleText("viewer");
        admin.findElement(By.id("user-submit")).click();
        manage("ann");
        waitForState("viewer, enabled");
        new Select(admin.findElement(By.id("user-detail-role"))).selectByVisibleText("installer");
        admin.findElement(By.id("user-role-save")).click();
        waitForState("installer, enabled");
        shot(admin, "01-role-changed");

        // Ann signs in in the second browser, as an installer.
        open(other, "#overview");
        signIn(other, "ann", ConsoleServer.PASSWORD);
        waitUpTo(other, 10).until(x -> text(x, "who").equals("ann (installer)"));

        // Disabled: her session ends at once (the next page load shows the sign-in) and her sign-in is refused.
        admin.findElement(By.id("user-toggle")).click();
        waitForState("installer, disabled");
        assertThat(admin.findElement(By.id("user-toggle")).getText()).isEqualTo("Enable");
        assertThat(admin.findElement(By.id("user-reset")).isEnabled()).as("no reset link for a disabled account").isFalse();
        open(other, "#overview");
        signIn(other, "ann", ConsoleServer.PASSWORD);
        waitUpTo(other, 10).until(x -> text(x, "login-error").contains("account 'ann' is disabled"));
        shot(other, "02-disabled-sign-in-refused");

        // The last admin is protected: disabling himself is refused with the rule.
        manage("boss");
        admin.findElement(By.id("user-toggle")).click();
        waitUpTo(admin, 10).until(x -> text(x, "user-detail-error").contains("the gateway must keep at least one enabled admin"));
        shot(admin, "03-last-admin-refused");

        // Enabled again, and a reset link for ann.
        manage("ann");
        admin.findElement(By.id("user-toggle")).click();
        waitForState("installer, enabled");
        admin.findElement(By.id("user-reset")).click();
        waitUpTo(admin, 10).until(x -> x.findElement(By.id("user-reset-box")).isDisplayed());
        String link = admin.findElement(By.id("user-reset-url")).getAttribute("value");
        assertThat(link).startsWith(server.base + "/#reset=");
        assertThat(text(admin, "user-reset-note")).startsWith("Hand this one-time link to ann");
        waitForState("installer, enabled; a reset link is pending until");
        shot(admin, "04-reset-link");

        // Ann opens the link in her browser, sets a new password and signs in with it; the old one no longer works.
        other.get(link);
        other.navigate().refresh();
        waitUpTo(other, 10).until(x -> x.findElement(By.id("page-reset")).isDisplayed());
        other.findElement(By.id("reset-password")).sendKeys(NEW_PASSWORD);
        other.findElement(By.id("reset-repeat")).sendKeys(NEW_PASSWORD);
        shot(other, "05-reset-page");
        other.findElement(By.id("reset-submit")).click();
        waitUpTo(other, 10).until(x -> text(x, "login-note").equals("Password set for ann: sign in with it."));
        assertThat(other.findElement(By.id("login-username")).getAttribute("value")).isEqualTo("ann");
        signIn(other, "ann", ConsoleServer.PASSWORD);
        waitUpTo(other, 10).until(x -> text(x, "login-error").contains("wrong username or password"));
        signIn(other, "ann", NEW_PASSWORD);
        waitUpTo(other, 10).until(x -> text(x, "who").equals("ann (installer)"));
        assertThat(server.client().send("POST", "/api/reset", "{\"token\":\"" + link.substring(link.indexOf("=") + 1)
                + "\",\"password\":\"someone-elses-try\"}").statusCode()).as("the link died").isEqualTo(403);

        // On her account page (her name in the header) she changes the password again; her session stays.
        other.findElement(By.id("who")).click();
        waitUpTo(other, 10).until(x -> "account".equals(x.findElement(By.tagName("body")).getAttribute("data-page")));
        other.findElement(By.id("account-current")).sendKeys(NEW_PASSWORD);
        other.findElement(By.id("account-password")).sendKeys(NEWER_PASSWORD);
        other.findElement(By.id("account-repeat")).sendKeys(NEWER_PASSWORD);
        other.findElement(By.id("account-submit")).click();
        waitUpTo(other, 10).until(x -> text(x, "account-done").startsWith("Password changed"));
        assertThat(server.client().login("ann", NEW_PASSWORD).statusCode()).isEqualTo(401);
        assertThat(server.client().login("ann", NEWER_PASSWORD).statusCode()).isEqualTo(200);

        // As an installer she overrides a setpoint.
        open(other, "#points");
        waitUpTo(other, 10).until(x -> {
            try {
                x.findElement(By.cssSelector("tr[data-point='zone-1/cooling-setpoint'] button.override")).click();
                return x.findElement(By.id("override-panel")).isDisplayed();
            } catch (StaleElementReferenceException | NoSuchElementException e) {
                return false;
            }
        });
        other.findElement(By.id("override-value")).clear();
        other.findElement(By.id("override-value")).sendKeys("22");
        other.findElement(By.id("override-confirm")).click();
        other.findElement(By.id("override-submit")).click();
        waitUpTo(other, 10).until(x -> !server.console.overrideController().all().isEmpty());

        // The admin sees what ann did, newest first, and only that.
        manage("ann");
        By audit = By.id("user-audit-table");
        waitUpTo(admin, 10).until(x -> x.findElement(audit).getText().contains("ann (installer): set manual override zone-1/cooling-setpoint = 22.0"));
        String trail = admin.findElement(audit).getText();
        assertThat(trail).contains("ann (installer): set a new password through the one-time reset link issued by boss")
                .contains("ann (installer): changed their own password")
                .contains("ann (installer): signed in from").doesNotContain("boss (admin)");
        assertThat(trail.indexOf("set manual override")).as("newest first").isLessThan(trail.indexOf("set a new password"));
        assertThat(text(admin, "user-audit-page")).isEqualTo("page 1");
        ((org.openqa.selenium.JavascriptExecutor) admin).executeScript("document.getElementById('user-detail').scrollIntoView()");
        shot(admin, "06-audit-view");
    }
}
