package org.thermalcommons.edge.core;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.market.GridStress;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Role;

/** Formats the one-line site status from a snapshot, by semantic role (works for the simulation and real sites). */
final class StatusLine {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private StatusLine() {
    }

    static String format(PointSnapshot s) {
        StringBuilder b = new StringBuilder(160);
        b.append(TIME.format(s.takenAt())).append("Z | zones");
        List<PointDefinition> zones = s.withRole(Role.ZONE_AIR_TEMPERATURE_SENSOR);
        if (zones.isEmpty()) {
            b.append(" -");
        }
        for (PointDefinition d : zones) {
            b.append(' ').append(value(s, d, "%.1f"));
        }
        b.append(" °C | load ").append(sum(s, Role.BUILDING_LOAD_POWER_SENSOR)).append(" kW");
        b.append(" | PV ").append(sum(s, Role.PV_POWER_SENSOR)).append(" kW");
        OptionalDouble soc = good(s, Role.BATTERY_SOC).mapToDouble(PointValue::value).average();
        b.append(" | SOC ").append(soc.isPresent() ? String.format(Locale.ROOT, "%.1f", soc.getAsDouble()) : "-").append(" %");
        String battery = sum(s, Role.BATTERY_POWER_SENSOR);
        if (!"-".equals(battery)) {
            b.append(" (").append(battery).append(" kW)");
        }
        Optional<GridStress> stress = good(s, Role.GRID_STRESS_LEVEL).map(v -> GridStress.fromLevel(v.value()))
                .flatMap(Optional::stream).max(Enum::compareTo);
        b.append(" | grid stress ").append(stress.map(GridStress::wireName).orElse("-"));
        return b.toString();
    }

    private static java.util.stream.Stream<PointValue> good(PointSnapshot s, Role role) {
        return s.withRole(role).stream().map(d -> s.goodValue(d.id())).flatMap(Optional::stream);
    }

    private static String value(PointSnapshot s, PointDefinition d, String fmt) {
        return s.value(d.id()).map(v -> v.isGood() ? String.format(Locale.ROOT, fmt, v.value())
                : v.quality().name().toLowerCase(Locale.ROOT)).orElse("?");
    }

    private static String sum(PointSnapshot s, Role role) {
        List<PointValue> vs = good(s, role).toList();
        return vs.isEmpty() ? "-" : String.format(Locale.ROOT, "%.1f", vs.stream().mapToDouble(PointValue::value).sum());
    }
}
