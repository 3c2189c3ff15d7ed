package org.thermalcommons.edge.console.override;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.control.CycleContext;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.control.WritePriority;
import org.thermalcommons.edge.api.point.PointId;

class OverrideControllerTest {
    static final PointId P = PointId.of("zone-1", "cooling-setpoint");

    /** Records what the controller asks the cycle for. */
    static final class Ctx implements CycleContext {
        final List<String> calls = new ArrayList<>();

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
    }

    @Test
    void requestsTheOverriddenPointAtManualOverridePriorityUntilExpiryThenReleasesItOnce() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Clock[] clock = {Clock.fixed(t0, ZoneOffset.UTC)};
        List<ManualOverride> expired = new ArrayList<>();
        OverrideController c = new OverrideController(new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return clock[0].instant();
            }
        }, expired::add);
        assertThat(c.priority()).isEqualTo(WritePriority.MANUAL_OVERRIDE);
        c.set(new ManualOverride(P, 21.5, t0.plus(Duration.ofMinutes(30)), "installer", t0));

        Ctx first = new Ctx();
        c.run(first);
        assertThat(first.calls).containsExactly("request zone-1/cooling-setpoint 21.5");

        clock[0] = Clock.fixed(t0.plus(Duration.ofMinutes(29)), ZoneOffset.UTC);
        Ctx before = new Ctx();
        c.run(before);
        assertThat(before.calls).containsExactly("request zone-1/cooling-setpoint 21.5");

        clock[0] = Clock.fixed(t0.plus(Duration.ofMinutes(30)), ZoneOffset.UTC);
        Ctx atExpiry = new Ctx();
        c.run(atExpiry);
        assertThat(atExpiry.calls).containsExactly("release zone-1/cooling-setpoint");
        assertThat(expired).extracting(ManualOverride::value).containsExactly(21.5);

        Ctx after = new Ctx();
        c.run(after);
        assertThat(after.calls).isEmpty();
        assertThat(c.all()).isEmpty();
    }

    @Test
    void aClearedOverrideIsReleasedOnTheNextCycle() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        OverrideController c = new OverrideController(Clock.fixed(t0, ZoneOffset.UTC), o -> { });
        c.set(new ManualOverride(P, 22, t0.plusSeconds(600), "admin", t0));
        c.run(new Ctx());
        assertThat(c.clear(P)).isPresent();
        Ctx next = new Ctx();
        c.run(next);
        assertThat(next.calls).containsExactly("release zone-1/cooling-setpoint");
        assertThat(c.clear(P)).isEmpty();
    }
}
