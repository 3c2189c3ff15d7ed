package org.thermalcommons.edge.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointSink;
import org.thermalcommons.edge.api.point.PointSource;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.WriteOutcome;
import org.thermalcommons.edge.api.point.WritePolicy;
import org.thermalcommons.edge.api.profile.DeviceProfile;
import org.thermalcommons.edge.api.profile.ProfilePoint;
import org.thermalcommons.edge.api.profile.ProfileRegistry;

/**
 * The demo's simulated building (4 zones, 250 kWp PV, 200 kWh / 100 kW battery, 8 kW SG-Ready heat pump, seed 42) as
 * one point source and sink stepped by the caller, each writable point carrying the write policy of the shipped
 * profile point with its role, as the drivers publish it (benchmarks; same package to reach the model). Counts the
 * writes that reach it per point.
 */
public final class DemoBuilding implements PointSource, PointSink {
    private final Building building;
    private final List<PointDefinition> definitions = new ArrayList<>();
    private final Map<PointId, AtomicLong> writes = new ConcurrentHashMap<>();

    /** @param profiles the shipped profiles, or null for the default policy everywhere (the baseline) */
    public DemoBuilding(Instant start, ProfileRegistry profiles) {
        building = new Building(new Building.Parameters(42, 4, 250, 200, 100, 50, 24, 8), start);
        for (PointDefinition d : building.definitions()) {
            definitions.add(d.writable() && profiles != null ? d.withWritePolicy(policy(profiles, d)) : d);
        }
    }

    private static WritePolicy policy(ProfileRegistry profiles, PointDefinition d) {
        for (DeviceProfile p : profiles.all()) {
            for (ProfilePoint pp : p.points()) {
                if (pp.writable() && pp.role().equals(d.role())) {
                    return pp.writePolicy();
                }
            }
        }
        return WritePolicy.DEFAULT;
    }

    public void step(Duration dt) {
        building.step(dt);
    }

    /** Writes that reached the building, per point. */
    public Map<PointId, Long> writes() {
        Map<PointId, Long> m = new java.util.TreeMap<>();
        writes.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    /** The building's writable points. */
    public List<PointId> writablePointIds() {
        return definitions.stream().filter(PointDefinition::writable).map(PointDefinition::id).toList();
    }

    public long writablePoints() {
        return definitions.stream().filter(PointDefinition::writable).count();
    }

    @Override
    public String sourceId() {
        return "demo-building";
    }

    @Override
    public List<PointDefinition> points() {
        return definitions;
    }

    @Override
    public Map<PointId, PointValue> latestValues() {
        return building.values();
    }

    @Override
    public String sinkId() {
        return "demo-building";
    }

    @Override
    public boolean canWrite(PointId point) {
        return definitions.stream().anyMatch(d -> d.id().equals(point) && d.writable());
    }

    @Override
    public void write(PointId point, double value, Consumer<WriteOutcome> done) {
        writes.computeIfAbsent(point, p -> new AtomicLong()).incrementAndGet();
        done.accept(building.write(point, value) ? WriteOutcome.accepted() : WriteOutcome.refused("outside the model's range"));
    }

    @Override
    public void relinquish(PointId point, Consumer<WriteOutcome> done) {
        done.accept(WriteOutcome.accepted());
    }
}
