package org.thermalcommons.edge.agent.rbc;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.thermalcommons.edge.api.control.CycleContext;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.market.GridStress;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.point.Unit;
import org.thermalcommons.edge.sim.SteppedBuilding;

/**
 * The agent against the simulated building (in-process, stepped by the test): one cycle per step, the agent's requests
 * written to the building as the command layer would (the latest request per point), optionally with the grid stress
 * the test dictates instead of the building's schedule.
 */
final class Site {
    static final Duration STEP = Duration.ofMinutes(1);
    final SteppedBuilding building;
    final Map<PointId, PointDefinition> defs = new HashMap<>();
    final Map<PointId, Double> latched = new LinkedHashMap<>();
    private long cycle;
    GridStress forcedStress;

    Site(Map<String, Object> config) {
        building = new SteppedBuilding(config);
        building.source().points().forEach(p -> defs.put(p.id(), p));
    }

    Map<PointId, PointValue> values() {
        Map<PointId, PointValue> v = new HashMap<>(building.source().latestValues());
        if (forcedStress != null) {
            PointId id = PointId.of("site", "grid-stress");
            v.put(id, PointValue.good(id, forcedStress.ordinal(), Unit.STATE, building.now()));
        }
        return v;
    }

    PointSnapshot snapshot() {
        return new PointSnapshot(building.now(), defs, values());
    }

    /** One cycle of the agent, its requests written, then one step of the building. */
    void step(Agent agent) {
        Instant now = building.now();
        PointSnapshot snap = snapshot();
        cycle++;
        long c = cycle;
        agent.run(new CycleContext() {
            @Override
            public long cycle() {
                return c;
            }

            @Override
            public Instant now() {
                return now;
            }

            @Override
            public Duration period() {
                return STEP;
            }

            @Override
            public PointSnapshot snapshot() {
                return snap;
            }

            @Override
            public void request(PointId point, double value) {
                latched.put(point, value);
            }

            @Override
            public void release(PointId point) {
                latched.remove(point);
            }
        });
        latched.forEach((p, v) -> building.sink().write(p, v, o -> { }));
        building.advance(STEP);
    }

    double temp(String zone) {
        return building.source().latestValues().get(PointId.of(zone, "temp")).value();
    }

    double coolingKw() {
        double sum = 0;
        for (PointValue v : building.source().latestValues().values()) {
            if (defs.get(v.id()).role().equals(Role.COOLING_POWER_SENSOR)) {
                sum += v.value();
            }
        }
        return sum;
    }

    Instant now() {
        return building.now();
    }
}
