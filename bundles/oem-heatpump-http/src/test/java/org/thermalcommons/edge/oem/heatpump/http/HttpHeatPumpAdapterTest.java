package org.thermalcommons.edge.oem.heatpump.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.health.Health;
import org.thermalcommons.edge.api.oem.OemAction;
import org.thermalcommons.edge.api.oem.OemResult;
import org.thermalcommons.edge.api.oem.OemResult.Outcome;
import org.thermalcommons.edge.api.oem.RateLimits;

/** Every kind of vendor answer, from a scripted JDK HTTP server on a free loopback port, mapped to a command outcome. */
class HttpHeatPumpAdapterTest {
    private static final String TOKEN = "secret-token-0123456789";
    private static final OemAction ECO_48 = new OemAction("eco", Map.of("dhwSetpointCelsius", 48.0));

    /** What the scripted server answers. */
    interface Script {
        void answer(HttpExchange x) throws Exception;
    }

    private record Seen(String method, String path, String authorization, String contentType, String body) {
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final ExecutorService serverThreads = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile Script script;
    private HttpServer server;
    private HttpHeatPumpAdapter adapter;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", x -> {
            try {
                seen.add(new Seen(x.getRequestMethod(), x.getRequestURI().getPath(), x.getRequestHeaders().getFirst("Authorization"),
                        x.getRequestHeaders().getFirst("Content-Type"),
                        new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                script.answer(x);
            } catch (IOException e) {
                // the client went away (cut body, timeout): nothing to answer
            } catch (Exception e) {
                throw new IOException(e);
            } finally {
                x.close();
            }
        });
        server.setExecutor(serverThreads);
        server.start();
        adapter = adapter(options(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Duration.ofSeconds(5), 4096));
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        adapter.deactivate();
        server.stop(0);
        serverThreads.shutdownNow();
    }

    private static AdapterOptions options(URI base, Duration callTimeout, int maxBytes) {
        return new AdapterOptions("heatpump-2", base, TOKEN, new RateLimits(10, 200, 2000), Duration.ofSeconds(2),
                callTimeout, Duration.ofSeconds(3), maxBytes, 35, 65, 0.25);
    }

    private static HttpHeatPumpAdapter adapter(AdapterOptions o) {
        HttpHeatPumpAdapter a = new HttpHeatPumpAdapter();
        a.start(o, HttpClient.newBuilder().connectTimeout(o.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build());
        return a;
    }

    private static Script json(int status, String body, String... headers) {
        return x -> {
            for (int i = 0; i < headers.length; i += 2) {
                x.getResponseHeaders().add(headers[i], headers[i + 1]);
            }
            x.getResponseHeaders().add("Content-Type", "application/json");
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
            if (b.length > 0) {
                x.getResponseBody().write(b);
            }
        };
    }

    private static String state(String mode, double setpoint) {
        return "{\"mode\":\"" + mode + "\",\"dhwSetpointCelsius\":" + setpoint + ",\"tankCelsius\":47.5,\"compressorOn\":true,"
                + "\"electricKw\":2.0}";
    }

    @Test
    void sendPutsTheModeAndSetpointAsJsonWithTheBearerTokenAndA202IsOk() throws Exception {
        script = json(202, "{\"accepted\":{\"mode\":\"eco\",\"dhwSetpointCelsius\":48.0},\"appliesInMs\":2000}");
        OemResult r = adapter.send(ECO_48);
        assertThat(r.outcome()).isEqualTo(Outcome.OK);
        assertThat(r.detail()).startsWith("PUT /api/v1/mode: HTTP 202 accepted");
        assertThat(seen).singleElement().satisfies(s -> {
            assertThat(s.method()).isEqualTo("PUT");
            assertThat(s.path()).isEqualTo("/api/v1/mode");
            assertThat(s.authorization()).isEqualTo("Bearer " + TOKEN);
            assertThat(s.contentType()).isEqualTo("application/json");
            assertThat(s.body()).isEqualTo("{\"mode\":\"eco\",\"dhwSetpointCelsius\":48.0}");
        });
        assertThat(adapter.counters().calls("send", Outcome.OK)).isEqualTo(1);
    }

    @Test
    void anActionWithoutSetpointSendsTheModeOnly() throws Exception {
        script = json(204, "");
        assertThat(adapter.send(OemAction.of("boost")).outcome()).isEqualTo(Outcome.OK);
        assertThat(seen.get(0).body()).isEqualTo("{\"mode\":\"boost\"}");
    }

    @Test
    void verifyIsOkOnlyWhenTheStateReadBackCarriesOutTheAction() throws Exception {
        script = json(200, state("normal", 50));
        OemResult notYet = adapter.verify(ECO_48);
        assertThat(notYet.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(notYet.detail()).contains("device reports mode normal").contains("not yet eco at 48.0 °C");
        script = json(200, state("eco", 50));
        assertThat(adapter.verify(ECO_48).outcome()).isEqualTo(Outcome.RETRY);
        script = json(200, state("eco", 48.2));
        OemResult ok = adapter.verify(ECO_48);
        assertThat(ok.outcome()).isEqualTo(Outcome.OK);
        assertThat(ok.detail()).isEqualTo("GET /api/v1/state: mode eco, hot water setpoint 48.2 °C, tank 47.5 °C, 2.0 kW");
        assertThat(adapter.verify(OemAction.of("eco")).outcome()).isEqualTo(Outcome.OK);
        assertThat(seen).allSatisfy(s -> assertThat(s.method()).isEqualTo("GET"));
        assertThat(adapter.counters().notYet.sum()).isEqualTo(2);
    }

    @Test
    void a401IsRefusedWithTheStatusAndAnExcerptOfTheBody() throws Exception {
        script = json(401, "{\"error\":\"unauthorised\",\"message\":\"missing or wrong bearer token\"}",
                "WWW-Authenticate", "Bearer");
        OemResult r = adapter.send(ECO_48);
        assertThat(r.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(r.detail()).startsWith("PUT /api/v1/mode: HTTP 401 {\"error\":\"unauthorised\"")
                .endsWith("(check the adapter's token)");
        assertThat(adapter.verify(ECO_48).outcome()).isEqualTo(Outcome.REFUSED);
    }

    @Test
    void a404IsRefused() throws Exception {
        script = json(404, "{\"error\":\"not-found\"}");
        OemResult r = adapter.send(ECO_48);
        assertThat(r.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(r.detail()).isEqualTo("PUT /api/v1/mode: HTTP 404 {\"error\":\"not-found\"}");
        assertThat(adapter.health().status()).isEqualTo(Health.Status.UP);
    }

    @Test
    void a429IsRetriedAfterTheSecondsOfItsRetryAfter() throws Exception {
        script = json(429, "{\"error\":\"rate-limited\"}", "Retry-After", "17");
        OemResult r = adapter.send(ECO_48);
        assertThat(r.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(r.retryAfter()).contains(Duration.ofSeconds(17));
        assertThat(r.detail()).contains("HTTP 429").contains("retry after 17 s");
        assertThat(adapter.health().status()).isEqualTo(Health.Status.DEGRADED);
    }

    @Test
    void a429WithAnHttpDateWaitsUntilThatDateAndWithoutAUsableOneLeavesTheWaitToTheLog() throws Exception {
        String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(60));
        script = json(429, "{}", "Retry-After", inAMinute);
        assertThat(adapter.verify(ECO_48).retryAfter()).hasValueSatisfying(
                d -> assertThat(d).isBetween(Duration.ofSeconds(50), Duration.ofSeconds(61)));
        script = json(429, "{}", "Retry-After", "soon");
        OemResult r = adapter.send(ECO_48);
        assertThat(r.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(r.retryAfter()).isEmpty();
        assertThat(r.detail()).contains("no usable Retry-After");
    }

    @Test
    void a500IsRetriedAndA503WithRetryAfterWaitsForIt() throws Exception {
        script = json(500, "{\"error\":\"internal\"}");
        OemResult r = adapter.send(ECO_48);
        assertThat(r.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(r.retryAfter()).isEmpty();
        assertThat(r.detail()).isEqualTo("PUT /api/v1/mode: HTTP 500 {\"error\":\"internal\"}");
        assertThat(adapter.health()).isEqualTo(Health.degraded("vendor API: " + r.detail()));
        script = json(503, "", "Retry-After", "5");
        assertThat(adapter.verify(ECO_48).retryAfter()).contains(Duration.ofSeconds(5));
        script = json(200, state("eco", 48));
        assertThat(adapter.verify(ECO_48).outcome()).isEqualTo(Outcome.OK);
        assertThat(adapter.health().status()).isEqualTo(Health.Status.UP);
    }

    @Test
    void anAnswerSlowerThanTheCallTimeoutIsRetriedWithoutWaitingForIt() throws Exception {
        adapter.deactivate();
        adapter = adapter(options(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Duration.ofMillis(300), 4096));
        script = x -> {
            release.await(30, TimeUnit.SECONDS);
            json(200, state("eco", 48)).answer(x);
        };
        long t0 = System.nanoTime();
        OemResult r = adapter.verify(ECO_48);
        assertThat(r.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(r.detail()).isEqualTo("GET /api/v1/state: no answer from 127.0.0.1:" + server.getAddress().getPort()
                + " within 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
        assertThat(adapter.counters().answers("timeout")).isEqualTo(1);
    }

    @Test
    void anOversizedAnswerIsCutAtTheLimitAndNotTrusted() throws Exception {
        script = x -> {
            x.sendResponseHeaders(200, 0);
            try (OutputStream out = x.getResponseBody()) {
                byte[] chunk = ("{\"mode\":\"eco\",\"pad\":\"" + "x".repeat(8192)).getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < 128; i++) {
                    out.write(chunk);
                }
            }
        };
        OemResult r = adapter.verify(ECO_48);
        assertThat(r.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(r.detail()).isEqualTo("GET /api/v1/state: HTTP 200 answer longer than 4096 bytes (not read further, not trusted)");
        assertThat(adapter.counters().rejections.of("max-size")).isEqualTo(1);
        assertThat(adapter.send(ECO_48).outcome()).isEqualTo(Outcome.RETRY);
    }

    @Test
    void anOversizedErrorBodyStillGivesTheStatusWithAShortExcerpt() throws Exception {
        script = json(400, "{\"error\":\"" + "y".repeat(10_000) + "\"}");
        OemResult r = adapter.send(ECO_48);
        assertThat(r.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(r.detail()).startsWith("PUT /api/v1/mode: HTTP 400 {\"error\":\"yyy").endsWith("...");
        assertThat(r.detail().length()).isLessThan(300);
    }

    @Test
    void aStateThatIsNotValidJsonOrLacksItsFieldsIsRetriedAndCountedByRule() throws Exception {
        script = json(200, "{\"mode\":\"eco\",");
        OemResult broken = adapter.verify(ECO_48);
        assertThat(broken.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(broken.detail()).contains("answer not understood").contains("[rule json-syntax]");
        script = json(200, "{\"mode\":\"turbo\",\"dhwSetpointCelsius\":48}");
        assertThat(adapter.verify(ECO_48).detail()).contains("/mode").contains("[rule state-mode]");
        script = json(200, "{\"mode\":\"eco\",\"dhwSetpointCelsius\":\"48\"}");
        assertThat(adapter.verify(ECO_48).detail()).contains("[rule state-setpoint]");
        script = json(200, "[]");
        assertThat(adapter.verify(ECO_48).detail()).contains("[rule state-type]");
        script = json(202, "accepted!");
        assertThat(adapter.send(ECO_48).outcome()).isEqualTo(Outcome.RETRY);
        assertThat(adapter.counters().rejections.total()).isEqualTo(5);
        assertThat(adapter.counters().answers("invalid")).isEqualTo(5);
    }

    @Test
    void aDeviceThatDoesNotListenIsRetried() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        adapter.deactivate();
        adapter = adapter(options(URI.create("http://127.0.0.1:" + closed), Duration.ofSeconds(5), 4096));
        OemResult r = adapter.send(ECO_48);
        assertThat(r.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(r.detail()).startsWith("PUT /api/v1/mode: cannot connect to 127.0.0.1:" + closed);
        assertThat(adapter.health().status()).isEqualTo(Health.Status.DEGRADED);
    }

    @Test
    void aRedirectIsRefusedNotFollowed() throws Exception {
        script = json(302, "", "Location", "http://192.0.2.1/api/v1/mode");
        OemResult r = adapter.send(ECO_48);
        assertThat(r.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(r.detail()).contains("HTTP 302").contains("redirects are not followed");
        assertThat(seen).hasSize(1);
    }

    @Test
    void actionsTheDeviceCannotCarryOutAreRefusedBeforeAnythingIsSent() throws Exception {
        script = json(202, "{}");
        assertThat(adapter.send(OemAction.of("defrost")).detail()).isEqualTo("not sent: action 'defrost' is not one of boost, normal, eco, off");
        assertThat(adapter.send(new OemAction("eco", Map.of("fanSpeedPercent", 50.0))).detail()).contains("parameter 'fanSpeedPercent'");
        assertThat(adapter.send(new OemAction("boost", Map.of("dhwSetpointCelsius", 80.0))).detail()).contains("80.0 is outside 35.0..65.0");
        assertThat(adapter.verify(OemAction.of("defrost")).outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(seen).isEmpty();
        assertThat(adapter.counters().calls("send", Outcome.REFUSED)).isEqualTo(3);
    }

    @Test
    void stoppingTheAdapterEndsACallInFlightAtOnce() throws Exception {
        script = x -> {
            release.await(30, TimeUnit.SECONDS);
            json(200, state("eco", 48)).answer(x);
        };
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<OemResult> call = caller.submit(() -> adapter.verify(ECO_48));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (seen.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            adapter.deactivate();
            OemResult r = call.get(4, TimeUnit.SECONDS);
            assertThat(r.outcome()).isEqualTo(Outcome.RETRY);
            assertThat(r.detail()).isEqualTo("GET /api/v1/state: adapter stopped");
        } finally {
            caller.shutdownNow();
        }
    }

    @Test
    void anInterruptedCallThrowsInterruptedException() throws Exception {
        script = x -> {
            release.await(30, TimeUnit.SECONDS);
            json(200, state("eco", 48)).answer(x);
        };
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<Object> call = caller.submit(() -> {
                try {
                    return adapter.send(ECO_48);
                } catch (InterruptedException e) {
                    return e;
                }
            });
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (seen.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            caller.shutdownNow();
            assertThat(caller.awaitTermination(4, TimeUnit.SECONDS)).isTrue();
            assertThat(call.get()).isInstanceOf(InterruptedException.class);
        } finally {
            caller.shutdownNow();
        }
    }

    @Test
    void theTokenAppearsInNoDetailAndNoDescription() throws Exception {
        for (Script s : List.of(json(401, "{}"), json(500, "{}"), json(429, "{}", "Retry-After", "1"), json(200, "{bad"))) {
            script = s;
            assertThat(adapter.send(ECO_48).detail()).doesNotContain(TOKEN);
            assertThat(adapter.verify(ECO_48).detail()).doesNotContain(TOKEN);
        }
        assertThat(options(URI.create("http://127.0.0.1:1"), Duration.ofSeconds(1), 4096).toString())
                .doesNotContain(TOKEN).contains("token (hidden)");
    }

    @Test
    void theHealthProbeReadsTheStateIntoHealthAndMetricsAndAWrongTokenDegradesIt() throws Exception {
        script = json(200, state("boost", 55));
        adapter.probe();
        assertThat(adapter.health()).isEqualTo(Health.up());
        Map<String, Double> gauges = new java.util.TreeMap<>();
        adapter.collect(new org.thermalcommons.edge.api.metrics.MetricsCollector() {
            @Override
            public void counter(String name, String help, Map<String, String> labels, double value) {
                gauges.put(name + labels.getOrDefault("operation", "") + labels.getOrDefault("outcome", ""), value);
            }

            @Override
            public void gauge(String name, String help, Map<String, String> labels, double value) {
                gauges.put(name, value);
            }
        });
        assertThat(gauges).containsEntry("cool_edge_oem_http_tank_celsius", 47.5)
                .containsEntry("cool_edge_oem_http_dhw_setpoint_celsius", 55.0)
                .containsEntry("cool_edge_oem_http_calls_totalprobeok", 1.0);
        script = json(401, "{}");
        adapter.probe();
        assertThat(adapter.health().status()).isEqualTo(Health.Status.DEGRADED);
        assertThat(adapter.health().detail()).contains("HTTP 401");
    }
}
