package org.thermalcommons.edge.store;

import java.util.Locale;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.point.Unit;
import org.thermalcommons.edge.api.store.SignalKind;

/**
 * A point's {@link SignalKind} from its role and unit (seed 001's signal semantics): energy in kWh is a cumulative
 * counter; alarms, faults, flags, error codes, booleans and states keep their max; roles naming a minimum keep their
 * min and roles naming a maximum or peak keep their max; everything else is analog.
 */
final class SignalKinds {
    private SignalKinds() {
    }

    static SignalKind of(Role role, Unit unit) {
        String r = role == null ? "" : "_" + role.brickClass().toLowerCase(Locale.ROOT) + "_";
        if (unit == Unit.KILOWATT_HOUR || r.contains("_energy_sensor_")) {
            return SignalKind.COUNTER;
        }
        if (unit == Unit.BOOLEAN || unit == Unit.STATE || r.contains("_alarm_") || r.contains("_fault")
                || r.contains("_flag") || r.contains("_error") || r.contains("_errcode") || r.contains("_status_")) {
            return SignalKind.ALARM;
        }
        if (r.contains("_min_") || r.contains("_minimum_")) {
            return SignalKind.MINIMUM;
        }
        if (r.contains("_max_") || r.contains("_maximum_") || r.contains("_peak_")) {
            return SignalKind.MAXIMUM;
        }
        return SignalKind.ANALOG;
    }
}
