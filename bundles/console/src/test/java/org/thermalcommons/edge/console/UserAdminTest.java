package org.thermalcommons.edge.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admins' user management over HTTP against the production servlets: disabling, a new role, reset links, the
 * last-admin rule, a user's own password change and the per-user audit trail, each seen where the affected user sees
 * it (their next request, their sign-in).
 */
class UserAdminTest {
    static final String NEW_PASSWORD = "a-new-password-2026";

    @TempDir
    Path dir;
    final OverrideRestartTest.MovableClock clock = new OverrideRestartTest.MovableClock();
    ConsoleServer server;
    ConsoleServer.Client admin;

    @BeforeEach
    void start() throws Exception {
        server = new ConsoleServer(dir, clock);
        admin = server.withUsers();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private ConsoleServer.Client signedIn(String user, String password) throws Exception {
        ConsoleServer.Client c = server.client();
        assertThat(c.login(user, password).statusCode()).as("%s signs in", user).isEqualTo(200);
        return c;
    }

    private String resetToken(String user) throws Exception {
        HttpResponse<String> r = admin.send("POST", "/api/users/" + user + "/reset", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return r.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
    }

    private HttpResponse<String> redeem(String token, String password) throws Exception {
        return server.client().send("POST", "/api/reset", "{\"token\":\"" + token + "\",\"password\":\"" + password + "\"}");
    }

    @Test
    void aDisabledUserCannotSignInAndTheirSessionsEndAtOnce() throws Exception {
        ConsoleServer.Client viewer = signedIn("viewer", ConsoleServer.PASSWORD);
        ConsoleServer.Client otherTab = signedIn("viewer", ConsoleServer.PASSWORD);
        assertThat(viewer.get("/api/points").statusCode()).isEqualTo(200);

        HttpResponse<String> off = admin.send("POST", "/api/users/viewer/disable", null);
        assertThat(off.statusCode()).isEqualTo(200);
        assertThat(off.body()).contains("\"enabled\":false");
        assertThat(viewer.get("/api/points").statusCode()).isEqualTo(401);
        assertThat(otherTab.get("/api/points").statusCode()).isEqualTo(401);
        HttpResponse<String> refused = server.client().login("viewer", ConsoleServer.PASSWORD);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("account 'viewer' is disabled");
        assertThat(server.client().login("viewer", "a-wrong-password").statusCode()).as("a wrong password tells nothing more")
                .isEqualTo(401);
        assertThat(admin.send("POST", "/api/users/viewer/reset", null).statusCode()).as("no reset link for a disabled account")
                .isEqualTo(409);

        assertThat(admin.send("POST", "/api/users/viewer/enable", null).statusCode()).isEqualTo(200);
        assertThat(signedIn("viewer", ConsoleServer.PASSWORD).get("/api/points").statusCode()).isEqualTo(200);
        assertThat(server.gateway.audit.events).anySatisfy(e -> assertThat(e.message())
                .isEqualTo("admin (admin): disabled user viewer (viewer; 2 session(s) ended, any reset link void)"));
    }

    @Test
    void aNewRoleAppliesFromTheUsersNextRequest() throws Exception {
        ConsoleServer.Client viewer = signedIn("viewer", ConsoleServer.PASSWORD);
        assertThat(viewer.get("/api/users").statusCode()).isEqualTo(403);

        assertThat(admin.send("PUT", "/api/users/viewer/role", "{\"role\":\"admin\"}").statusCode()).isEqualTo(200);
        assertThat(viewer.get("/api/session").body()).contains("\"role\":\"admin\"");
        assertThat(viewer.get("/api/users").statusCode()).as("same session, new rights").isEqualTo(200);

        assertThat(admin.send("PUT", "/api/users/viewer/role", "{\"role\":\"viewer\"}").statusCode()).isEqualTo(200);
        assertThat(viewer.get("/api/users").statusCode()).as("rights taken away at once").isEqualTo(403);
        HttpResponse<String> bad = admin.send("PUT", "/api/users/viewer/role", "{\"role\":\"root\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"role\":\"must be admin, installer or viewer\"");
        assertThat(admin.send("PUT", "/api/users/nobody/role", "{\"role\":\"viewer\"}").statusCode()).isEqualTo(404);
    }

    @Test
    void aResetLinkSetsANewPasswordOnceAndEndsEverySessionOfTheUser() throws Exception {
        ConsoleServer.Client viewer = signedIn("viewer", ConsoleServer.PASSWORD);
        String token = resetToken("viewer");
        assertThat(admin.get("/api/users").body()).contains("\"resetExpires\":" + clock.now.plus(Duration.ofHours(24)).toEpochMilli());

        HttpResponse<String> tooShort = redeem(token, "short");
        assertThat(tooShort.statusCode()).isEqualTo(400);
        assertThat(tooShort.body()).contains("\"password\":\"must be 12-128 characters\"");
        HttpResponse<String> set = redeem(token, NEW_PASSWORD);
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(set.body()).contains("\"username\":\"viewer\"");

        assertThat(viewer.get("/api/points").statusCode()).as("the old session ended").isEqualTo(401);
        assertThat(server.client().login("viewer", ConsoleServer.PASSWORD).statusCode()).isEqualTo(401);
        assertThat(signedIn("viewer", NEW_PASSWORD).get("/api/points").statusCode()).isEqualTo(200);
        HttpResponse<String> again = redeem(token, "yet-another-password");
        assertThat(again.statusCode()).isEqualTo(403);
        assertThat(again.body()).contains("the reset link is not valid (used already");
        assertThat(server.gateway.audit.events).anySatisfy(e -> {
            assertThat(e.actor()).contains("viewer");
            assertThat(e.message()).startsWith("viewer (viewer): set a new password through the one-time reset link issued by admin");
        });
    }

    @Test
    void aResetLinkExpiresAfter24HoursAndANewerOneVoidsTheOlder() throws Exception {
        String first = resetToken("installer");
        String second = resetToken("installer");
        assertThat(redeem(first, NEW_PASSWORD).statusCode()).as("replaced by the newer link").isEqualTo(403);
        clock.now = clock.now.plus(Duration.ofHours(24));
        HttpResponse<String> late = redeem(second, NEW_PASSWORD);
        assertThat(late.statusCode()).isEqualTo(403);
        assertThat(late.body()).contains("the reset link expired at");
        assertThat(server.client().login("installer", ConsoleServer.PASSWORD).statusCode()).as("password unchanged").isEqualTo(200);
    }

    @Test
    void theLastEnabledAdminCannotBeDisabledDemotedOrDeletedAndTheRuleIsSaid() throws Exception {
        for (String[] r : new String[][] {{"POST", "/api/users/admin/disable", null}, {"PUT", "/api/users/admin/role", "{\"role\":\"installer\"}"},
                {"DELETE", "/api/users/admin", null}}) {
            HttpResponse<String> refused = admin.send(r[0], r[1], r[2]);
            assertThat(refused.statusCode()).as(r[1]).isEqualTo(409);
            assertThat(refused.body()).contains("the last enabled admin").contains(UserRoutes.LAST_ADMIN_RULE);
        }
        assertThat(admin.get("/api/session").body()).contains("\"role\":\"admin\"");

        assertThat(admin.send("PUT", "/api/users/installer/role", "{\"role\":\"admin\"}").statusCode()).isEqualTo(200);
        assertThat(admin.send("POST", "/api/users/admin/disable", null).statusCode()).as("another admin is enabled").isEqualTo(200);
        assertThat(admin.get("/api/users").statusCode()).as("disabling oneself signs one out").isEqualTo(401);
        ConsoleServer.Client second = signedIn("installer", ConsoleServer.PASSWORD);
        assertThat(second.send("PUT", "/api/users/installer/role", "{\"role\":\"viewer\"}").statusCode()).isEqualTo(409);
    }

    @Test
    void changingOnesOwnPasswordNeedsTheCurrentOneAndEndsTheOtherSessions() throws Exception {
        ConsoleServer.Client here = signedIn("viewer", ConsoleServer.PASSWORD);
        ConsoleServer.Client elsewhere = signedIn("viewer", ConsoleServer.PASSWORD);
        HttpResponse<String> wrong = here.send("POST", "/api/account/password", "{\"current\":\"not-it\",\"password\":\"" + NEW_PASSWORD + "\"}");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("\"current\":\"is wrong\"");
        assertThat(here.send("POST", "/api/account/password", "{\"current\":\"" + ConsoleServer.PASSWORD + "\",\"password\":\""
                + NEW_PASSWORD + "\"}").statusCode()).isEqualTo(200);
        assertThat(here.get("/api/points").statusCode()).isEqualTo(200);
        assertThat(elsewhere.get("/api/points").statusCode()).isEqualTo(401);
        assertThat(signedIn("viewer", NEW_PASSWORD).get("/api/points").statusCode()).isEqualTo(200);
    }

    @Test
    void aUsersAuditTrailShowsWhatTheyDidNewestFirstInPagesAndOnlyToAdmins() throws Exception {
        ConsoleServer.Client installer = signedIn("installer", ConsoleServer.PASSWORD);
        for (int minutes : new int[] {10, 20, 30}) {
            assertThat(installer.send("POST", "/api/overrides", "{\"point\":\"zone-1/cooling-setpoint\",\"value\":22,\"minutes\":"
                    + minutes + ",\"confirm\":true}").statusCode()).isEqualTo(201);
        }
        HttpResponse<String> first = admin.get("/api/users/installer/audit?size=2");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("\"more\":true").contains("(30 min").contains("(20 min").doesNotContain("(10 min")
                .contains("\"actor\":\"installer\"").doesNotContain("\"actor\":\"admin\"");
        HttpResponse<String> second = admin.get("/api/users/installer/audit?size=2&page=1");
        assertThat(second.body()).contains("(10 min").contains("signed in from").contains("\"more\":false");
        assertThat(admin.get("/api/users/admin/audit").body()).contains("created user installer").doesNotContain("set manual override");
        assertThat(installer.get("/api/users/installer/audit").statusCode()).isEqualTo(403);
        assertThat(signedIn("viewer", ConsoleServer.PASSWORD).get("/api/users/installer/audit").statusCode()).isEqualTo(403);
        assertThat(admin.get("/api/users/installer/audit?size=500").statusCode()).isEqualTo(400);
    }
}
