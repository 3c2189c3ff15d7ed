package org.thermalcommons.edge.api.commissioning;

import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One point of a draft profile, as the installer mapped it.
 *
 * @param name        point name (profile-unique)
 * @param role        Brick-style role, e.g. {@code Zone_Air_Temperature_Sensor}
 * @param unit        unit id as in profiles, e.g. {@code celsius}
 * @param min         lower limit
 * @param max         upper limit
 * @param writable    whether the gateway may write it
 * @param tolerance   verification tolerance (writable points)
 * @param deadband    write deadband (writable points)
 * @param minIntervalSeconds least time between writes (writable points)
 * @param writePriority BACnet priority (9-16 without life-safety)
 * @param safeValue   value to fall back to (writable points)
 * @param address     BACnet {@code analog-value:3} or Modbus {@code holding:40072:float32:big}
 */
public record DraftPoint(String name, String role, String unit, double min, double max, boolean writable,
                         OptionalDouble tolerance, OptionalDouble deadband, OptionalInt minIntervalSeconds,
                         OptionalInt writePriority, OptionalDouble safeValue, String address) {
    public DraftPoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(address, "address");
        tolerance = tolerance == null ? OptionalDouble.empty() : tolerance;
        deadband = deadband == null ? OptionalDouble.empty() : deadband;
        minIntervalSeconds = minIntervalSeconds == null ? OptionalInt.empty() : minIntervalSeconds;
        writePriority = writePriority == null ? OptionalInt.empty() : writePriority;
        safeValue = safeValue == null ? OptionalDouble.empty() : safeValue;
    }
}
