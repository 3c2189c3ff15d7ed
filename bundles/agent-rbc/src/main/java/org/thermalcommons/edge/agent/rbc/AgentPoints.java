package org.thermalcommons.edge.agent.rbc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.point.Unit;

/**
 * The agent's own points (device {@code agent-rbc}), read by the cycle like any source's, so the store keeps them:
 * zones shedding and kW it could shed (every cycle), and per report interval the comfort (degree-minutes outside the
 * bands, and outside the bands in force) and the zones' average cooling power.
 */
final class AgentPoints {
    static final PointId SHEDDING = PointId.of(Agent.ID, "zones-shedding");
    static final PointId SHEDDABLE_KW = PointId.of(Agent.ID, "sheddable-kw");
    static final PointId DEGREE_MINUTES = PointId.of(Agent.ID, "comfort-degree-minutes");
    static final PointId DEGREE_MINUTES_RELAXED = PointId.of(Agent.ID, "comfort-degree-minutes-relaxed");
    static final PointId COOLING_KW = PointId.of(Agent.ID, "cooling-kw");

    private final Map<PointId, PointValue> values = new ConcurrentHashMap<>();

    /** Per-interval points are stale after two of the longest report intervals (60 min). */
    static List<PointDefinition> definitions() {
        Duration stale = Duration.ofMinutes(121);
        Duration live = Duration.ofMinutes(5);
        return List.of(
                PointDefinition.readOnly(SHEDDING, new Role("Comfort_Agent_Zones_Shedding"), Unit.NONE, live),
                PointDefinition.readOnly(SHEDDABLE_KW, new Role("Comfort_Agent_Sheddable_Power"), Unit.KILOWATT, live),
                PointDefinition.readOnly(DEGREE_MINUTES, new Role("Comfort_Degree_Minutes_Outside_Band"), Unit.NONE, stale),
                PointDefinition.readOnly(DEGREE_MINUTES_RELAXED, new Role("Comfort_Degree_Minutes_Outside_Band_In_Force"),
                        Unit.NONE, stale),
                PointDefinition.readOnly(COOLING_KW, new Role("Comfort_Agent_Cooling_Power_Average"), Unit.KILOWATT, stale));
    }

    void update(Instant now, int shedding, double sheddableKw, Optional<ComfortLedger.Report> closed) {
        values.put(SHEDDING, PointValue.good(SHEDDING, shedding, Unit.NONE, now));
        values.put(SHEDDABLE_KW, PointValue.good(SHEDDABLE_KW, sheddableKw, Unit.KILOWATT, now));
        closed.ifPresent(r -> {
            values.put(DEGREE_MINUTES, PointValue.good(DEGREE_MINUTES, r.degreeMinutesOutsideBand(), Unit.NONE, now));
            values.put(DEGREE_MINUTES_RELAXED, PointValue.good(DEGREE_MINUTES_RELAXED, r.degreeMinutesOutsideRelaxed(),
                    Unit.NONE, now));
            values.put(COOLING_KW, PointValue.good(COOLING_KW, r.coolingKw(), Unit.KILOWATT, now));
        });
    }

    Map<PointId, PointValue> values() {
        return Map.copyOf(values);
    }
}
