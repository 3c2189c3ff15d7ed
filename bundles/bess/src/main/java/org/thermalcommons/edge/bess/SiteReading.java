package org.thermalcommons.edge.bess;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Role;

/**
 * What the follower measured in one cycle, found by role. A measurement that is not {@code GOOD} is unknown (empty),
 * never zero. The battery's own points are taken from the setpoint's device.
 *
 * @param setpoint        the inverter's power setpoint
 * @param socPercent      battery SOC
 * @param pvKw            PV output (sum of every PV point; unknown if any is)
 * @param loadKw          site load (sum; unknown if any is)
 * @param batteryKw       measured battery power (+ discharge), when the inverter publishes it
 * @param maxChargeKw     the inverter's published charge limit, when it publishes one (0 while it is unknown)
 * @param maxDischargeKw  the inverter's published discharge limit (0 while it is unknown)
 * @param unsafe          why the battery must go to its safe value now, one reason per problem; empty when all is well
 */
public record SiteReading(PointId setpoint, OptionalDouble socPercent, OptionalDouble pvKw, OptionalDouble loadKw,
                          OptionalDouble batteryKw, OptionalDouble maxChargeKw, OptionalDouble maxDischargeKw,
                          List<String> unsafe) {
    public SiteReading {
        unsafe = List.copyOf(unsafe);
    }

    /** Empty when the site has no writable battery setpoint (nothing to dispatch). */
    public static Optional<SiteReading> read(PointSnapshot snap) {
        Optional<PointDefinition> sp = snap.withRole(Role.BATTERY_POWER_SETPOINT).stream().filter(PointDefinition::writable).findFirst();
        if (sp.isEmpty()) {
            return Optional.empty();
        }
        String device = sp.get().id().device();
        List<String> unsafe = new ArrayList<>();
        OptionalDouble soc = battery(snap, device, Role.BATTERY_SOC, true, unsafe);
        OptionalDouble pv = sum(snap, Role.PV_POWER_SENSOR, unsafe);
        OptionalDouble load = sum(snap, Role.BUILDING_LOAD_POWER_SENSOR, unsafe);
        OptionalDouble power = battery(snap, device, Role.BATTERY_POWER_SENSOR, false, unsafe);
        OptionalDouble maxCh = limit(snap, device, Role.BATTERY_MAX_CHARGE_POWER);
        OptionalDouble maxDis = limit(snap, device, Role.BATTERY_MAX_DISCHARGE_POWER);
        for (PointDefinition d : snap.definitions().values()) {
            if (d.id().device().equals(device) && d.role().equals(Role.ALARM)) {
                Optional<PointValue> v = snap.goodValue(d.id());
                if (v.isEmpty()) {
                    unsafe.add("inverter alarm " + d.id() + " is unknown");
                } else if (v.get().value() != 0) {
                    unsafe.add("inverter alarm " + d.id() + " = " + (long) v.get().value());
                }
            }
        }
        return Optional.of(new SiteReading(sp.get().id(), soc, pv, load, power, maxCh, maxDis, unsafe));
    }

    public boolean safe() {
        return unsafe.isEmpty();
    }

    /** The battery's point with this role: on the setpoint's device if it has one, else the first by id. */
    private static OptionalDouble battery(PointSnapshot snap, String device, Role role, boolean required, List<String> unsafe) {
        List<PointDefinition> all = snap.withRole(role);
        Optional<PointDefinition> d = all.stream().filter(x -> x.id().device().equals(device)).findFirst()
                .or(() -> all.stream().findFirst());
        if (d.isEmpty()) {
            if (required) {
                unsafe.add("no " + role.brickClass() + " point");
            }
            return OptionalDouble.empty();
        }
        Optional<PointValue> v = snap.goodValue(d.get().id());
        if (v.isEmpty() || !Double.isFinite(v.get().value())) {
            if (required) {
                unsafe.add(d.get().id() + " is not good");
            }
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(v.get().value());
    }

    private static OptionalDouble sum(PointSnapshot snap, Role role, List<String> unsafe) {
        List<PointDefinition> all = snap.withRole(role);
        if (all.isEmpty()) {
            unsafe.add("no " + role.brickClass() + " point");
            return OptionalDouble.empty();
        }
        double s = 0;
        for (PointDefinition d : all) {
            Optional<PointValue> v = snap.goodValue(d.id());
            if (v.isEmpty() || !Double.isFinite(v.get().value())) {
                unsafe.add(d.id() + " is not good");
                return OptionalDouble.empty();
            }
            s += v.get().value();
        }
        return OptionalDouble.of(s);
    }

    /** A published limit: its value when good, 0 while it is defined but unknown, empty when the inverter has none. */
    private static OptionalDouble limit(PointSnapshot snap, String device, Role role) {
        Optional<PointDefinition> d = snap.onDevice(device, role);
        if (d.isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(snap.goodValue(d.get().id()).map(PointValue::value).filter(Double::isFinite)
                .map(v -> Math.max(0, v)).orElse(0.0));
    }
}
