package org.thermalcommons.edge.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.point.Unit;

/**
 * The demo's points as the gateway's cycle sees them, on simulated time (benchmarks; same package to reach the
 * model): the simulated building of the demo (4 zones, battery, heat pump, meter), each point refreshed at the poll
 * period of its group in the shipped profiles (fast 1 s, normal 5 s, slow 30 s: the drivers' defaults), values
 * through float32 as on the wire, the meter's import/export counters (0.1 kWh steps) integrated from grid power.
 * Real time (a site, not the demo's accelerated clock). One call of {@link #step} is one control cycle (1 s, the shipped cycle period): the snapshot holds every point's
 * latest reading with the timestamp of the poll that read it.
 */
public final class DemoFeed {
    private static final PointId IMPORT = PointId.of("site", "import-energy");
    private static final PointId EXPORT = PointId.of("site", "export-energy");
    private static final PointId BATTERY_SETPOINT = PointId.of("battery", "power-setpoint");
    /** Poll period (s) of each point in the demo's profiles; points not listed are in the fast group. */
    private static final Map<String, Integer> PERIOD = Map.ofEntries(
            Map.entry("humidity", 5), Map.entry("occupancy", 30), Map.entry("cooling-power", 5),
            Map.entry("outdoor-temp", 30), Map.entry("grid-stress", 5), Map.entry("max-charge-kw", 30),
            Map.entry("max-discharge-kw", 30), Map.entry("alarms", 5), Map.entry("flow-temp", 5),
            Map.entry("return-temp", 5), Map.entry("import-energy", 30), Map.entry("export-energy", 30));

    private final Building building;
    private final Map<PointId, PointDefinition> definitions = new HashMap<>();
    private final Map<PointId, PointValue> latest = new HashMap<>();
    private double importKwh = 182_340.0;
    private double exportKwh = 20_515.0;
    private long second;

    public DemoFeed(long seed, Instant start) {
        building = new Building(new Building.Parameters(seed, 4, 250, 200, 100, 50, 24, 8), start);
        for (PointDefinition d : building.definitions()) {
            definitions.put(d.id(), d);
        }
        definitions.put(IMPORT, PointDefinition.readOnly(IMPORT, Role.ENERGY_IMPORT_SENSOR, Unit.KILOWATT_HOUR, Duration.ofMinutes(2)));
        definitions.put(EXPORT, PointDefinition.readOnly(EXPORT, Role.ENERGY_EXPORT_SENSOR, Unit.KILOWATT_HOUR, Duration.ofMinutes(2)));
    }

    public int points() {
        return definitions.size();
    }

    public Map<PointId, PointDefinition> definitions() {
        return Map.copyOf(definitions);
    }

    public Instant now() {
        return building.now();
    }

    /** Advances one second and returns the cycle's snapshot values. */
    public Map<PointId, PointValue> step() {
        if (second % 900 == 0) {
            // A stand-in for the dispatch controller: charge from the PV surplus, discharge against the load.
            double surplus = building.pvKw() - building.loadKw();
            building.write(BATTERY_SETPOINT, Math.max(-100, Math.min(100, -surplus)));
        }
        building.step(Duration.ofSeconds(1));
        double grid = building.gridKw();
        importKwh += Math.max(0, grid) / 3600;
        exportKwh += Math.max(0, -grid) / 3600;
        Instant t = building.now();
        Map<PointId, PointValue> v = new HashMap<>(building.values());
        v.put(IMPORT, PointValue.good(IMPORT, Math.floor(importKwh * 10) / 10, Unit.KILOWATT_HOUR, t));
        v.put(EXPORT, PointValue.good(EXPORT, Math.floor(exportKwh * 10) / 10, Unit.KILOWATT_HOUR, t));
        for (PointValue p : v.values()) {
            int period = PERIOD.getOrDefault(p.id().name(), 1);
            if (second % period == 0 || !latest.containsKey(p.id())) {
                latest.put(p.id(), new PointValue(p.id(), (float) p.value(), p.unit(), p.quality(), t));
            }
        }
        second++;
        return Map.copyOf(latest);
    }

    /** The ids, for queries. */
    public List<PointId> ids() {
        return List.copyOf(definitions.keySet());
    }
}
