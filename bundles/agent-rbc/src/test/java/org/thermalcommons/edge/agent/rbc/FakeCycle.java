package org.thermalcommons.edge.agent.rbc;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
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

/** A cycle for unit tests: zones and values set by the test, a clock it advances, the requests the agent made. */
final class FakeCycle implements CycleContext {
    private static final Duration STALE = Duration.ofMinutes(10);
    private final Map<PointId, PointDefinition> definitions = new HashMap<>();
    private final Map<PointId, PointValue> values = new HashMap<>();
    final Map<PointId, Double> requests = new LinkedHashMap<>();
    private Instant now = Instant.parse("2026-03-02T03:00:00Z"); // Monday 11:00 local, occupied
    private long cycle;

    FakeCycle zone(String device, double tempCelsius, double coolingKw) {
        PointId t = PointId.of(device, "temp");
        PointId sp = PointId.of(device, "cooling-setpoint");
        PointId p = PointId.of(device, "cooling-power");
        definitions.put(t, PointDefinition.readOnly(t, Role.ZONE_AIR_TEMPERATURE_SENSOR, Unit.CELSIUS, STALE));
        definitions.put(sp, PointDefinition.writable(sp, Role.ZONE_AIR_COOLING_TEMPERATURE_SETPOINT, Unit.CELSIUS,
                Limits.of(18, 30), STALE, OptionalDouble.of(24)));
        definitions.put(p, PointDefinition.readOnly(p, Role.COOLING_POWER_SENSOR, Unit.KILOWATT, STALE));
        values.put(t, PointValue.good(t, tempCelsius, Unit.CELSIUS, now));
        values.put(sp, PointValue.good(sp, 24, Unit.CELSIUS, now));
        values.put(p, PointValue.good(p, coolingKw, Unit.KILOWATT, now));
        return this;
    }

    FakeCycle temp(String device, double celsius) {
        PointId t = PointId.of(device, "temp");
        values.put(t, PointValue.good(t, celsius, Unit.CELSIUS, now));
        return this;
    }

    FakeCycle gridStress(int level) {
        PointId id = PointId.of("site", "grid-stress");
        definitions.put(id, PointDefinition.readOnly(id, Role.GRID_STRESS_LEVEL, Unit.STATE, STALE));
        values.put(id, PointValue.good(id, level, Unit.STATE, now));
        return this;
    }

    FakeCycle advance(Duration d) {
        now = now.plus(d);
        return this;
    }

    /** Clears the requests and runs one cycle; returns what the agent requested. */
    Map<PointId, Double> runOnce(ComfortAgent a) {
        requests.clear();
        cycle++;
        a.run(this);
        return Map.copyOf(requests);
    }

    @Override
    public long cycle() {
        return cycle;
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
        return new PointSnapshot(now, definitions, values);
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
