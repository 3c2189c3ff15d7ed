package org.thermalcommons.edge.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.inject.Inject;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.thermalcommons.edge.api.command.CommandRegistry;
import org.thermalcommons.edge.api.command.CommandState;
import org.thermalcommons.edge.api.command.CommandStatus;
import org.thermalcommons.edge.api.control.WritePriority;
import org.thermalcommons.edge.api.point.PointId;

/**
 * The console in the assembled gateway (core, store, profiles, BACnet driver, console on Felix HTTP Jetty 12) over
 * HTTPS with the self-signed certificate it generates into the data directory, against a BACnet zone controller this
 * test owns on loopback: the first admin through the one-time link from the log, a viewer refused a write, an
 * installer's override in the zone's priority array (the gateway's slot) and in the audit log.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class ConsoleIT {
    private static final PointId ZONE_SP = PointId.parse("zone-1/cooling-setpoint");
    private static final String PASSWORD = "console-itest-password";
    /**
     * Console log lines (the setup link, the fingerprint), copied from standard error as the gateway starts, into a
     * file: the configuration runs outside the framework, the tests in its probe bundle (another copy of this class).
     */
    private static final Path LOG = Path.of("target/itest-work/console-log.txt").toAbsolutePath();
    private static LoopbackDevices.Zone zone;
    private static HttpClient admin;
    private static String adminCsrf;

    @Inject
    CommandRegistry commands;

    @Configuration
    public Option[] config() throws Exception {
        // A first start every run: no account yet (the setup link is printed), the certificate generated afresh.
        if (Files.isDirectory(data())) {
            try (var files = Files.walk(data())) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        captureConsoleLog();
        int udp = DriversIT.freeUdpBlock(2);
        int port = DriversIT.freeTcp();
        Map<String, String> cfg = new LinkedHashMap<>();
        cfg.put("org.thermalcommons.edge.core.Cycle.cfg", "periodMs = 200\nretryMinMs = 200\nretryMaxMs = 2000\n");
        cfg.put("org.thermalcommons.edge.driver.bacnet.BacnetNetwork.cfg", "port = " + udp + "\ntimeoutMs = 1000\ndiscoveryPorts = "
                + (udp + 1) + "\n");
        cfg.put("org.thermalcommons.edge.driver.bacnet.BacnetDevice-zone-1.cfg", "device = zone-1\nprofile = bacnet-zone-controller"
                + "\ndeviceInstance = 2001\naddress = 127.0.0.1:" + (udp + 1) + "\nbackoffMinMs = 200\nbackoffMaxMs = 1000\n");
        cfg.put("org.thermalcommons.edge.console.Console.cfg", "host = 127.0.0.1\nport = " + port + "\nhttps = true\n");
        Option[] base = EdgeOptions.gateway("console", List.of("core", "store", "profiles", "bacnet", "console"), cfg);
        Option[] out = java.util.Arrays.copyOf(base, base.length + 3);
        out[base.length] = CoreOptions.systemProperty("cool.edge.itest.zonePort").value(Integer.toString(udp + 1));
        out[base.length + 1] = CoreOptions.systemProperty("cool.edge.itest.consolePort").value(Integer.toString(port));
        // As the launcher does: Jetty listens only where the console's configuration says.
        out[base.length + 2] = CoreOptions.frameworkProperty("org.apache.felix.http.require.config").value("true");
        return out;
    }

    /** Keeps what the gateway prints to standard error and copies the console's lines (bounded) for the test. */
    private static void captureConsoleLog() throws java.io.IOException {
        Files.createDirectories(LOG.getParent());
        Files.writeString(LOG, "");
        PrintStream original = System.err;
        System.setErr(new PrintStream(new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                original.write(b);
                if (b == '\n') {
                    String s = line.toString(StandardCharsets.UTF_8);
                    if (s.contains("Console:")) {
                        try {
                            Files.writeString(LOG, s + "\n", java.nio.file.StandardOpenOption.APPEND);
                        } catch (java.io.IOException e) {
                            // the test then times out waiting for the line
                        }
                    }
                    line.reset();
                } else if (line.size() < 4096) {
                    line.write(b);
                }
            }
        }, true));
    }

    private static Path data() {
        return Path.of("target/itest-work/console/data").toAbsolutePath();
    }

    private static URI base() {
        return URI.create("https://127.0.0.1:" + Integer.getInteger("cool.edge.itest.consolePort") + "/");
    }

    private static String log() {
        try {
            return Files.readString(LOG);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static String logged(Pattern p) throws InterruptedException {
        EdgeOptions.await("console log line " + p, 30_000, () -> p.matcher(log()).find());
        Matcher m = p.matcher(log());
        assertTrue(m.find());
        return m.group(1);
    }

    /** A client that trusts exactly the certificate the console generated, with its own cookie jar. */
    private static HttpClient client() throws Exception {
        Path ks = data().resolve("console-keystore.p12");
        String pw = Files.readString(data().resolve("console-keystore.pass")).strip();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, pw.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("console", store.getCertificate("cool-edge-console"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static HttpResponse<String> get(HttpClient c, String path) throws Exception {
        return c.send(HttpRequest.newBuilder(base().resolve(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(HttpClient c, String method, String path, String json, String csrf) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base().resolve(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        if (csrf != null) {
            b.header("X-CSRF-Token", csrf);
        }
        return c.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String csrf(HttpResponse<String> r) {
        Matcher m = Pattern.compile("\"csrf\":\"([^\"]+)\"").matcher(r.body());
        assertTrue("a CSRF token in " + r.body(), m.find());
        return m.group(1);
    }

    private static HttpClient signedIn(String user) throws Exception {
        HttpClient c = client();
        HttpResponse<String> r = send(c, "POST", "/api/login", "{\"username\":\"" + user + "\",\"password\":\"" + PASSWORD + "\"}", null);
        assertEquals(r.body(), 200, r.statusCode());
        return c;
    }

    private static synchronized void zone() throws Exception {
        if (zone == null) {
            zone = new LoopbackDevices.Zone(2001, Integer.getInteger("cool.edge.itest.zonePort"), 26f);
        }
    }

    private static double zoneSlot12() {
        try {
            return zone.atPriority(12);
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    @Test
    public void a_theConsoleServesHttpsWithTheCertificateItGeneratedAndSecureSessionCookies() throws Exception {
        String fingerprint = logged(Pattern.compile("SHA-256 fingerprint ([0-9A-F:]{95})"));
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(data().resolve("console-keystore.p12"))) {
            store.load(in, Files.readString(data().resolve("console-keystore.pass")).strip().toCharArray());
        }
        Certificate cert = store.getCertificate("cool-edge-console");
        assertEquals("the logged fingerprint is the generated certificate's",
                HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded())),
                fingerprint);

        HttpClient c = client();
        EdgeOptions.await("the console answers over HTTPS", 30_000, () -> {
            try {
                return get(c, "/").statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
        HttpResponse<String> page = get(c, "/");
        assertTrue("the console's page", page.body().contains("COOL Edge console"));
        assertEquals("HTTPS", "https", page.uri().getScheme());

        String token = logged(Pattern.compile("#setup=([A-Za-z0-9_-]{20,})"));
        admin = client();
        HttpResponse<String> setup = send(admin, "POST", "/api/setup",
                "{\"token\":\"" + token + "\",\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}", null);
        assertEquals(setup.body(), 200, setup.statusCode());
        String cookie = setup.headers().allValues("Set-Cookie").stream().filter(h -> h.startsWith("cool_edge_session="))
                .findFirst().orElseThrow();
        assertTrue("Secure on HTTPS: " + cookie, cookie.contains("; Secure"));
        assertTrue("HttpOnly: " + cookie, cookie.contains("HttpOnly"));
        adminCsrf = csrf(setup);
        for (String role : new String[] {"installer", "viewer"}) {
            HttpResponse<String> r = send(admin, "POST", "/api/users", "{\"username\":\"" + role + "\",\"password\":\""
                    + PASSWORD + "\",\"role\":\"" + role + "\"}", adminCsrf);
            assertEquals(r.body(), 201, r.statusCode());
        }
    }

    @Test
    public void b_aViewerCannotWriteAndAnInstallersOverrideReachesTheZoneAndTheAuditLog() throws Exception {
        zone();
        EdgeOptions.await("the zone's setpoint read over BACnet", 60_000, () -> {
            try {
                HttpResponse<String> r = get(signedIn("viewer"), "/api/points");
                return r.body().contains("\"id\":\"zone-1/cooling-setpoint\"") && r.body().contains("\"q\":\"GOOD\"");
            } catch (Exception e) {
                return false;
            }
        });
        String body = "{\"point\":\"zone-1/cooling-setpoint\",\"value\":21,\"minutes\":30,\"confirm\":true}";

        HttpClient viewer = client();
        String viewerCsrf = csrf(send(viewer, "POST", "/api/login", "{\"username\":\"viewer\",\"password\":\"" + PASSWORD + "\"}", null));
        assertEquals(403, send(viewer, "POST", "/api/overrides", body, viewerCsrf).statusCode());

        HttpClient installer = client();
        String installerCsrf = csrf(send(installer, "POST", "/api/login",
                "{\"username\":\"installer\",\"password\":\"" + PASSWORD + "\"}", null));
        HttpResponse<String> set = send(installer, "POST", "/api/overrides", body, installerCsrf);
        assertEquals(set.body(), 201, set.statusCode());

        EdgeOptions.await("21 °C in the zone's priority array at the gateway's slot, verified at manual-override priority", 60_000,
                () -> zoneSlot12() == 21.0 && commands.command(ZONE_SP).map(c -> c.state() == CommandState.VERIFIED
                        && c.priority() == WritePriority.MANUAL_OVERRIDE && c.origin().equals("console-override")).orElse(false));
        CommandStatus c = commands.command(ZONE_SP).orElseThrow();
        assertEquals(21.0, c.value().getAsDouble(), 1e-9);
        assertEquals(21.0, zone.presentValue(), 1e-6);

        EdgeOptions.await("the override in the audit log", 30_000, () -> {
            try {
                return get(admin, "/api/events?category=console").body()
                        .contains("installer (installer): set manual override zone-1/cooling-setpoint = 21.0");
            } catch (Exception e) {
                return false;
            }
        });

        HttpResponse<String> cleared = send(installer, "DELETE", "/api/overrides/zone-1/cooling-setpoint", "{}", installerCsrf);
        assertEquals(cleared.body(), 200, cleared.statusCode());
        EdgeOptions.await("released: the gateway's slot empty again", 60_000, () -> Double.isNaN(zoneSlot12()));
        Optional<String> events = Optional.of(get(admin, "/api/events?category=console").body());
        assertTrue(events.get().contains("installer (installer): cleared manual override zone-1/cooling-setpoint"));
    }
}
