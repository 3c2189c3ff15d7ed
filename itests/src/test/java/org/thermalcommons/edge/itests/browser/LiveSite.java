package org.thermalcommons.edge.itests.browser;

import static org.junit.Assume.assumeTrue;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * What every browser IT starts once for its class: the assembled gateway ({@link LiveGateway}) and a headless
 * Chromium on its console ({@link Browser}); the class is skipped where Chromium is not installed (CI installs it and
 * fails a skip). Closing it closes both.
 */
final class LiveSite implements AutoCloseable {
    final LiveGateway gateway;
    final Browser browser;

    private LiveSite(LiveGateway gateway, Browser browser) {
        this.gateway = gateway;
        this.browser = browser;
    }

    /** The gateway in {@code work} with the demo configuration as {@code adjust} leaves it in its etc/ directory. */
    static LiveSite start(Path work, Consumer<Path> adjust) throws Exception {
        assumeTrue("Chromium and chromedriver are not installed (apt-get install chromium chromium-driver; .ci/run does)",
                Browser.available());
        LiveGateway gateway = LiveGateway.start(work, adjust);
        try {
            return new LiveSite(gateway, Browser.open(gateway.console()));
        } catch (Exception | Error e) {
            gateway.close();
            throw e;
        }
    }

    static LiveSite start(Path work) throws Exception {
        return start(work, etc -> { });
    }

    /** Creates the first admin ({@code admin}) in the browser, then one account per role, named for the role. */
    void adminAndAccounts(String... roles) throws Exception {
        browser.createFirstAdmin(gateway.setupLink(), "admin");
        ConsoleApi admin = ConsoleApi.signIn(gateway.console(), "admin", Browser.PASSWORD);
        for (String role : roles) {
            admin.createUser(role, role);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            browser.close();
        } finally {
            gateway.close();
        }
    }
}
