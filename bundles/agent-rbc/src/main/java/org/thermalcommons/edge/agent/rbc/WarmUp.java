package org.thermalcommons.edge.agent.rbc;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import org.thermalcommons.edge.api.control.CycleContext;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.market.GridStress;
import org.thermalcommons.edge.api.point.Limits;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.point.Unit;

/**
 * Runs a throw-away agent a few times on a made-up zone at activation, so the first real cycle does not pay for class
 * loading and interpretation (on a loaded 2-core box that alone overran the 50 ms budget three cycles in a row and got
 * the agent isolated). Nothing it requests goes anywhere.
 */
final class WarmUp {
    private WarmUp() {
    }

    static void run(AgentSettings s) {
        Agent a = new Agent(s, t -> GridStress.NORMAL).quiet();
        PointId temp = PointId.of("warm-up", "temp");
        PointId sp = PointId.of("warm-up", "cooling-setpoint");
        PointId kw = PointId.of("warm-up", "cooling-power");
        Map<PointId, PointDefinition> defs = new HashMap<>();
        defs.put(temp, PointDefinition.readOnly(temp, Role.ZONE_AIR_TEMPERATURE_SENSOR, Unit.CELSIUS, Duration.ofMinutes(1)));
        defs.put(sp, PointDefinition.writable(sp, Role.ZONE_AIR_COOLING_TEMPERATURE_SETPOINT, Unit.CELSIUS, Limits.of(18, 30),
                Duration.ofMinutes(1), OptionalDouble.empty()));
        defs.put(kw, PointDefinition.readOnly(kw, Role.COOLING_POWER_SENSOR, Unit.KILOWATT, Duration.ofMinutes(1)));
        Instant t0 = Instant.parse("2026-01-05T03:00:00Z");
        for (int i = 0; i < 20; i++) {
            Instant now = t0.plus(Duration.ofMinutes(i));
            Map<PointId, PointValue> values = Map.of(temp, PointValue.good(temp, 24 + i % 3, Unit.CELSIUS, now),
                    kw, PointValue.good(kw, 5, Unit.KILOWATT, now));
            PointSnapshot snap = new PointSnapshot(now, defs, values);
            a.run(new CycleContext() {
                @Override
                public long cycle() {
                    return 0;
                }

                @Override
                public Instant now() {
                    return now;
                }

                @Override
                public Duration period() {
                    return Duration.ofMinutes(1);
                }

                @Override
                public PointSnapshot snapshot() {
                    return snap;
                }

                @Override
                public void request(PointId point, double value) {
                }

                @Override
                public void release(PointId point) {
                }
            });
            a.flexibility().offer(Agent.ID, now, Duration.ofMinutes(15));
        }
    }
}
