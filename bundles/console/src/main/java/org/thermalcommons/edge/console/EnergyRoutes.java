package org.thermalcommons.edge.console;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.store.Bucket;
import org.thermalcommons.edge.api.store.Resolution;
import org.thermalcommons.edge.api.store.Series;
import org.thermalcommons.edge.console.auth.ConsoleRole;
import org.thermalcommons.edge.console.http.ApiException;
import org.thermalcommons.edge.console.http.Route;

/**
 * {@code GET /api/energy?days=N}: daily import and export energy of every meter counter (roles
 * {@code Import_Energy_Sensor}, {@code Export_Energy_Sensor}), from the store's daily rollups of the cumulative counter
 * by difference ({@link Bucket#intervalEnergy()}: counter resets counted from zero, implausible jumps left empty and
 * counted). Days are UTC days on the gateway clock, oldest first; a day without a reading is null.
 */
final class EnergyRoutes {
    static final int MAX_DAYS = 366;

    private final Gateway gateway;
    private final Supplier<PointSnapshot> snapshot;

    EnergyRoutes(Gateway gateway, Supplier<PointSnapshot> snapshot) {
        this.gateway = gateway;
        this.snapshot = snapshot;
    }

    List<Route> routes() {
        return List.of(Route.get("/energy", ConsoleRole.VIEWER, c -> energy(DataRoutes.intParam(c, "days", 1, MAX_DAYS).orElse(14))));
    }

    private Map<String, Object> energy(int days) {
        PointSnapshot snap = snapshot.get();
        var store = gateway.store().orElseThrow(() -> new ApiException(503, "no store is installed: no energy history"));
        Instant end = snap.takenAt().atZone(ZoneOffset.UTC).toLocalDate().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant from = end.minus(Duration.ofDays(days));
        List<Long> dayStarts = new ArrayList<>();
        for (int i = 0; i < days; i++) {
            dayStarts.add(from.plus(Duration.ofDays(i)).toEpochMilli());
        }
        List<Map<String, Object>> meters = new ArrayList<>();
        for (Role role : List.of(Role.ENERGY_IMPORT_SENSOR, Role.ENERGY_EXPORT_SENSOR)) {
            for (PointDefinition d : snap.withRole(role)) {
                Series s = store.buckets(d.id(), from, end, Resolution.DAY);
                Double[] kwh = new Double[days];
                for (Bucket b : s.buckets()) {
                    int i = (int) Duration.between(from, b.start()).toDays();
                    if (i >= 0 && i < days && b.intervalEnergy().isPresent()) {
                        kwh[i] = b.intervalEnergy().getAsDouble();
                    }
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("point", d.id().toString());
                m.put("device", d.id().device());
                m.put("direction", role.equals(Role.ENERGY_IMPORT_SENSOR) ? "import" : "export");
                m.put("unit", s.unit().symbol());
                m.put("kind", s.kind().name());
                m.put("kwh", kwh);
                m.put("rejectedJumps", s.rejectedJumps());
                meters.add(m);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("days", dayStarts);
        out.put("meters", meters);
        return out;
    }
}
