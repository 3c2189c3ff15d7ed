package org.thermalcommons.edge.bess;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.control.CycleContext;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.point.Limits;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.point.Unit;

/** Steps the plan follower through cycles against a snapshot (input, run, expected output). */
class DispatchComponentTest {
    static final PointId SP = PointId.parse("battery/power-setpoint");
    static final PointId SOC = PointId.parse("battery/soc");
    static final PointId PV = PointId.parse("pv/power");
    static final PointId LOAD = PointId.parse("site/load");
    static final double[] TOU = {0.10, 0.10, 0.10, 0.10, 0.10, 0.10, 0.10, 0.10, 0.20, 0.20, 0.20, 0.20, 0.20, 0.20, 0.20,
        0.20, 0.20, 0.50, 0.50, 0.50, 0.20, 0.10, 0.10, 0.10};

    private final DispatchComponent c = new DispatchComponent();

    static DispatchComponent.Settings settings(Optional<Template> mode, boolean solarOnly) {
        return new DispatchComponent.Settings(mode, Template.T0,
                new BatteryParams(200, 100, 100, 5, 95, 0.87, 1.0, solarOnly, 0.01), 15, 96, TOU, 0.5, 0, 5,
                ZoneOffset.ofHours(8), 50, 17, 21);
    }

    @AfterEach
    void stop() {
        c.deactivate();
    }

    Map<PointId, Double> step(Instant t, double soc, double pvKw, double loadKw) {
        Map<PointId, PointDefinition> defs = new HashMap<>();
        Map<PointId, PointValue> vals = new HashMap<>();
        defs.put(SP, PointDefinition.writable(SP, Role.BATTERY_POWER_SETPOINT, Unit.KILOWATT, Limits.of(-100, 100),
                Duration.ofSeconds(10), OptionalDouble.of(0)));
        put(defs, vals, SOC, Role.BATTERY_SOC, Unit.PERCENT, soc, t);
        put(defs, vals, PV, Role.PV_POWER_SENSOR, Unit.KILOWATT, pvKw, t);
        put(defs, vals, LOAD, Role.BUILDING_LOAD_POWER_SENSOR, Unit.KILOWATT, loadKw, t);
        PointSnapshot snap = new PointSnapshot(t, defs, vals);
        Map<PointId, Double> req = new LinkedHashMap<>();
        c.run(new CycleContext() {
            @Override
            public long cycle() {
                return 1;
            }

            @Override
            public Instant now() {
                return t;
            }

            @Override
            public Duration period() {
                return Duration.ofSeconds(60);
            }

            @Override
            public PointSnapshot snapshot() {
                return snap;
            }

            @Override
            public void request(PointId point, double value) {
                req.put(point, value);
            }

            @Override
            public void release(PointId point) {
                req.remove(point);
            }
        });
        return req;
    }

    private static void put(Map<PointId, PointDefinition> defs, Map<PointId, PointValue> vals, PointId id, Role role,
                            Unit unit, double v, Instant t) {
        defs.put(id, PointDefinition.readOnly(id, role, unit, Duration.ofSeconds(10)));
        vals.put(id, PointValue.good(id, v, unit, t));
    }

    @Test
    void lpPlanDischargesInTheExpensiveEveningAndPublishesThePlan() {
        c.start(settings(Optional.empty(), true));
        c.useDirectPlanner();
        // 18:00 local (10:00Z): price 0.50, no PV, 80 kW load, battery at 80 %.
        Instant evening = Instant.parse("2026-03-02T10:00:00Z");
        Map<PointId, Double> req = step(evening, 80, 0, 80);
        assertThat(c.currentPlan()).isPresent();
        assertThat(req.get(SP)).isGreaterThan(0).isLessThanOrEqualTo(100);
        assertThat(c.latestValues()).containsKeys(DispatchComponent.PLAN_KW, DispatchComponent.PLAN_SOC, DispatchComponent.MARGINAL);
        assertThat(c.latestValues().get(DispatchComponent.PLAN_KW).value()).isEqualTo(req.get(SP));
    }

    @Test
    void solarOnlyChargingIsCappedByTheMeasuredSurplus() {
        c.start(settings(Optional.of(Template.T0), true));
        c.useDirectPlanner();
        // 12:00 local, PV 150 kW against 100 kW load: at most 50 kW of charge.
        Map<PointId, Double> req = step(Instant.parse("2026-03-02T04:00:00Z"), 30, 150, 100);
        assertThat(req.get(SP)).isBetween(-50.0, 0.0);
        assertThat(req.get(SP)).isLessThan(0);
    }

    @Test
    void theFloorOfTheSocWindowIsNeverCrossed() {
        c.start(settings(Optional.empty(), true));
        c.useDirectPlanner();
        Map<PointId, Double> req = step(Instant.parse("2026-03-02T10:00:00Z"), 5, 0, 80);
        assertThat(req.get(SP)).isLessThanOrEqualTo(0.0);
    }

    @Test
    void withoutSocOrSetpointNothingIsRequested() {
        c.start(settings(Optional.empty(), true));
        c.useDirectPlanner();
        assertThat(DispatchComponent.measure(new PointSnapshot(Instant.now(), Map.of(), Map.of()))).isEmpty();
    }
}
