package org.thermalcommons.edge.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermalcommons.edge.api.control.CycleContext;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.point.PointId;

/** Manual overrides are kept in the console's database: a restart sets them again until they expire. */
class OverrideRestartTest {
    @TempDir
    Path dir;

    /** A wall clock the test moves. */
    static final class MovableClock extends Clock {
        volatile Instant now = Instant.parse("2026-06-01T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** What the override controller requests in one cycle. */
    private static List<String> cycle(ConsoleServer s) {
        List<String> calls = new ArrayList<>();
        s.console.overrideController().run(new CycleContext() {
            @Override
            public long cycle() {
                return 1;
            }

            @Override
            public Instant now() {
                return Instant.EPOCH;
            }

            @Override
            public Duration period() {
                return Duration.ofSeconds(1);
            }

            @Override
            public PointSnapshot snapshot() {
                return new PointSnapshot(Instant.EPOCH, Map.of(), Map.of());
            }

            @Override
            public void request(PointId point, double value) {
                calls.add("request " + point + " " + value);
            }

            @Override
            public void release(PointId point) {
                calls.add("release " + point);
            }
        });
        return calls;
    }

    @Test
    void anOverrideWithAnExpirySurvivesARestartUntilItExpires() throws Exception {
        MovableClock clock = new MovableClock();
        try (ConsoleServer first = new ConsoleServer(dir, clock)) {
            ConsoleServer.Client admin = first.withUsers();
            assertThat(admin.send("POST", "/api/overrides",
                    "{\"point\":\"zone-1/cooling-setpoint\",\"value\":21.5,\"minutes\":60,\"confirm\":true}").statusCode())
                    .isEqualTo(201);
            assertThat(cycle(first)).containsExactly("request zone-1/cooling-setpoint 21.5");
        }

        clock.now = clock.now.plus(Duration.ofMinutes(20));
        try (ConsoleServer second = new ConsoleServer(dir, clock)) {
            assertThat(cycle(second)).as("held again after the restart").containsExactly("request zone-1/cooling-setpoint 21.5");
            ConsoleServer.Client admin = second.client();
            assertThat(admin.login("admin", ConsoleServer.PASSWORD).statusCode()).isEqualTo(200);
            assertThat(admin.get("/api/overrides").body()).contains("\"point\":\"zone-1/cooling-setpoint\"", "\"by\":\"admin\"",
                    "\"until\":" + Instant.parse("2026-06-01T11:00:00Z").toEpochMilli());
            assertThat(second.gateway.audit.events).anySatisfy(e -> assertThat(e.message()).contains("restored after a restart"));
        }

        clock.now = clock.now.plus(Duration.ofMinutes(41));
        try (ConsoleServer third = new ConsoleServer(dir, clock)) {
            assertThat(cycle(third)).as("expired while the gateway was down: not set again").isEmpty();
            assertThat(third.console.overrideController().all()).isEmpty();
        }
    }

    @Test
    void aClearedOverrideStaysClearedAfterARestart() throws Exception {
        MovableClock clock = new MovableClock();
        try (ConsoleServer first = new ConsoleServer(dir, clock)) {
            ConsoleServer.Client admin = first.withUsers();
            admin.send("POST", "/api/overrides", "{\"point\":\"zone-1/cooling-setpoint\",\"value\":22,\"minutes\":60,\"confirm\":true}");
            assertThat(admin.send("DELETE", "/api/overrides/zone-1/cooling-setpoint", null).statusCode()).isEqualTo(200);
        }
        try (ConsoleServer second = new ConsoleServer(dir, clock)) {
            assertThat(second.console.overrideController().all()).isEmpty();
        }
    }
}
