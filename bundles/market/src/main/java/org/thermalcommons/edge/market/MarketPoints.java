package org.thermalcommons.edge.market;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointSource;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.point.Unit;

/**
 * The market's points: the grid stress level from the market's signal (the value controllers and the status line
 * read), the link mode, and the carbon avoided and energy delivered by trades (cumulative).
 */
final class MarketPoints implements PointSource {
    static final String DEVICE = "market";
    static final PointId GRID_STRESS = PointId.of(DEVICE, "grid-stress");
    static final PointId AUTONOMOUS = PointId.of(DEVICE, "autonomous");
    static final PointId CARBON_AVOIDED = PointId.of(DEVICE, "carbon-avoided-kg");
    static final PointId ENERGY_DELIVERED = PointId.of(DEVICE, "energy-delivered");
    static final Role CARBON_AVOIDED_ROLE = new Role("Carbon_Avoided_Mass_kg");

    private static final Duration STALE = Duration.ofMinutes(10);
    private final Map<PointId, PointValue> values = new ConcurrentHashMap<>();

    @Override
    public String sourceId() {
        return DEVICE;
    }

    @Override
    public List<PointDefinition> points() {
        return List.of(PointDefinition.readOnly(GRID_STRESS, Role.GRID_STRESS_LEVEL, Unit.STATE, STALE),
                PointDefinition.readOnly(AUTONOMOUS, new Role("Market_Autonomous_Mode"), Unit.BOOLEAN, STALE),
                PointDefinition.readOnly(CARBON_AVOIDED, CARBON_AVOIDED_ROLE, Unit.KILOGRAM_CO2, STALE),
                PointDefinition.readOnly(ENERGY_DELIVERED, new Role("Market_Energy_Delivered"), Unit.KILOWATT_HOUR,
                        STALE));
    }

    void set(PointId id, double value, Unit unit, Instant t) {
        values.put(id, PointValue.good(id, value, unit, t));
    }

    @Override
    public Map<PointId, PointValue> latestValues() {
        return Map.copyOf(values);
    }
}
