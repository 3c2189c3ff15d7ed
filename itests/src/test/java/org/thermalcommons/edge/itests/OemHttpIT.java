package org.thermalcommons.edge.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.thermalcommons.edge.api.health.HealthIndicator;
import org.thermalcommons.edge.api.metrics.MetricsCollector;
import org.thermalcommons.edge.api.metrics.MetricsSource;
import org.thermalcommons.edge.api.oem.OemAction;
import org.thermalcommons.edge.api.oem.OemCommand;
import org.thermalcommons.edge.api.oem.OemCommandState;
import org.thermalcommons.edge.api.oem.OemCommands;
import org.thermalcommons.edge.api.store.AuditEvent;
import org.thermalcommons.edge.api.store.AuditLog;

/**
 * The real oem bundle drives the simulated building's vendor heat pump through the HTTP adapter while the vendor API
 * answers 429 (a quota of 4 requests per 3 s, with Retry-After), random 500s and slow answers, and applies a mode only
 * 400 ms after accepting it (the adapter verifies after 150 ms, so verification fails first and the command is sent
 * again). Then the API fails every request until the breaker opens, and recovers. Every command submitted ends
 * COMPLETED exactly once, with the vendor's state read back, and the gateway never calls into the quota twice in a row.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OemHttpIT {
    private static final String TOKEN = "itest-vendor-token-0123456789";
    private static final String DEVICE = "heatpump-2";
    private static final String VENDOR_CFG = "org.thermalcommons.edge.sim.VendorHeatPump.cfg";
    /** Command ids of this run only (ids are idempotency keys in the durable log). */
    private static final String RUN = "oem-http-it-" + Long.toHexString(System.nanoTime());

    @Inject
    BundleContext context;
    @Inject
    OemCommands oem;
    @Inject
    AuditLog audit;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @Configuration
    public Option[] config() throws Exception {
        // A fresh command log and audit trail: a command id already in the log would be answered from it (idempotency).
        Path data = Path.of("target/itest-work/oem-http/data");
        if (Files.isDirectory(data)) {
            try (var old = Files.list(data)) {
                for (Path p : old.toList()) {
                    if (Files.isRegularFile(p)) {
                        Files.delete(p);
                    }
                }
            }
        }
        return EdgeOptions.gateway("oem-http", List.of("core", "store", "sim", "oem-heatpump-http"), Map.of(
                "org.thermalcommons.edge.sim.SimulatedBuilding.cfg", "speed = 60\n",
                VENDOR_CFG, vendor(0.25),
                "org.thermalcommons.edge.oem.OemCommands.cfg", "maxAttempts = 40\nmaxAgeSeconds = 600\nretryMinMs = 100\n"
                        + "retryMaxMs = 1500\njitterPercent = 20\nbreakerFailures = 3\nbreakerCoolDownSeconds = 1\n"));
    }

    private static String vendor(double errorRate) {
        return "port = 0\ntoken = " + TOKEN + "\nquotaRequests = 4\nquotaWindowSeconds = 3\nerrorRate = " + errorRate
                + "\nslowAnswerRate = 0.1\nslowAnswerMs = 300\nanswerDelayMs = 0\napplyDelayMs = 400\nseed = 7\n";
    }

    @Test
    public void quotaErrorsAndAnOutageBackOffAndTripTheBreakerButEveryCommandCompletesOnce() throws Exception {
        Path etc = Path.of(context.getProperty("cool.edge.etc"));
        int port = vendorPort();
        write(etc, "org.thermalcommons.edge.oem.heatpump.http.HttpHeatPump-" + DEVICE + ".cfg",
                "deviceId = " + DEVICE + "\nbaseUrl = http://127.0.0.1:" + port + "\n.token = " + TOKEN + "\n"
                        + "perMinute = 0\nperHour = 0\nperDay = 0\nconnectTimeoutMs = 1000\ncallTimeoutMs = 3000\n"
                        + "verifyDelayMs = 150\n");
        EdgeOptions.await("the oem bundle serves " + DEVICE, 30_000, () -> oem.devices().contains(DEVICE));

        // 1. Quota, random 500s, slow answers, late application: one command after the other.
        List<OemAction> actions = List.of(action("eco", 48.0), action("boost", 58.0), action("normal", 50.0),
                OemAction.of("off"), action("eco", 45.0), action("normal", 52.0));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            OemAction a = actions.get(i);
            String id = RUN + "-" + i;
            ids.add(id);
            oem.submit(id, DEVICE, a, "itest");
            OemCommand done = awaitEnd(id, 90_000);
            assertEquals(id + " ended " + done.reason().orElse(""), OemCommandState.COMPLETED, done.state());
            String read = done.reason().orElse("");
            assertTrue(id + " completed with the vendor's state read back: " + read, read.contains("mode " + a.verb()));
            Double setpoint = a.parameters().get("dhwSetpointCelsius");
            if (setpoint != null) {
                assertTrue(id + " setpoint read back: " + read, read.contains("hot water setpoint " + setpoint + " °C"));
            }
        }
        Map<String, Double> vendor = metrics(vendorMetrics());
        assertTrue("the vendor answered 429: " + vendor, vendor.getOrDefault("cool_edge_sim_vendor_rate_limited_total", 0.0) > 0);
        assertTrue("the vendor answered 500: " + vendor, vendor.getOrDefault("cool_edge_sim_vendor_injected_errors_total", 0.0) > 0);
        assertTrue("the oem bundle retried", metrics(oemMetrics()).getOrDefault("cool_edge_oem_retries_total", 0.0) > 0);

        // 2. An outage: every request fails until the breaker opens; then the API recovers.
        double changesBefore = metrics(oemMetrics()).getOrDefault("cool_edge_oem_breaker_changes_total", 0.0);
        write(etc, VENDOR_CFG, vendor(1.0));
        EdgeOptions.await("the vendor API fails every request", 20_000, () -> vendorGet().statusCode() == 500);
        String outage = RUN + "-outage";
        ids.add(outage);
        oem.submit(outage, DEVICE, action("boost", 60.0), "itest");
        EdgeOptions.await("the breaker of " + DEVICE + " open", 30_000, () -> oemHealth().contains("circuit breaker OPEN"));
        assertFalse("the command waits while the breaker is open", oem.find(outage).orElseThrow().state().terminal());
        write(etc, VENDOR_CFG, vendor(0.0));
        OemCommand recovered = awaitEnd(outage, 90_000);
        assertEquals(recovered.reason().orElse(""), OemCommandState.COMPLETED, recovered.state());
        EdgeOptions.await("the breaker closed again", 20_000, () -> !oemHealth().contains("circuit breaker"));
        assertTrue("the breaker opened, probed and closed",
                metrics(oemMetrics()).getOrDefault("cool_edge_oem_breaker_changes_total", 0.0) - changesBefore >= 3);

        // 3. Nothing lost, nothing twice: the audit trail has exactly one COMPLETED per command and no FAILED.
        EdgeOptions.await("every command's completion audited", 20_000,
                () -> ids.stream().allMatch(id -> transitions(id, "-> COMPLETED") >= 1));
        for (String id : ids) {
            assertEquals(id + " completed exactly once", 1, transitions(id, "-> COMPLETED"));
            assertEquals(id + " never failed", 0, transitions(id, "-> FAILED"));
        }
        // The gateway honoured every Retry-After: no two 429 answers in a row.
        assertEquals(1.0, metrics(vendorMetrics()).get("cool_edge_sim_vendor_rate_limited_run_max"), 0.0);
        String state = vendorGet().body();
        assertTrue("the vendor runs the last command: " + state,
                state.contains("\"mode\":\"boost\"") && state.contains("\"dhwSetpointCelsius\":60.0"));
    }

    private static OemAction action(String verb, double dhw) {
        return new OemAction(verb, Map.of("dhwSetpointCelsius", dhw));
    }

    private OemCommand awaitEnd(String id, long timeoutMs) throws InterruptedException {
        EdgeOptions.await(id + " finished", timeoutMs, () -> oem.find(id).map(c -> c.state().terminal()).orElse(false));
        return oem.find(id).orElseThrow();
    }

    private long transitions(String id, String to) {
        List<AuditEvent> events = audit.since(Instant.EPOCH, 100_000);
        return events.stream().filter(e -> e.category().equals("oem-command") && e.subject().equals(id)
                && e.message().contains(to)).count();
    }

    /** GET the vendor state as any client would; waits out a 429's Retry-After so the test keeps the quota rule too. */
    private HttpResponse<String> vendorGet() {
        try {
            for (int i = 0; ; i++) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + vendorPort()
                                + "/api/v1/state")).header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(10))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 429 || i >= 5) {
                    return r;
                }
                Thread.sleep(1000L * Long.parseLong(r.headers().firstValue("Retry-After").orElse("1")));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private int vendorPort() throws Exception {
        EdgeOptions.await("the vendor API listening", 30_000, () -> vendorMetricsReference().isPresent());
        return (Integer) vendorMetricsReference().orElseThrow().getProperty("sim.vendorApi.port");
    }

    private Optional<ServiceReference<MetricsSource>> vendorMetricsReference() {
        try {
            return context.getServiceReferences(MetricsSource.class, "(sim.vendorApi.port=*)").stream().findFirst();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private MetricsSource vendorMetrics() {
        return context.getService(vendorMetricsReference().orElseThrow());
    }

    private MetricsSource oemMetrics() throws Exception {
        return context.getService(context.getServiceReferences(MetricsSource.class,
                "(component.name=org.thermalcommons.edge.oem.OemComponent)").iterator().next());
    }

    private String oemHealth() {
        try {
            for (ServiceReference<HealthIndicator> r : context.getServiceReferences(HealthIndicator.class, null)) {
                HealthIndicator h = context.getService(r);
                if (h != null && h.component().equals("oem")) {
                    return h.health().status() + " " + h.health().detail();
                }
            }
            return "no oem health";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counters and gauges by name; samples with labels are summed under their name. */
    private static Map<String, Double> metrics(MetricsSource source) {
        Map<String, Double> out = new HashMap<>();
        source.collect(new MetricsCollector() {
            @Override
            public void counter(String name, String help, Map<String, String> labels, double value) {
                out.merge(name, value, Double::sum);
            }

            @Override
            public void gauge(String name, String help, Map<String, String> labels, double value) {
                out.merge(name, value, Double::sum);
            }
        });
        return new TreeMap<>(out);
    }

    /** Writes a configuration file atomically (the config bundle never sees half a file). */
    private static void write(Path etc, String name, String content) throws Exception {
        Path tmp = Files.createTempFile(etc.getParent(), "oem-http-it", ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, etc.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
