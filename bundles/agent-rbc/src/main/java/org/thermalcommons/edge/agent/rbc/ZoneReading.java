package org.thermalcommons.edge.agent.rbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.market.GridStress;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Role;

/**
 * One zone as the snapshot shows it, found by role only: a Zone_Air_Temperature_Sensor with a writable
 * Zone_Air_Cooling_Temperature_Setpoint on the same device, and, when that device has them, its Occupancy_Sensor and
 * Cooling_Electric_Power_Sensor. Only good values are used.
 *
 * @param device       the zone's device (the key of per-zone settings)
 * @param setpoint     the writable cooling setpoint
 * @param tempCelsius  the zone temperature, when good
 * @param setpointRead the setpoint the device reports, when good
 * @param occupied     the occupancy reading, when good
 * @param coolingKw    the zone's cooling electric power, when good
 */
record ZoneReading(String device, PointId setpoint, OptionalDouble tempCelsius, OptionalDouble setpointRead,
                   Optional<Boolean> occupied, OptionalDouble coolingKw) {

    static List<ZoneReading> read(PointSnapshot snap) {
        List<ZoneReading> out = new ArrayList<>();
        for (PointDefinition sensor : snap.withRole(Role.ZONE_AIR_TEMPERATURE_SENSOR)) {
            String device = sensor.id().device();
            Optional<PointDefinition> sp = snap.onDevice(device, Role.ZONE_AIR_COOLING_TEMPERATURE_SETPOINT);
            if (sp.isEmpty() || !sp.get().writable()) {
                continue;
            }
            Optional<Boolean> occ = snap.onDevice(device, Role.OCCUPANCY_SENSOR).flatMap(d -> snap.goodValue(d.id()))
                    .map(v -> v.value() >= 0.5);
            out.add(new ZoneReading(device, sp.get().id(), good(snap, sensor.id()), good(snap, sp.get().id()), occ,
                    snap.onDevice(device, Role.COOLING_POWER_SENSOR).map(d -> good(snap, d.id())).orElse(OptionalDouble.empty())));
        }
        return out;
    }

    private static OptionalDouble good(PointSnapshot snap, PointId id) {
        Optional<PointValue> v = snap.goodValue(id);
        return v.isPresent() ? OptionalDouble.of(v.get().value()) : OptionalDouble.empty();
    }

    /** The highest grid stress any good Grid_Stress_Level point reports (the sim's and the market's end up here). */
    static GridStress stress(PointSnapshot snap) {
        GridStress max = GridStress.NORMAL;
        for (PointDefinition d : snap.withRole(Role.GRID_STRESS_LEVEL)) {
            Optional<GridStress> g = snap.goodValue(d.id()).flatMap(v -> GridStress.fromLevel(v.value()));
            if (g.isPresent() && g.get().compareTo(max) > 0) {
                max = g.get();
            }
        }
        return max;
    }

    /** The building's electric load, when a good Building_Electric_Power_Sensor reports it. */
    static OptionalDouble buildingLoadKw(PointSnapshot snap) {
        double sum = 0;
        boolean any = false;
        for (PointDefinition d : snap.withRole(Role.BUILDING_LOAD_POWER_SENSOR)) {
            Optional<PointValue> v = snap.goodValue(d.id());
            if (v.isPresent()) {
                sum += v.get().value();
                any = true;
            }
        }
        return any ? OptionalDouble.of(sum) : OptionalDouble.empty();
    }
}
