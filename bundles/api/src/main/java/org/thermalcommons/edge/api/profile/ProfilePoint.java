package org.thermalcommons.edge.api.profile;

import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.thermalcommons.edge.api.point.Limits;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.point.Unit;

/**
 * One point of a device profile.
 *
 * @param name          point name on the device (becomes {@code PointId.name})
 * @param role          semantic role
 * @param unit          engineering unit after decoding
 * @param limits        write limits / plausible range
 * @param writable      whether the gateway may write it
 * @param pollGroup     how often it is polled
 * @param writePriority BACnet priority-array slot for writes (1..16), if the profile fixes one
 * @param safeValue     value written on shutdown or safe state, if any
 * @param address       where it lives on the device
 */
public record ProfilePoint(String name, Role role, Unit unit, Limits limits, boolean writable, PollGroup pollGroup,
                           OptionalInt writePriority, OptionalDouble safeValue, PointAddress address) {
    public ProfilePoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(pollGroup, "pollGroup");
        Objects.requireNonNull(address, "address");
        if (writePriority == null) {
            writePriority = OptionalInt.empty();
        }
        if (safeValue == null) {
            safeValue = OptionalDouble.empty();
        }
        if (writePriority.isPresent() && (writePriority.getAsInt() < 1 || writePriority.getAsInt() > 16)) {
            throw new IllegalArgumentException("point " + name + ": writePriority must be 1..16");
        }
    }
}
