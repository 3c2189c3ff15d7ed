package org.thermalcommons.edge.api.profile;

import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.thermalcommons.edge.api.point.Limits;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.point.Unit;
import org.thermalcommons.edge.api.point.WritePolicy;

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
 * @param writePolicy   how the core commands it (the profile's {@code write} block; {@link WritePolicy#DEFAULT})
 */
public record ProfilePoint(String name, Role role, Unit unit, Limits limits, boolean writable, PollGroup pollGroup,
                           OptionalInt writePriority, OptionalDouble safeValue, PointAddress address,
                           WritePolicy writePolicy) {
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
        if (writePolicy == null) {
            writePolicy = WritePolicy.DEFAULT;
        }
        if (writePriority.isPresent() && (writePriority.getAsInt() < 1 || writePriority.getAsInt() > 16)) {
            throw new IllegalArgumentException("point " + name + ": writePriority must be 1..16");
        }
    }

    /** A point with the {@link WritePolicy#DEFAULT default write policy}. */
    public ProfilePoint(String name, Role role, Unit unit, Limits limits, boolean writable, PollGroup pollGroup,
                        OptionalInt writePriority, OptionalDouble safeValue, PointAddress address) {
        this(name, role, unit, limits, writable, pollGroup, writePriority, safeValue, address, WritePolicy.DEFAULT);
    }

    /** A copy with another write policy. */
    public ProfilePoint withWritePolicy(WritePolicy policy) {
        return new ProfilePoint(name, role, unit, limits, writable, pollGroup, writePriority, safeValue, address, policy);
    }
}
