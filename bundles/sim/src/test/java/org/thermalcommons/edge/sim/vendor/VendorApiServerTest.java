package org.thermalcommons.edge.sim.vendor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The component and its Jetty listener over real loopback HTTP (free port, JDK client, bounded timeouts). */
class VendorApiServerTest {
    private static final String TOKEN = VendorDeviceTest.TOKEN;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private VendorHeatPumpComponent component;

    /** The component's configuration with test values. */
    static class Cfg implements VendorHeatPumpComponent.Config {
        String host = "127.0.0.1";
        int port = 0;
        int quotaRequests = 0;
        double errorRate = 0;
        int answerDelayMs = 0;
        int applyDelayMs = 300;
        String token = TOKEN;

        @Override
        public Class<? extends Annotation> annotationType() {
            return VendorHeatPumpComponent.Config.class;
        }

        @Override
        public String host() {
            return host;
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public String token() {
            return token;
        }

        @Override
        public double ratedKw() {
            return 4;
        }

        @Override
        public double dhwSetpointCelsius() {
            return 50;
        }

        @Override
        public int quotaRequests() {
            return quotaRequests;
        }

        @Override
        public int quotaWindowSeconds() {
            return 60;
        }

        @Override
        public double errorRate() {
            return errorRate;
        }

        @Override
        public double slowAnswerRate() {
            return 0;
        }

        @Override
        public int slowAnswerMs() {
            return 0;
        }

        @Override
        public int answerDelayMs() {
            return answerDelayMs;
        }

        @Override
        public int applyDelayMs() {
            return applyDelayMs;
        }

        @Override
        public int maxBodyBytes() {
            return 4096;
        }

        @Override
        public long seed() {
            return 1;
        }
    }

    private VendorHeatPumpComponent start(Cfg c) throws Exception {
        component = new VendorHeatPumpComponent();
        component.clock = () -> Instant.parse("2026-03-02T02:00:00Z");
        component.activate(c, null);
        return component;
    }

    @AfterEach
    void stop() throws Exception {
        if (component != null) {
            component.deactivate();
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder to(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + component.port() + path));
    }

    @Test
    void portZeroListensOnAFreePortAndAnswersTheStateWithTheToken() throws Exception {
        start(new Cfg());
        assertThat(component.port()).isPositive();
        assertThat(send(to("/api/v1/state").GET()).statusCode()).isEqualTo(401);
        HttpResponse<String> ok = send(to("/api/v1/state").header("Authorization", "Bearer " + TOKEN).GET());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(ok.body()).contains("\"mode\":\"normal\"").contains("\"dhwSetpointCelsius\":50.0");
    }

    @Test
    void aPutModeShowsInTheStateOnceTheDeviceAppliedIt() throws Exception {
        start(new Cfg());
        HttpResponse<String> put = send(to("/api/v1/mode").header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"mode\":\"eco\",\"dhwSetpointCelsius\":48}")));
        assertThat(put.statusCode()).isEqualTo(202);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String state;
        do {
            state = send(to("/api/v1/state").header("Authorization", "Bearer " + TOKEN).GET()).body();
            Thread.sleep(20);
        } while (!state.contains("\"mode\":\"eco\"") && System.nanoTime() < deadline);
        assertThat(state).contains("\"mode\":\"eco\"").contains("\"dhwSetpointCelsius\":48.0");
        assertThat(component.counters().modesApplied.sum()).isEqualTo(1);
    }

    @Test
    void aBodyOverTheLimitIs413WithoutBeingApplied() throws Exception {
        start(new Cfg());
        String big = "{\"mode\":\"eco\",\"pad\":\"" + "x".repeat(5000) + "\"}";
        HttpResponse<String> r = send(to("/api/v1/mode").header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(big)));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(component.counters().rejections.of("max-size")).isEqualTo(1);
        assertThat(component.counters().modesAccepted.sum()).isZero();
    }

    @Test
    void overTheQuotaTheAnswerIs429WithRetryAfter() throws Exception {
        Cfg c = new Cfg();
        c.quotaRequests = 2;
        start(c);
        for (int i = 0; i < 2; i++) {
            assertThat(send(to("/api/v1/state").header("Authorization", "Bearer " + TOKEN).GET()).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> limited = send(to("/api/v1/state").header("Authorization", "Bearer " + TOKEN).GET());
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After").map(Long::parseLong)).hasValueSatisfying(
                s -> assertThat(s).isBetween(1L, 60L));
    }

    @Test
    void aSlowDeviceAnswersNoSoonerThanItsDelay() throws Exception {
        Cfg c = new Cfg();
        c.answerDelayMs = 300;
        start(c);
        long t0 = System.nanoTime();
        assertThat(send(to("/api/v1/state").header("Authorization", "Bearer " + TOKEN).GET()).statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void faultsChangeInPlaceAndAnInvalidChangeKeepsThePreviousSettings() throws Exception {
        Cfg c = new Cfg();
        start(c);
        int port = component.port();
        Cfg failing = new Cfg();
        failing.errorRate = 1;
        component.modified(failing, null);
        assertThat(component.port()).isEqualTo(port);
        assertThat(send(to("/api/v1/state").header("Authorization", "Bearer " + TOKEN).GET()).statusCode()).isEqualTo(500);
        Cfg invalid = new Cfg();
        invalid.token = "short";
        component.modified(invalid, null);
        assertThat(send(to("/api/v1/state").header("Authorization", "Bearer " + TOKEN).GET()).statusCode()).isEqualTo(500);
    }

    @Test
    void aNonLoopbackAddressOrAShortTokenIsRefusedAtActivation() {
        Cfg remote = new Cfg();
        remote.host = "192.0.2.1";
        assertThatThrownBy(() -> start(remote)).hasMessageContaining("loopback");
        component = null;
        Cfg weak = new Cfg();
        weak.token = "abc";
        assertThatThrownBy(() -> start(weak)).hasMessageContaining("token must be 16-256 characters");
        component = null;
    }
}
