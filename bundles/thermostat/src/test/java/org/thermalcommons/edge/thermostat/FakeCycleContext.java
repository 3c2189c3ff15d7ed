package org.thermalcommons.edge.thermostat;

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
import org.thermalcommons.edge.api.point.Quality;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.point.Unit;

/** A cycle for tests: points and values set by the test, a clock it advances, and the requests a controller made. */
final class FakeCycleContext implements CycleContext {
    private static final Duration STALE = Duration.ofSeconds(10);
    private final Map<PointId, PointDefinition> definitions = new HashMap<>();
    private final Map<PointId, PointValue> values = new HashMap<>();
    final Map<PointId, Double> requests = new LinkedHashMap<>();
    private Instant now = Instant.parse("2026-03-02T06:00:00Z");
    private long cycle;

    /** Adds a zone device with a temperature sensor and a writable cooling setpoint. */
    FakeCycleContext zone(String device, double tempCelsius, Quality quality, double setpointCelsius) {
        PointId t = PointId.of(device, "temp");
        PointId sp = PointId.of(device, "cooling-setpoint");
        definitions.put(t, PointDefinition.readOnly(t, Role.ZONE_AIR_TEMPERATURE_SENSOR, Unit.CELSIUS, STALE));
        definitions.put(sp, PointDefinition.writable(sp, Role.ZONE_AIR_COOLING_TEMPERATURE_SETPOINT, Unit.CELSIUS,
                Limits.of(18, 30), STALE, OptionalDouble.of(24)));
        values.put(t, new PointValue(t, tempCelsius, Unit.CELSIUS, quality, now));
        values.put(sp, PointValue.good(sp, setpointCelsius, Unit.CELSIUS, now));
        return this;
    }

    /** Adds a temperature sensor on a device that has no cooling setpoint. */
    FakeCycleContext sensorOnly(String device, double tempCelsius) {
        PointId t = PointId.of(device, "temp");
        definitions.put(t, PointDefinition.readOnly(t, Role.ZONE_AIR_TEMPERATURE_SENSOR, Unit.CELSIUS, STALE));
        values.put(t, PointValue.good(t, tempCelsius, Unit.CELSIUS, now));
        return this;
    }

    FakeCycleContext gridStress(int level) {
        PointId id = PointId.of("site", "grid-stress");
        definitions.put(id, PointDefinition.readOnly(id, Role.GRID_STRESS_LEVEL, Unit.STATE, STALE));
        values.put(id, PointValue.good(id, level, Unit.STATE, now));
        return this;
    }

    FakeCycleContext advance(Duration d) {
        now = now.plus(d);
        return this;
    }

    /** Clears the requests, then lets the controller run one cycle; returns what it requested. */
    Map<PointId, Double> runOnce(Thermostat t) {
        requests.clear();
        cycle++;
        t.run(this);
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
