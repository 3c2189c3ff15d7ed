package org.thermalcommons.edge.bess;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.thermalcommons.edge.api.control.CycleContext;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.point.Limits;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Quality;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.point.Unit;

/** A hand-made site for the follower: points by role, values and qualities set per cycle, and one cycle's context. */
final class TestSite {
    static final PointId SP = PointId.parse("battery/power-setpoint");
    static final PointId SOC = PointId.parse("battery/soc");
    static final PointId POWER = PointId.parse("battery/power");
    static final PointId MAX_DIS = PointId.parse("battery/max-discharge-kw");
    static final PointId MAX_CH = PointId.parse("battery/max-charge-kw");
    static final PointId ALARM = PointId.parse("battery/alarms");
    static final PointId PV = PointId.parse("pv/power");
    static final PointId LOAD = PointId.parse("site/load");

    final Map<PointId, PointDefinition> defs = new HashMap<>();
    final Map<PointId, PointValue> vals = new HashMap<>();

    TestSite() {
        defs.put(SP, PointDefinition.writable(SP, Role.BATTERY_POWER_SETPOINT, Unit.KILOWATT, Limits.of(-100, 100),
                Duration.ofSeconds(10), OptionalDouble.of(0)));
        define(SOC, Role.BATTERY_SOC, Unit.PERCENT);
        define(PV, Role.PV_POWER_SENSOR, Unit.KILOWATT);
        define(LOAD, Role.BUILDING_LOAD_POWER_SENSOR, Unit.KILOWATT);
    }

    TestSite define(PointId id, Role role, Unit unit) {
        defs.put(id, PointDefinition.readOnly(id, role, unit, Duration.ofSeconds(10)));
        return this;
    }

    TestSite set(PointId id, double v, Instant t) {
        vals.put(id, PointValue.good(id, v, defs.get(id).unit(), t));
        return this;
    }

    TestSite quality(PointId id, Quality q) {
        vals.put(id, vals.get(id).withQuality(q));
        return this;
    }

    /** One cycle at {@code t}: SOC, PV and load as given (good); returns what the follower requested. */
    Map<PointId, Double> cycle(Dispatcher d, Instant t, double soc, double pvKw, double loadKw) {
        set(SOC, soc, t).set(PV, pvKw, t).set(LOAD, loadKw, t);
        return run(d, t);
    }

    Map<PointId, Double> run(Dispatcher d, Instant t) {
        Map<PointId, Double> req = new LinkedHashMap<>();
        d.run(context(t, new PointSnapshot(t, defs, vals), req));
        return req;
    }

    static CycleContext context(Instant t, PointSnapshot snap, Map<PointId, Double> req) {
        return new CycleContext() {
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
        };
    }

    static Optional<Double> get(Map<PointId, Double> req) {
        return Optional.ofNullable(req.get(SP));
    }
}
