package org.thermalcommons.edge.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.point.Unit;

class StatusLineTest {
    @Test
    void summarisesZonesLoadPvSocAndGridStressByRole() {
        Instant t = Instant.parse("2026-03-02T14:05:00Z");
        Map<PointId, PointDefinition> defs = new HashMap<>();
        Map<PointId, PointValue> vals = new HashMap<>();
        put(defs, vals, "zone-1/temp", Role.ZONE_AIR_TEMPERATURE_SENSOR, Unit.CELSIUS, 24.14, t);
        put(defs, vals, "zone-2/temp", Role.ZONE_AIR_TEMPERATURE_SENSOR, Unit.CELSIUS, 25.0, t);
        put(defs, vals, "site/load", Role.BUILDING_LOAD_POWER_SENSOR, Unit.KILOWATT, 182.44, t);
        put(defs, vals, "pv/power", Role.PV_POWER_SENSOR, Unit.KILOWATT, 95.2, t);
        put(defs, vals, "battery/soc", Role.BATTERY_SOC, Unit.PERCENT, 63.5, t);
        put(defs, vals, "site/grid-stress", Role.GRID_STRESS_LEVEL, Unit.STATE, 2, t);

        String line = StatusLine.format(new PointSnapshot(t, defs, vals));

        assertThat(line).isEqualTo("2026-03-02 14:05Z | zones 24.1 25.0 °C | load 182.4 kW | PV 95.2 kW | SOC 63.5 % | grid stress high");
    }

    private static void put(Map<PointId, PointDefinition> defs, Map<PointId, PointValue> vals, String id, Role role,
                            Unit unit, double v, Instant t) {
        PointId p = PointId.parse(id);
        defs.put(p, PointDefinition.readOnly(p, role, unit, Duration.ofSeconds(10)));
        vals.put(p, PointValue.good(p, v, unit, t));
    }
}
