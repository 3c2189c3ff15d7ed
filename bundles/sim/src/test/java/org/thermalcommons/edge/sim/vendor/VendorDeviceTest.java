package org.thermalcommons.edge.sim.vendor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.sim.vendor.VendorExchange.Answer;
import org.thermalcommons.edge.sim.vendor.VendorExchange.Request;

/** The vendor API's answers, request by request, on injected wall and simulated clocks (no HTTP, no sleeping). */
class VendorDeviceTest {
    static final String TOKEN = "test-token-0123456789";
    private static final long MS = 1_000_000L;
    private final AtomicLong wall = new AtomicLong(1_000 * MS);
    private final AtomicReference<Instant> sim = new AtomicReference<>(Instant.parse("2026-03-02T02:00:00Z"));
    private final VendorCounters counters = new VendorCounters();

    static VendorSettings settings(int quota, double errorRate, long applyDelayMs) {
        return new VendorSettings(TOKEN, quota, Duration.ofSeconds(60), errorRate, 0, Duration.ZERO, Duration.ZERO,
                Duration.ofMillis(applyDelayMs), 4096, 7);
    }

    private VendorDevice device(VendorSettings s) {
        return new VendorDevice(s, new VendorHeatPump(4, 50, sim.get()), sim::get, wall::get, counters);
    }

    private static Request get(String path, String token) {
        return new Request("GET", path, Optional.ofNullable(token).map(t -> "Bearer " + t), Optional.empty(), new byte[0], false);
    }

    private static Request put(String json) {
        return new Request("PUT", VendorDevice.MODE, Optional.of("Bearer " + TOKEN), Optional.of("application/json"),
                json.getBytes(StandardCharsets.UTF_8), false);
    }

    @Test
    void withoutTheRightTokenEveryRequestIs401() {
        VendorDevice d = device(settings(0, 0, 0));
        assertThat(d.handle(get(VendorDevice.STATE, null)).status()).isEqualTo(401);
        assertThat(d.handle(get(VendorDevice.STATE, "wrong-token-0123456789")).status()).isEqualTo(401);
        Answer a = d.handle(new Request("PUT", VendorDevice.MODE, Optional.of("Basic abc"), Optional.of("application/json"),
                "{\"mode\":\"eco\"}".getBytes(StandardCharsets.UTF_8), false));
        assertThat(a.status()).isEqualTo(401);
        assertThat(a.headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"vendor-heatpump\"");
        assertThat(d.handle(get(VendorDevice.STATE, TOKEN)).status()).isEqualTo(200);
        assertThat(counters.unauthorised.sum()).isEqualTo(3);
    }

    @Test
    void overTheQuotaIs429WithRetryAfterUntilTheOldestRequestLeavesTheWindow() {
        VendorDevice d = device(settings(3, 0, 0));
        for (int i = 0; i < 3; i++) {
            assertThat(d.handle(get(VendorDevice.STATE, TOKEN)).status()).isEqualTo(200);
            wall.addAndGet(10_000 * MS);
        }
        // 30 s after the first request: it leaves the 60 s window in 30 s.
        Answer limited = d.handle(get(VendorDevice.STATE, TOKEN));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.headers()).containsEntry("Retry-After", "30");
        wall.addAndGet(29_000 * MS);
        assertThat(d.handle(get(VendorDevice.STATE, TOKEN)).headers()).containsEntry("Retry-After", "1");
        wall.addAndGet(1_000 * MS);
        assertThat(d.handle(get(VendorDevice.STATE, TOKEN)).status()).isEqualTo(200);
        assertThat(counters.rateLimited.sum()).isEqualTo(2);
        assertThat(counters.rateLimitedRunMax()).isEqualTo(2);
    }

    @Test
    void aModeIsAcceptedAtOnceButTheStateShowsItOnlyAfterTheApplyDelay() {
        VendorDevice d = device(settings(0, 0, 2_000));
        Answer accepted = d.handle(put("{\"mode\":\"eco\",\"dhwSetpointCelsius\":48}"));
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.json()).contains("\"mode\":\"eco\"").contains("\"appliesInMs\":2000");
        assertThat(d.handle(get(VendorDevice.STATE, TOKEN)).json()).contains("\"mode\":\"normal\"")
                .contains("\"dhwSetpointCelsius\":50.0");
        wall.addAndGet(1_999 * MS);
        d.tick();
        assertThat(d.handle(get(VendorDevice.STATE, TOKEN)).json()).contains("\"mode\":\"normal\"");
        wall.addAndGet(MS);
        assertThat(d.handle(get(VendorDevice.STATE, TOKEN)).json()).contains("\"mode\":\"eco\"")
                .contains("\"dhwSetpointCelsius\":48.0");
        assertThat(counters.modesApplied.sum()).isEqualTo(1);
    }

    @Test
    void aNewerModeReplacesOneStillPending() {
        VendorDevice d = device(settings(0, 0, 1_000));
        d.handle(put("{\"mode\":\"off\"}"));
        wall.addAndGet(500 * MS);
        d.handle(put("{\"mode\":\"boost\"}"));
        wall.addAndGet(600 * MS);
        assertThat(d.handle(get(VendorDevice.STATE, TOKEN)).json()).contains("\"mode\":\"normal\"");
        wall.addAndGet(400 * MS);
        assertThat(d.handle(get(VendorDevice.STATE, TOKEN)).json()).contains("\"mode\":\"boost\"");
        assertThat(counters.modesApplied.sum()).isEqualTo(1);
    }

    @Test
    void theSameModeAgainKeepsThePendingScheduleAndChangesNothingWhenAlreadyInForce() {
        VendorDevice d = device(settings(0, 0, 1_000));
        d.handle(put("{\"mode\":\"eco\",\"dhwSetpointCelsius\":48}"));
        wall.addAndGet(800 * MS);
        d.handle(put("{\"mode\":\"eco\",\"dhwSetpointCelsius\":48}"));
        wall.addAndGet(200 * MS);
        assertThat(d.handle(get(VendorDevice.STATE, TOKEN)).json()).contains("\"mode\":\"eco\"");
        d.handle(put("{\"mode\":\"eco\",\"dhwSetpointCelsius\":48}"));
        d.handle(put("{\"mode\":\"eco\"}"));
        wall.addAndGet(5_000 * MS);
        d.tick();
        assertThat(counters.modesApplied.sum()).isEqualTo(1);
        assertThat(counters.modesAccepted.sum()).isEqualTo(4);
    }

    @Test
    void invalidBodiesAreRefusedWithTheirRuleAndCounted() {
        VendorDevice d = device(settings(0, 0, 0));
        assertThat(d.handle(put("{\"mode\":\"turbo\"}")).json()).contains("mode-value");
        assertThat(d.handle(put("{\"mode\":\"eco\",\"dhwSetpointCelsius\":90}")).json()).contains("setpoint-range");
        assertThat(d.handle(put("{\"mode\":\"eco\",\"dhwSetpointCelsius\":\"48\"}")).json()).contains("setpoint-type");
        assertThat(d.handle(put("{\"mode\":\"eco\",\"fan\":1}")).json()).contains("unknown-field");
        assertThat(d.handle(put("{\"dhwSetpointCelsius\":48}")).json()).contains("mode-required");
        assertThat(d.handle(put("[1]")).json()).contains("json-type");
        assertThat(d.handle(put("{\"mode\":\"eco\"")).status()).isEqualTo(400);
        assertThat(d.handle(put("{\"mode\":\"eco\",\"mode\":\"off\"}")).json()).contains("duplicate-key");
        assertThat(d.handle(new Request("PUT", VendorDevice.MODE, Optional.of("Bearer " + TOKEN), Optional.of("text/plain"),
                "{\"mode\":\"eco\"}".getBytes(StandardCharsets.UTF_8), false)).status()).isEqualTo(415);
        assertThat(d.handle(new Request("PUT", VendorDevice.MODE, Optional.of("Bearer " + TOKEN), Optional.of("application/json"),
                new byte[0], true)).status()).isEqualTo(413);
        assertThat(counters.rejections.total()).isEqualTo(10);
        assertThat(counters.rejections.of("max-size")).isEqualTo(1);
        assertThat(d.handle(get(VendorDevice.STATE, TOKEN)).json()).contains("\"mode\":\"normal\"");
    }

    @Test
    void unknownPathsAre404AndWrongMethods405() {
        VendorDevice d = device(settings(0, 0, 0));
        assertThat(d.handle(get("/api/v2/state", TOKEN)).status()).isEqualTo(404);
        Answer a = d.handle(get(VendorDevice.MODE, TOKEN));
        assertThat(a.status()).isEqualTo(405);
        assertThat(a.headers()).containsEntry("Allow", "PUT");
    }

    @Test
    void theInjectedErrorRateIsSeededAndRoughlyAsConfigured() {
        VendorDevice a = device(settings(0, 0.3, 0));
        VendorDevice b = new VendorDevice(settings(0, 0.3, 0), new VendorHeatPump(4, 50, sim.get()), sim::get, wall::get,
                new VendorCounters());
        StringBuilder first = new StringBuilder();
        StringBuilder second = new StringBuilder();
        int errors = 0;
        for (int i = 0; i < 1_000; i++) {
            int s = a.handle(get(VendorDevice.STATE, TOKEN)).status();
            first.append(s == 500 ? 'x' : '.');
            second.append(b.handle(get(VendorDevice.STATE, TOKEN)).status() == 500 ? 'x' : '.');
            errors += s == 500 ? 1 : 0;
        }
        assertThat(first.toString()).isEqualTo(second.toString());
        assertThat(errors).isBetween(240, 360);
        assertThat(counters.injectedErrors.sum()).isEqualTo(errors);
    }

    @Test
    void theHeatPumpsPhysicsFollowTheSimulatedClock() {
        VendorDevice d = device(settings(0, 0, 0));
        d.handle(put("{\"mode\":\"off\"}"));
        d.tick();
        String before = d.handle(get(VendorDevice.STATE, TOKEN)).json();
        sim.set(sim.get().plus(Duration.ofHours(2)));
        String after = d.handle(get(VendorDevice.STATE, TOKEN)).json();
        assertThat(tank(after)).isLessThan(tank(before) - 1);
        assertThat(after).contains("\"compressorOn\":false").contains("\"electricKw\":0.0");
        d.handle(put("{\"mode\":\"boost\"}"));
        d.tick();
        sim.set(sim.get().plus(Duration.ofMinutes(30)));
        String boosted = d.handle(get(VendorDevice.STATE, TOKEN)).json();
        assertThat(tank(boosted)).isGreaterThan(tank(after) + 5);
    }

    private static double tank(String json) {
        int i = json.indexOf("\"tankCelsius\":") + "\"tankCelsius\":".length();
        return Double.parseDouble(json.substring(i, json.indexOf(',', i)));
    }
}
