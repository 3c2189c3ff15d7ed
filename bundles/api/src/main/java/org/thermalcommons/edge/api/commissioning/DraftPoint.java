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
 * @param address     BACnet {@code analog-value:3} or Modbus {@code table:address:type[:wordOrder]}, e.g.
 *                    {@code holding:40072:float32:big}; tables holding, input, coil, discrete-input; types int16,
 *                    uint16, int32, uint32, float32, int64, uint64, float64, bool; word orders big, little,
 *                    big-byte-swap, little-byte-swap or, as the register browser names them, ABCD, CDAB, BADC, DCBA
 * @param scale       Modbus: engineering value = raw × scale + offset (never 0)
 * @param offset      Modbus: added after scaling
 * @param scaleFactorRegister Modbus: a register holding a SunSpec-style power-of-ten scale factor
 */
public record DraftPoint(String name, String role, String unit, double min, double max, boolean writable,
                         OptionalDouble tolerance, OptionalDouble deadband, OptionalInt minIntervalSeconds,
                         OptionalInt writePriority, OptionalDouble safeValue, String address, OptionalDouble scale,
                         OptionalDouble offset, OptionalInt scaleFactorRegister) {
    /** A point without Modbus scaling (BACnet points, raw Modbus values). */
    public DraftPoint(String name, String role, String unit, double min, double max, boolean writable,
                      OptionalDouble tolerance, OptionalDouble deadband, OptionalInt minIntervalSeconds,
                      OptionalInt writePriority, OptionalDouble safeValue, String address) {
        this(name, role, unit, min, max, writable, tolerance, deadband, minIntervalSeconds, writePriority, safeValue, address,
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalInt.empty());
    }

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
        scale = scale == null ? OptionalDouble.empty() : scale;
        offset = offset == null ? OptionalDouble.empty() : offset;
        scaleFactorRegister = scaleFactorRegister == null ? OptionalInt.empty() : scaleFactorRegister;
    }
}
