package org.thermalcommons.edge.market;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import org.thermalcommons.edge.api.control.CycleContext;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.point.Limits;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.point.Unit;

/** A cycle context with a battery (setpoint, power sensor, plan) for the delivery controller. */
final class FakeContext implements CycleContext {
    static final PointId SETPOINT = PointId.of("battery", "power-setpoint");
    static final PointId POWER = PointId.of("battery", "power");
    static final PointId PLAN = PointId.of("bess", "plan-kw");
    final Map<PointId, Double> requests = new HashMap<>();
    private final Instant now;
    private final PointSnapshot snapshot;

    FakeContext(Instant now, double planKw, double powerKw) {
        this.now = now;
        Duration stale = Duration.ofMinutes(5);
        Map<PointId, PointDefinition> defs = Map.of(
                SETPOINT, PointDefinition.writable(SETPOINT, Role.BATTERY_POWER_SETPOINT, Unit.KILOWATT,
                        Limits.of(-100, 100), stale, OptionalDouble.of(0)),
                POWER, PointDefinition.readOnly(POWER, Role.BATTERY_POWER_SENSOR, Unit.KILOWATT, stale),
                PLAN, PointDefinition.readOnly(PLAN, DeliveryController.PLAN, Unit.KILOWATT, stale));
        snapshot = new PointSnapshot(now, defs, Map.of(POWER, PointValue.good(POWER, powerKw, Unit.KILOWATT, now),
                PLAN, PointValue.good(PLAN, planKw, Unit.KILOWATT, now)));
    }

    @Override
    public long cycle() {
        return 1;
    }

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public Duration period() {
        return Duration.ofSeconds(1);
    }

    @Override
    public PointSnapshot snapshot() {
        return snapshot;
    }

    @Override
    public void request(PointId point, double value) {
        requests.put(point, value);
    }

    @Override
    public void release(PointId point) {
        requests.remove(point);
    }
}
