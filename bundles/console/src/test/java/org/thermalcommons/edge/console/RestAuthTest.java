package org.thermalcommons.edge.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermalcommons.edge.console.auth.ConsoleRole;
import org.thermalcommons.edge.console.http.Route;

/** The REST layer and its auth, over HTTP against the production servlets. */
class RestAuthTest {
    @TempDir
    Path dir;
    ConsoleServer server;
    ConsoleServer.Client admin;
    final AtomicInteger seq = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        server = new ConsoleServer(dir);
        admin = server.withUsers();
        withCommissioning();
    }

    private com.ghgande.j2mod.modbus.slave.ModbusSlave modbus;
    private int modbusPort;

    /** The real commissioning tools behind the console, a j2mod unit on loopback, and one cycle's snapshot. */
    private void withCommissioning() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            modbusPort = s.getLocalPort();
        }
        com.ghgande.j2mod.modbus.procimg.SimpleProcessImage img = new com.ghgande.j2mod.modbus.procimg.SimpleProcessImage(1);
        for (int i = 0; i < 16; i++) {
            img.addRegister(new com.ghgande.j2mod.modbus.procimg.SimpleRegister(i));
        }
        modbus = com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory.createTCPSlave(java.net.InetAddress.getLoopbackAddress(), modbusPort, 2, false);
        modbus.addProcessImage(1, img);
        modbus.open();
        var tools = org.thermalcommons.edge.commissioning.CommissioningComponent.standalone(java.time.Clock.systemUTC(), "",
                java.time.Duration.ofSeconds(60), java.util.List.of(),
                org.thermalcommons.edge.profiles.ProfileLibraryComponent.inDirectory(dir.resolve("profiles")), null, null);
        tools.cycleCompleted(new org.thermalcommons.edge.api.control.CycleReport(1, server.gateway.snapshot().orElseThrow(),
                java.util.List.of(), java.time.Duration.ZERO, java.time.Duration.ZERO));
        server.gateway.commissioning = tools;
        server.gateway.deployments = new FakeDeployments();
        server.gateway.features = new FakeFeatures();
    }

    @AfterEach
    void stop() throws Exception {
        com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory.close(modbus);
        server.close();
    }

    /** One case per mutating route: how to prepare it (as admin) and the request that exercises it. */
    interface Case {
        HttpResponse<String> run(ConsoleServer.Client as) throws Exception;
    }

    private Map<String, Case> cases() {
        Map<String, Case> m = new LinkedHashMap<>();
        m.put("POST /logout", c -> c.send("POST", "/api/logout", null));
        m.put("POST /users", c -> c.send("POST", "/api/users", "{\"username\":\"user" + seq.incrementAndGet()
                + "\",\"password\":\"" + ConsoleServer.PASSWORD + "\",\"role\":\"viewer\"}"));
        m.put("DELETE /users/{name}", c -> {
            String name = "del" + seq.incrementAndGet();
            assertThat(admin.send("POST", "/api/users", "{\"username\":\"" + name + "\",\"password\":\""
                    + ConsoleServer.PASSWORD + "\",\"role\":\"viewer\"}").statusCode()).isEqualTo(201);
            return c.send("DELETE", "/api/users/" + name, null);
        });
        m.put("POST /overrides", c -> c.send("POST", "/api/overrides",
                "{\"point\":\"zone-1/cooling-setpoint\",\"value\":22.5,\"minutes\":30,\"confirm\":true}"));
        m.put("DELETE /overrides/{device}/{name}", c -> {
            assertThat(admin.send("POST", "/api/overrides",
                    "{\"point\":\"zone-1/cooling-setpoint\",\"value\":23,\"minutes\":5,\"confirm\":true}").statusCode()).isEqualTo(201);
            return c.send("DELETE", "/api/overrides/zone-1/cooling-setpoint", null);
        });
        m.put("POST /commissioning/scan/bacnet", c -> c.send("POST", "/api/commissioning/scan/bacnet", "{}"));
        m.put("POST /commissioning/scan/modbus", c -> c.send("POST", "/api/commissioning/scan/modbus", "{\"firstHost\":\"127.0.0.1\","
                + "\"lastHost\":\"127.0.0.1\",\"port\":" + modbusPort + ",\"firstUnit\":1,\"lastUnit\":1,\"timeoutMs\":500,\"deadlineSeconds\":5}"));
        m.put("POST /commissioning/registers", c -> c.send("POST", "/api/commissioning/registers", "{\"host\":\"127.0.0.1\",\"port\":"
                + modbusPort + ",\"unit\":1,\"start\":0,\"count\":4}"));
        m.put("POST /commissioning/draft", c -> c.send("POST", "/api/commissioning/draft", "{\"id\":\"rest-zone\",\"protocol\":\"bacnet\","
                + "\"vendor\":\"v\",\"model\":\"m\",\"description\":\"d\",\"save\":false,\"points\":[{\"name\":\"temp\","
                + "\"role\":\"Zone_Air_Temperature_Sensor\",\"unit\":\"celsius\",\"min\":-10,\"max\":60,\"writable\":false,"
                + "\"address\":\"analog-input:1\"}]}"));
        // The meter's points are read-only: its test ends at once, so every role can run one.
        m.put("POST /commissioning/tests", c -> c.send("POST", "/api/commissioning/tests", "{\"device\":\"meter\",\"confirm\":true}"));
        m.put("POST /config/{id}/validate", c -> c.send("POST", "/api/config/org.x.Cycle/validate", "{\"values\":{\"periodMs\":\"500\"}}"));
        m.put("PUT /config/{id}", c -> c.send("PUT", "/api/config/org.x.Cycle", "{\"values\":{\"periodMs\":\"" + (100 + seq.incrementAndGet()) + "\"}}"));
        m.put("POST /config/{id}/rollback", c -> {
            assertThat(admin.send("PUT", "/api/config/org.x.Cycle", "{\"values\":{\"periodMs\":\"900\"}}").statusCode()).isEqualTo(200);
            return c.send("POST", "/api/config/org.x.Cycle/rollback", null);
        });
        m.put("POST /config", c -> c.send("POST", "/api/config", "{\"factoryPid\":\"org.x.Device\",\"name\":\"dev" + seq.incrementAndGet()
                + "\",\"values\":{\"host\":\"127.0.0.1\"}}"));
        m.put("DELETE /config/{id}", c -> {
            String name = "gone" + seq.incrementAndGet();
            assertThat(admin.send("POST", "/api/config", "{\"factoryPid\":\"org.x.Device\",\"name\":\"" + name
                    + "\",\"values\":{\"host\":\"127.0.0.1\"}}").statusCode()).isEqualTo(201);
            return c.send("DELETE", "/api/config/org.x.Device-" + name, null);
        });
        // Bundles (admin): an unsigned jar is accepted for the deployment manager (202), which refuses it; the refusal is
        // the request's result (BundleRoutesTest), not an HTTP error.
        m.put("POST /bundles", c -> c.sendBytes("POST", "/api/bundles?name=plain-" + seq.incrementAndGet() + ".jar",
                BundleRoutesTest.unsignedJar(), "application/java-archive"));
        m.put("DELETE /bundles/{name}", c -> c.send("DELETE", "/api/bundles/org.example.plugin", null));
        m.put("POST /bundles/{name}/rollback", c -> c.send("POST", "/api/bundles/org.example.plugin/rollback", null));
        m.put("POST /features/{name}", c -> c.send("POST", "/api/features/market", "{\"enabled\":" + (seq.incrementAndGet() % 2 == 0) + "}"));
        m.put("PUT /users/{name}/role", c -> c.send("PUT", "/api/users/" + prepared("role") + "/role", "{\"role\":\"installer\"}"));
        m.put("POST /users/{name}/disable", c -> c.send("POST", "/api/users/" + prepared("off") + "/disable", null));
        m.put("POST /users/{name}/enable", c -> {
            String name = prepared("on");
            assertThat(admin.send("POST", "/api/users/" + name + "/disable", null).statusCode()).isEqualTo(200);
            return c.send("POST", "/api/users/" + name + "/enable", null);
        });
        m.put("POST /users/{name}/reset", c -> c.send("POST", "/api/users/" + prepared("reset") + "/reset", null));
        // Every role may change its own password (here to the same one, so the other cases can still sign in). That ends
        // the user's other sessions: the admin's preparing one signs in again.
        m.put("POST /account/password", c -> {
            HttpResponse<String> r = c.send("POST", "/api/account/password", "{\"current\":\"" + ConsoleServer.PASSWORD
                    + "\",\"password\":\"" + ConsoleServer.PASSWORD + "\"}");
            assertThat(admin.login("admin", ConsoleServer.PASSWORD).statusCode()).isEqualTo(200);
            return r;
        });
        return m;
    }

    /** A new viewer account, created by the admin, for a case to act on. */
    private String prepared(String prefix) throws Exception {
        String name = prefix + seq.incrementAndGet();
        assertThat(admin.send("POST", "/api/users", "{\"username\":\"" + name + "\",\"password\":\""
                + ConsoleServer.PASSWORD + "\",\"role\":\"viewer\"}").statusCode()).isEqualTo(201);
        return name;
    }

    @Test
    void everyRoleOnEveryMutatingRouteIsAllowedOrForbiddenByItsRole() throws Exception {
        Map<String, Case> cases = cases();
        for (Route r : server.console.routes()) {
            if (r.mutating() && r.role().isPresent()) {
                assertThat(cases).as("a role test for %s", r.name()).containsKey(r.name().replace(" /api", " "));
            }
        }
        for (Route r : server.console.routes()) {
            if (!r.mutating() || r.role().isEmpty()) {
                continue;
            }
            for (ConsoleRole role : ConsoleRole.values()) {
                ConsoleServer.Client c = server.client();
                assertThat(c.login(role.id(), ConsoleServer.PASSWORD).statusCode()).isEqualTo(200);
                HttpResponse<String> resp = cases.get(r.name()).run(c);
                if (role.includes(r.role().get())) {
                    assertThat(resp.statusCode()).as("%s as %s: %s", r.name(), role, resp.body()).isBetween(200, 299);
                } else {
                    assertThat(resp.statusCode()).as("%s as %s", r.name(), role).isEqualTo(403);
                    assertThat(resp.body()).contains("role " + role.id() + " may not");
                }
            }
        }
    }

    @Test
    void aMutatingRequestWithoutTheCsrfTokenIsForbiddenAndChangesNothing() throws Exception {
        for (Map.Entry<String, Case> e : cases().entrySet()) {
            ConsoleServer.Client c = server.client();
            c.login("admin", ConsoleServer.PASSWORD);
            String good = c.csrf;
            c.csrf = null;
            HttpResponse<String> resp = e.getValue().run(c);
            assertThat(resp.statusCode()).as(e.getKey()).isEqualTo(403);
            assertThat(resp.body()).contains("X-CSRF-Token");
            c.csrf = good + "x";
            assertThat(e.getValue().run(c).statusCode()).as(e.getKey() + " with a wrong token").isEqualTo(403);
        }
        // Only the override the DELETE case prepared as admin is there: the forged set and clears did nothing.
        assertThat(server.console.overrideController().all()).singleElement().satisfies(o -> assertThat(o.value()).isEqualTo(23));
        assertThat(server.users.all()).extracting(u -> u.username()).allMatch(n -> !n.startsWith("user"));
    }

    @Test
    void withoutASessionReadsAndWritesAreRefusedWith401() throws Exception {
        ConsoleServer.Client anon = server.client();
        assertThat(anon.get("/api/points").statusCode()).isEqualTo(401);
        assertThat(anon.send("POST", "/api/overrides", "{}").statusCode()).isEqualTo(401);
        assertThat(anon.get("/stream").statusCode()).isEqualTo(401);
    }

    @Test
    void anAccountIsLockedAfterFiveFailedLoginsEvenForTheRightPassword() throws Exception {
        ConsoleServer.Client c = server.client();
        for (int i = 0; i < 5; i++) {
            assertThat(c.login("installer", "wrong-password-" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> locked = c.login("installer", ConsoleServer.PASSWORD);
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.body()).contains("account locked after 5 failed logins");
        assertThat(server.client().login("viewer", ConsoleServer.PASSWORD).statusCode()).as("other accounts").isEqualTo(200);
        assertThat(server.client().get("/metrics").body()).contains("cool_edge_console_logins_failed_total 5.0")
                .contains("cool_edge_console_lockouts_total 1.0");
    }

    @Test
    void theSetupLinkWorksOnceAndOnlyWithItsToken() throws Exception {
        // A fresh console with no users.
        try (ConsoleServer fresh = new ConsoleServer(dir.resolve("fresh"))) {
            String token = fresh.console.issueSetupToken().orElseThrow();
            ConsoleServer.Client c = fresh.client();
            assertThat(c.get("/api/session").body()).contains("\"setupRequired\":true");
            assertThat(c.setup("not-the-token", "boss", ConsoleServer.PASSWORD).statusCode()).isEqualTo(403);
            assertThat(c.setup(token, "boss", ConsoleServer.PASSWORD).statusCode()).isEqualTo(200);
            assertThat(c.get("/api/session").body()).contains("\"user\":\"boss\"").contains("\"role\":\"admin\"")
                    .contains("\"setupRequired\":false");
            assertThat(fresh.client().setup(token, "mallory", ConsoleServer.PASSWORD).statusCode()).isEqualTo(403);
            assertThat(fresh.users.all()).extracting(u -> u.username()).containsExactly("boss");
            assertThat(fresh.gateway.audit.events).anySatisfy(e -> assertThat(e.message()).contains("boss (admin)")
                    .contains("one-time setup link"));
        }
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteStrict() throws Exception {
        HttpResponse<String> r = server.client().login("viewer", ConsoleServer.PASSWORD);
        assertThat(r.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("cool_edge_session=")
                .contains("HttpOnly").contains("SameSite=Strict").doesNotContain("Secure"));
    }

    @Test
    void invalidInputIsRejectedWithAMessagePerField() throws Exception {
        HttpResponse<String> r = admin.send("POST", "/api/users", "{\"username\":\"A!\",\"password\":\"short\",\"role\":\"root\",\"extra\":1}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"username\":\"must be 3-32 characters").contains("\"password\":\"must be 12-128 characters\"")
                .contains("\"role\":\"must be admin, installer or viewer\"").contains("\"extra\":\"is not a known field\"");
        HttpResponse<String> o = admin.send("POST", "/api/overrides",
                "{\"point\":\"zone-1/cooling-setpoint\",\"value\":99,\"minutes\":30,\"confirm\":true}");
        assertThat(o.statusCode()).isEqualTo(400);
        assertThat(o.body()).contains("\"value\":\"must be within the point's limits 18.0..30.0");
        HttpResponse<String> ro = admin.send("POST", "/api/overrides",
                "{\"point\":\"zone-1/temperature\",\"value\":20,\"minutes\":30,\"confirm\":true}");
        assertThat(ro.body()).contains("\"point\":\"is read-only\"").doesNotContain("\"confirm\"");
        HttpResponse<String> unconfirmed = admin.send("POST", "/api/overrides",
                "{\"point\":\"zone-1/cooling-setpoint\",\"value\":20,\"minutes\":30,\"confirm\":false}");
        assertThat(unconfirmed.body()).contains("\"confirm\":\"must be true");
        assertThat(server.console.overrideController().all()).isEmpty();
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413() throws Exception {
        String big = "{\"username\":\"" + "x".repeat(20_000) + "\"}";
        HttpResponse<String> r = admin.send("POST", "/api/users", big);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("limit is 16384");
    }

    @Test
    void anOverrideIsAuditedWithWhoAndWhat() throws Exception {
        ConsoleServer.Client installer = server.client();
        installer.login("installer", ConsoleServer.PASSWORD);
        assertThat(installer.send("POST", "/api/overrides",
                "{\"point\":\"zone-1/cooling-setpoint\",\"value\":21.5,\"minutes\":10,\"confirm\":true}").statusCode()).isEqualTo(201);
        assertThat(server.gateway.audit.events).anySatisfy(e -> {
            assertThat(e.category()).isEqualTo("console");
            assertThat(e.subject()).isEqualTo("zone-1/cooling-setpoint");
            assertThat(e.message()).contains("installer (installer)").contains("set manual override zone-1/cooling-setpoint = 21.5");
        });
        HttpResponse<String> events = installer.get("/api/events?category=console&q=override");
        assertThat(events.body()).contains("set manual override zone-1/cooling-setpoint = 21.5");
        assertThat(installer.get("/api/points").body()).contains("\"override\":{\"point\":\"zone-1/cooling-setpoint\",\"value\":21.5");
    }

    @Test
    void healthIs503WhenARequiredComponentIsMissing() throws Exception {
        HttpResponse<String> h = server.client().get("/health");
        assertThat(h.statusCode()).isEqualTo(503);
        assertThat(h.body()).contains("required component 'cycle' is missing");
    }
}
